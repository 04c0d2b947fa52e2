"""Reads of the personal page: which services become cards, and the answers kept for it."""

from __future__ import annotations

import base64
import json
from typing import Any

from panjara.catalog.models import Service
from panjara.core import clock
from panjara.exchange.models import StoredAnswer
from panjara.exchange.selectors import answer_is_unchanged

from .cards import COMPANY_ONLY, PURPOSE, answer_body, card_order


def subject_of(personal_number: str) -> str:
    """A person as the exchange records a subject ("person:<number>")."""
    return f"person:{personal_number}"


def personal_services() -> list[Service]:
    """The informational services that can be asked about a person, in page order."""
    services = (
        Service.objects.filter(kind=Service.Kind.INFORMATIONAL, is_active=True, agency__is_active=True)
        .exclude(code__in=COMPANY_ONLY)
        .select_related("agency")
    )
    return sorted(services, key=lambda s: card_order(code=s.code, category=s.category))


def personal_service(*, code: str) -> Service | None:
    return next((service for service in personal_services() if service.code == code), None)


def kept_latest(*, personal_number: str, codes: list[str]) -> dict[str, StoredAnswer]:
    """The newest answer still kept for each of these services about the person. Expired ones
    the purge job has not reached yet count as gone (R-C-5)."""
    rows = (
        StoredAnswer.objects.filter(
            subject=subject_of(personal_number),
            purpose=PURPOSE,
            service__in=codes,
            expires_at__gt=clock.now(),
        )
        .select_related("agency")
        .order_by("service", "-received_at")
    )
    latest: dict[str, StoredAnswer] = {}
    for row in rows:
        latest.setdefault(row.service, row)
    return latest


def kept_answers(*, personal_number: str) -> list[StoredAnswer]:
    """Everything the portal keeps about the person now, newest first ("what is kept")."""
    return list(
        StoredAnswer.objects.filter(subject=subject_of(personal_number), expires_at__gt=clock.now())
        .select_related("agency")
        .defer("raw")
        .order_by("-received_at", "service")
    )


def kept_answer(*, personal_number: str, pk: int) -> StoredAnswer | None:
    """One kept answer, only if it is about this person: another person's is not found."""
    return (
        StoredAnswer.objects.filter(pk=pk, subject=subject_of(personal_number), expires_at__gt=clock.now())
        .select_related("agency")
        .first()
    )


def services_by_code(*, codes: list[str]) -> dict[str, Service]:
    return {service.code: service for service in Service.objects.filter(code__in=set(codes))}


def kept_body(*, stored: StoredAnswer) -> tuple[bool, dict[str, Any]] | None:
    """(found, data) of a kept answer, read from the agency's signed bytes, or None when they no
    longer prove themselves unchanged (R-P-3): then nothing of them is shown."""
    if not answer_is_unchanged(stored=stored):
        return None
    # The signature and digest were just verified over these very bytes, so their payload can be
    # read as it stands.
    payload = bytes(stored.raw).split(b".")[1]
    envelope = json.loads(base64.urlsafe_b64decode(payload + b"=" * (-len(payload) % 4)))
    return answer_body(envelope.get("body"))
