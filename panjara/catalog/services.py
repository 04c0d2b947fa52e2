"""Filling the catalog from what agencies describe over the exchange (a new agency joins by
configuration: register it, sync, and its services appear)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from panjara.audit.services import PORTAL, Actor
from panjara.core import clock
from panjara.exchange.client import Request
from panjara.exchange.models import Agency
from panjara.exchange.services import exchange_ask_sync
from panjara_protocol.kinds import SERVICES_DESCRIBE, SERVICES_DESCRIPTION

from .descriptions import InvalidDescription, parse_service
from .models import Service


@dataclass
class SyncReport:
    synced: dict[str, int] = field(default_factory=dict)  # agency → services now offered
    unavailable: dict[str, str] = field(default_factory=dict)  # agency → why
    skipped: dict[str, str] = field(default_factory=dict)  # service code → why


def catalog_sync(*, agency_codes: list[str] | None = None, by: Actor = PORTAL) -> SyncReport:
    agencies = Agency.objects.filter(is_active=True)
    if agency_codes is not None:
        agencies = agencies.filter(code__in=agency_codes)
    codes = list(agencies.values_list("code", flat=True))
    outcomes = exchange_ask_sync(
        [Request(agency=code, kind=SERVICES_DESCRIBE, purpose="catalog") for code in codes], on_behalf=by
    )
    report = SyncReport()
    for outcome in outcomes:
        code = outcome.request.agency
        if not outcome.ok or outcome.answer.kind != SERVICES_DESCRIPTION:
            # An agency that cannot answer keeps its services as they were: a blip must not empty
            # the catalog.
            report.unavailable[code] = outcome.reason or f"unexpected answer {outcome.answer.kind}"
            continue
        report.synced[code] = _apply(
            agency_code=code, body=outcome.answer.body, message_id=outcome.answer.id, report=report
        )
    return report


@transaction.atomic
def _apply(*, agency_code: str, body: dict, message_id: str, report: SyncReport) -> int:
    agency = Agency.objects.get(code=agency_code)
    services = body.get("services") if isinstance(body, dict) else None
    if not isinstance(services, list):
        report.unavailable[agency_code] = "description lists no services"
        return 0
    seen = set()
    for data in services:
        try:
            description = parse_service(data, agency_code=agency_code)
        except InvalidDescription as error:
            code = data.get("code") if isinstance(data, dict) else None
            report.skipped[str(code or f"{agency_code}:?")] = str(error)
            continue
        if description.code in seen:
            report.skipped[description.code] = "described twice"
            continue
        seen.add(description.code)
        Service.objects.update_or_create(
            code=description.code,
            defaults=dict(
                agency=agency,
                is_active=True,
                synced_at=clock.now(),
                source_message_id=message_id,
                **description.fields,
            ),
        )
    # Services the agency no longer describes stop being offered; rows stay for history.
    Service.objects.filter(agency=agency).exclude(code__in=seen).update(is_active=False)
    return len(seen)
