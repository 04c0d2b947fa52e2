"""A bounded in-memory record of seen message ids, for receivers without a database of their own
(the demo agencies). The portal keeps seen ids in its message log instead."""

from __future__ import annotations

import time
from collections import OrderedDict

from .errors import Replayed


class ReplayGuard:
    def __init__(self, *, ttl_seconds: float, max_entries: int = 100_000) -> None:
        # The ttl must be at least twice the accepted clock window: an id is only safe to forget
        # once a message carrying it would be refused for its timestamp anyway.
        self._ttl = ttl_seconds
        self._max = max_entries
        self._seen: OrderedDict[str, float] = OrderedDict()

    def check(self, message_id: str) -> None:
        now = time.monotonic()
        while self._seen and (
            next(iter(self._seen.values())) < now - self._ttl or len(self._seen) > self._max
        ):
            self._seen.popitem(last=False)
        if message_id in self._seen:
            raise Replayed(f"message {message_id} was seen before")
        self._seen[message_id] = now
