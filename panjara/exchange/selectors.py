from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import Prefetch

from panjara_protocol.keys import import_jwk

from .client import AgencyTarget, Limits
from .models import Agency, AgencyKey, ExchangeMessage


def exchange_targets(*, codes: Iterable[str] | None = None) -> dict[str, AgencyTarget]:
    """Active agencies with the keys the portal trusts for each, as plain values for the client."""
    agencies = Agency.objects.filter(is_active=True).prefetch_related(
        Prefetch("keys", queryset=AgencyKey.objects.filter(is_active=True))
    )
    if codes is not None:
        agencies = agencies.filter(code__in=set(codes))
    return {
        agency.code: AgencyTarget(
            code=agency.code,
            base_url=agency.base_url,
            timeout=agency.timeout_ms / 1000,
            keys={key.kid: import_jwk(key.public_jwk) for key in agency.keys.all()},
        )
        for agency in agencies
    }


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
        key = AgencyKey.objects.filter(kid=kid, agency_id=stored.agency_id).first()
        return import_jwk(key.public_jwk) if key else None

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
