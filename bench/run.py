"""Every benchmark, one after another: `make bench` (or `.venv/bin/python bench/run.py`).

Each runs as its own process from bench/, as `python <name>.py`, so that its sibling import of
`common` works and one benchmark's event loop or server cannot affect the next. Exits non-zero as
soon as one fails. Results land in bench/results/*.json (git-ignored); docs/performance.md
records them."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
BENCHMARKS = (
    "http_clients.py",
    "fanout.py",
    "identity.py",
    "personal_page.py",
    "submission.py",
    "vault_upload.py",
)


def main() -> int:
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        started = time.monotonic()
        done = subprocess.run([sys.executable, name], cwd=BENCH, check=False)
        if done.returncode != 0:
            print(f"{name} failed (exit {done.returncode})", file=sys.stderr)
            return done.returncode or 1
        print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
    results = sorted((BENCH / "results").glob("*.json"))
    print("results:", *(f"  {path.relative_to(BENCH.parent)}" for path in results), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
