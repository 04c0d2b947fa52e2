"""What a demo-agency server is told at creation: seed, portal keys, agencies, keys, behaviours,
and whether (and how fast) cases walk on their own to a decision."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from demo_agencies.agencies import AGENCIES
from demo_agencies.behaviour import Behaviour
from demo_agencies.world import DEFAULT_SEED
from panjara_protocol import KeyPair

PARTY_CODE = re.compile(r"^[a-z][a-z0-9-]{1,31}$")  # protocol §1


@dataclass(frozen=True, kw_only=True)
class Processing:
    """How a case walks (docs/demo-agencies.md, "How cases are processed").

    `pace` is the pause before each report, so that a person watching the demo sees the statuses
    change one by one (and the portal has recorded our `ack` before the first report arrives).
    A report the portal did not acknowledge is sent again after `retry_first` seconds, doubling
    up to `retry_max`: the portal may be restarting, and a case must not be lost to that.
    """

    pace: float = 3.0
    retry_first: float = 1.0
    retry_max: float = 60.0
    timeout: float = 10.0  # one callback attempt, connection to answer

    def __post_init__(self) -> None:
        if not (self.pace >= 0 and 0 < self.retry_first <= self.retry_max and self.timeout > 0):
            raise ValueError("pace >= 0, 0 < retry_first <= retry_max and timeout > 0")


@dataclass(frozen=True, kw_only=True)
class Config:
    """Frozen, except each agency's `Behaviour`, which tests change while the server runs.

    `agencies` lists the codes to mount (default: all eight). `clone_of` maps a mounted code to
    the agency whose implementation answers under it, so a benchmark can mount `bench1`…`bench8`
    as copies of one agency, each with its own key, behaviour and replay record.

    Cases move on their own only when both `portal_url` (where callbacks go) and `processing`
    are set; otherwise a case stays as it was opened, which the portal's own tests rely on.
    """

    keys: Mapping[str, KeyPair]
    portal_keys: Sequence[dict[str, Any]] = ()
    portal_keys_file: Path | None = None  # re-read when an unknown portal kid arrives
    portal_party: str = "portal"
    seed: int = DEFAULT_SEED
    agencies: tuple[str, ...] | None = None
    clone_of: Mapping[str, str] = field(default_factory=dict)
    behaviours: Mapping[str, Behaviour] = field(default_factory=dict)
    max_body_bytes: int = 1 << 20
    # Applications and supplements carry attachments (up to 8 MiB raw, a third more as base64,
    # and a third more again inside the JWS), so their paths take more than the rest.
    max_application_bytes: int = 16 << 20
    portal_url: str | None = None  # e.g. "http://127.0.0.1:8000"; callbacks go to its callback path
    processing: Processing | None = None

    def __post_init__(self) -> None:
        for code in self.mounted:
            if not PARTY_CODE.match(code):
                raise ValueError(f"agency code {code!r} does not match {PARTY_CODE.pattern}")
            if self.implementation_of(code) not in AGENCIES:
                raise ValueError(
                    f"{code!r} is not a demo agency; clone one with clone_of={{{code!r}: 'psda'}}"
                )
            if code not in self.keys:
                raise ValueError(f"no signing key for {code!r}")
        if len(set(self.mounted)) != len(self.mounted):
            raise ValueError("an agency code is mounted twice")
        # Every mounted agency gets a Behaviour object of its own, created here so that a test can
        # hold it and change it later; the objects passed in are kept as they are.
        behaviours = {code: self.behaviours.get(code) or Behaviour(seed=code) for code in self.mounted}
        object.__setattr__(self, "behaviours", behaviours)

    @property
    def processes_cases(self) -> bool:
        return self.portal_url is not None and self.processing is not None

    @property
    def mounted(self) -> tuple[str, ...]:
        return tuple(AGENCIES) if self.agencies is None else self.agencies

    def implementation_of(self, code: str) -> str:
        return self.clone_of.get(code, code)

    @classmethod
    def generate(
        cls,
        *,
        portal_keys: Sequence[dict[str, Any]],
        agencies: tuple[str, ...] | None = None,
        clone_of: Mapping[str, str] | None = None,
        **options: Any,
    ) -> Config:
        """A configuration with fresh in-memory signing keys (tests, benchmarks)."""
        codes = tuple(AGENCIES) if agencies is None else agencies
        keys = {code: KeyPair.generate(f"{code}-test") for code in codes}
        return cls(
            keys=keys, portal_keys=portal_keys, agencies=agencies, clone_of=dict(clone_of or {}), **options
        )


def clones(*, of: str, prefix: str = "bench", count: int = 8) -> dict[str, str]:
    """`{"bench1": of, ..., "benchN": of}`: N copies of one agency under new codes."""
    return {f"{prefix}{number}": of for number in range(1, count + 1)}
