from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings

from .client import AgencyTarget, Limits
from .keys import agency_public_key
from .models import Agency, AgencyKey, ExchangeMessage


def exchange_targets(*, codes: Iterable[str] | None = None) -> dict[str, AgencyTarget]:
    """Active agencies with the keys the portal trusts for each, as plain values for the client.

    Read on every ask, so a new, changed or retired key counts at once in every process; only the
    parsing of a key is cached (by its exact JWK). Plain rows, no model instances: this runs for
    every personal page."""
    agencies = Agency.objects.filter(is_active=True)
    keys = AgencyKey.objects.filter(is_active=True, agency__is_active=True)
    if codes is not None:
        codes = set(codes)
        agencies = agencies.filter(code__in=codes)
        keys = keys.filter(agency__code__in=codes)
    trusted: dict[int, dict] = {}
    for agency_id, kid, jwk in keys.values_list("agency_id", "kid", "public_jwk"):
        trusted.setdefault(agency_id, {})[kid] = agency_public_key(jwk)
    return {
        code: AgencyTarget(code=code, base_url=base_url, timeout=timeout_ms / 1000, keys=trusted.get(pk, {}))
        for pk, code, base_url, timeout_ms in agencies.values_list("pk", "code", "base_url", "timeout_ms")
    }


def agency_channel(*, code: str) -> str:
    """How an agency is reached ("exchange" or "desk"), or "" for an unknown code."""
    return Agency.objects.filter(code=code).values_list("channel", flat=True).first() or ""


def exchange_limits() -> Limits:
    conf = settings.EXCHANGE
    return Limits(
        party=conf["PARTY"],
        window=timedelta(seconds=conf["CLOCK_WINDOW_SECONDS"]),
        breaker_failures=conf["BREAKER_FAILURES"],
        breaker_cooldown=conf["BREAKER_COOLDOWN_SECONDS"],
        max_answer_bytes=conf["MAX_ANSWER_BYTES"],
    )


def agency_key_by_kid(*, kid: str, include_retired: bool = False) -> AgencyKey | None:
    keys = AgencyKey.objects.select_related("agency").filter(kid=kid, agency__is_active=True)
    if not include_retired:
        keys = keys.filter(is_active=True)
    return keys.first()


def accepted_inbound_ids(*, message_ids: Iterable[str]) -> set[str]:
    return set(
        ExchangeMessage.objects.filter(
            direction=ExchangeMessage.Direction.IN,
            status=ExchangeMessage.Status.ACCEPTED,
            message_id__in=[m for m in message_ids if m],
        ).values_list("message_id", flat=True)
    )


def answer_is_unchanged(*, stored) -> bool:
    """Prove a kept answer is what the agency sent: its signature still verifies under a key the
    agency had (retired keys included), and its digest is the one the message log recorded."""
    from panjara_protocol import ProtocolError, digest_of, open_message

    def key_for(kid: str):
        jwk = AgencyKey.objects.filter(kid=kid, agency_id=stored.agency_id).values_list(
            "public_jwk", flat=True
        )
        return agency_public_key(jwk[0]) if jwk else None

    raw = bytes(stored.raw)
    try:
        open_message(raw, key_for=key_for, expected_aud=settings.EXCHANGE["PARTY"], window=None)
    except ProtocolError:
        return False
    logged = ExchangeMessage.objects.filter(
        message_id=stored.message_id,
        direction=ExchangeMessage.Direction.IN,
        status=ExchangeMessage.Status.ACCEPTED,
    ).values_list("digest", flat=True)
    return digest_of(raw) == stored.digest and list(logged) == [stored.digest]
