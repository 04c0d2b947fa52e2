"""Demo agency systems on the far side of the portal's exchange (they never import `panjara`).

Eight invented agencies answer the exchange protocol from one shared, seeded population.
See docs/demo-agencies.md and docs/personas.md.
"""

from demo_agencies.behaviour import Behaviour
from demo_agencies.config import Config, Processing, clones
from demo_agencies.personas import persona_list
from demo_agencies.server import create_app
from demo_agencies.world import DEFAULT_SEED, build_population

__all__ = [
    "DEFAULT_SEED",
    "Behaviour",
    "Config",
    "Processing",
    "build_population",
    "clones",
    "create_app",
    "persona_list",
]
