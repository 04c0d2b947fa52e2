"""Filling the catalog from what agencies describe over the exchange (a new agency joins by
configuration: register it, sync, and its services appear), and each person's favourites menu."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Max

from panjara.audit.services import PORTAL, Actor
from panjara.core import clock
from panjara.exchange.client import Request
from panjara.exchange.models import Agency
from panjara.exchange.services import exchange_ask_sync
from panjara_protocol.kinds import SERVICES_DESCRIBE, SERVICES_DESCRIPTION

from .descriptions import InvalidDescription, parse_service
from .models import Favourite, Service
from .search import index_for

if TYPE_CHECKING:
    from panjara.identity.models import User


@dataclass
class SyncReport:
    synced: dict[str, int] = field(default_factory=dict)  # agency → services now offered
    unavailable: dict[str, str] = field(default_factory=dict)  # agency → why
    skipped: dict[str, str] = field(default_factory=dict)  # service code → why


def catalog_sync(*, agency_codes: list[str] | None = None, by: Actor = PORTAL) -> SyncReport:
    # Agencies served at the desk have no system to ask; their catalog is kept by the portal
    # (catalog_keep), so a sync neither asks them nor withdraws their services.
    agencies = Agency.objects.filter(is_active=True).exclude(channel=Agency.Channel.DESK)
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


def catalog_keep(*, agency_code: str, services: list[dict]) -> SyncReport:
    """Set the services of an agency served at the desk (ADR 0006), described in the protocol's
    own shape and checked exactly like a description received over the exchange; services left
    out stop being offered."""
    report = SyncReport()
    report.synced[agency_code] = _apply(
        agency_code=agency_code, body={"services": services}, message_id="", report=report
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
                **index_for(**description.fields),
            ),
        )
    # Services the agency no longer describes stop being offered; rows stay for history.
    Service.objects.filter(agency=agency).exclude(code__in=seen).update(is_active=False)
    return len(seen)


# Favourites (R-PP-3). Every function takes the account and a service code, never a favourite's
# id: a person can only ever name their own favourites, so nobody can reorder or remove another's.


def _offered(service_code: str) -> Service:
    return Service.objects.get(code=service_code, is_active=True)


def favourite_add(*, user: User, service_code: str) -> Favourite:
    """Put an offered service at the end of the person's favourites; adding it twice is a no-op.
    Raises Service.DoesNotExist for a code the catalog does not offer."""
    service = _offered(service_code)
    existing = Favourite.objects.filter(user=user, service=service).first()
    if existing is not None:
        return existing
    last = Favourite.objects.filter(user=user).aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            return Favourite.objects.create(
                user=user, service=service, position=0 if last is None else last + 1, added_at=clock.now()
            )
    except IntegrityError:  # the same person added it a moment ago in another tab
        return Favourite.objects.get(user=user, service=service)


def favourite_remove(*, user: User, service_code: str) -> bool:
    """Take a service out of the person's favourites; False when it was not there."""
    deleted, _ = Favourite.objects.filter(user=user, service__code=service_code).delete()
    return bool(deleted)


@transaction.atomic
def favourite_move(*, user: User, service_code: str, direction: str) -> bool:
    """Move a favourite one place "up" or "down" among the ones the catalog still offers; False
    when it is not a favourite or already at that end."""
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be up or down, not {direction!r}")
    favourites = list(
        Favourite.objects.select_for_update(of=("self",))
        .filter(user=user, service__is_active=True)
        .select_related("service")
        .order_by("position", "id")
    )
    index = next((i for i, f in enumerate(favourites) if f.service.code == service_code), None)
    other = None if index is None else index + (-1 if direction == "up" else 1)
    if other is None or not 0 <= other < len(favourites):
        return False
    favourites[index], favourites[other] = favourites[other], favourites[index]
    # Renumber the whole list: positions stay dense and ties from older rows disappear.
    for position, favourite in enumerate(favourites):
        favourite.position = position
    Favourite.objects.bulk_update(favourites, ["position"])
    return True
