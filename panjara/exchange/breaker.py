"""A circuit breaker per agency, per process.

After `failures` consecutive failures the circuit opens: calls fail at once, without waiting for a
timeout, for `cooldown` seconds. Then one trial call is let through (half-open); its success closes
the circuit, its failure opens it again. Per process on purpose: each portal node learns for itself,
and a shared breaker would make every node's view depend on the cache's health."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Breaker:
    failures: int
    cooldown: float
    consecutive: int = 0
    open_until: float = 0.0
    trial_in_flight: bool = False
    clock: object = field(default=time.monotonic, repr=False)

    def allow(self) -> bool:
        now = self.clock()
        if self.consecutive < self.failures:
            return True
        if now < self.open_until or self.trial_in_flight:
            return False
        self.trial_in_flight = True
        return True

    def succeeded(self) -> None:
        self.consecutive, self.trial_in_flight = 0, False

    def failed(self) -> None:
        self.consecutive += 1
        self.trial_in_flight = False
        if self.consecutive >= self.failures:
            self.open_until = self.clock() + self.cooldown

    @property
    def is_open(self) -> bool:
        return self.consecutive >= self.failures and self.clock() < self.open_until


class Breakers:
    def __init__(self) -> None:
        self._by_agency: dict[str, Breaker] = {}

    def for_agency(self, code: str, *, failures: int, cooldown: float) -> Breaker:
        breaker = self._by_agency.get(code)
        if breaker is None or (breaker.failures, breaker.cooldown) != (failures, cooldown):
            breaker = self._by_agency[code] = Breaker(failures=failures, cooldown=cooldown)
        return breaker

    def reset(self) -> None:
        self._by_agency.clear()


BREAKERS = Breakers()
