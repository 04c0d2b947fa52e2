"""How far apart delivery attempts are: exponential backoff, capped, with jitter so that messages
that failed together (a provider outage) do not all come back at the same second."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings


@dataclass(frozen=True, kw_only=True)
class RetryPolicy:
    max_attempts: int
    base_seconds: float
    cap_seconds: float
    # How long a worker owns a row in "sending" before the sweep assumes it crashed. Must be well
    # above any client's timeout, or a slow but healthy delivery would be sent twice.
    lease_seconds: float
    # How long a due queued row may wait before the sweep assumes its job was lost.
    sweep_grace_seconds: float

    @classmethod
    def from_settings(cls) -> RetryPolicy:
        config = settings.NOTIFICATIONS
        base = float(config.get("BACKOFF_BASE_SECONDS", 10))
        return cls(
            max_attempts=int(config.get("MAX_ATTEMPTS", 6)),
            base_seconds=base,
            cap_seconds=float(config.get("BACKOFF_CAP_SECONDS", max(base, 3600))),
            lease_seconds=float(config.get("LEASE_SECONDS", 300)),
            sweep_grace_seconds=float(config.get("SWEEP_GRACE_SECONDS", 300)),
        )

    def delay(self, attempt: int, *, rng: random.Random | None = None) -> timedelta:
        """The wait after failed attempt number `attempt` (1-based). "Equal jitter": a random point
        in the upper half of the exponential step, so waits still grow from one attempt to the
        next while no two clients line up."""
        step = min(self.cap_seconds, self.base_seconds * 2 ** max(attempt - 1, 0))
        fraction = (rng or random).uniform(0.5, 1.0)
        return timedelta(seconds=step * fraction)
