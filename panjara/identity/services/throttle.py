"""Counting requests per key in a time window, in the shared cache (Redis when configured), for
sign-in failures and recovery starts. The count lives in the cache, not the database, because a
flood of requests must not become a flood of writes; a cache restart only forgets some counts.

A key names what is counted and whose: `signin:<ip>`, `recover-ip:<ip>`, `recover-to:<digest>`.
Each trip of a throttle (the first refusal in a window) is written to the audit log once, so
the log shows that an attack happened without growing with every refused request."""

from __future__ import annotations

import hashlib
import hmac

from django.core.cache import cache

from panjara.audit.models import AuditEvent
from panjara.audit.services import Actor, audit_record
from panjara.identity.keys import FOR_ADDRESSES, current_key

# Who an anonymous request is in the audit log: someone not (yet) known to be an account.
ANONYMOUS = Actor(kind=AuditEvent.ActorKind.PERSON, id="", label="anonymous")


def _key(key: str) -> str:
    return f"identity:throttle:{key}"


def throttle_reached(*, key: str, limit: int) -> bool:
    return (cache.get(_key(key)) or 0) >= limit


def throttle_count(*, key: str, window: int) -> None:
    """Count one more in the window that started with the first count."""
    name = _key(key)
    if cache.add(name, 1, timeout=window):
        return
    try:
        cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window)


def throttle_first_refusal(*, key: str, window: int) -> bool:
    """True for the first refusal of this window only: the caller audits that one (see the
    module docstring)."""
    return cache.add(_key(f"{key}:logged"), 1, timeout=window)


def throttle_trip_record(*, key: str, window: int, action: str, detail: dict) -> None:
    """Audit a refusal of an anonymous request, once a window."""
    if throttle_first_refusal(key=key, window=window):
        audit_record(actor=ANONYMOUS, action=action, object_type="client", purpose="account", detail=detail)


def address_digest(email: str) -> str:
    """A keyed hash of a typed e-mail address: equal addresses give equal digests, so the log can
    show that one address was tried many times, but the log does not hold the address (it may
    be a typo of someone's real address, or somebody else's) and it cannot be guessed back
    without the deployment's secret key.

    Under the current key only: after SECRET_KEY is rotated the same address gets a new digest,
    so the per-address recovery counts start again (at worst one window's worth of extra
    attempts) and the log cannot match an address across the rotation. Counting under every
    fallback key too would buy little for that cost on every request."""
    normalised = email.strip().lower().encode()
    return hmac.new(current_key(FOR_ADDRESSES).secret, normalised, hashlib.sha256).hexdigest()[:32]
