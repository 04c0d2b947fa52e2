"""Reading the audit log, above all for the person it is about ("who used my data")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import get_language

from panjara.backoffice.models import PublicServiceHall, StaffProfile
from panjara.catalog.models import Service
from panjara.desk.models import DeskCase, DeskLetter
from panjara.exchange.models import Agency

from .models import AuditEvent
from .purposes import purpose_label

# The reads at the agency desk (ADR 0006): an official opening an application or a letter, or
# downloading one of its files. The desk is the body's own system, so nobody "answers" them: the
# object is the desk's case or letter, not a service. Each maps to what was read.
DESK_READS = {
    "desk.case_read": ("application", False),
    "desk.attachment_read": ("application", True),
    "desk.letter_read": ("letter", False),
    "desk.letter_attachment_read": ("letter", True),
}
# The actions that are a read of a person's data: a query to an agency (by the portal for the
# person, by an operator at a hall, by a scheduled job), an operator's look-up in the registry,
# and an official's read at the desk.
DATA_READ_ACTIONS = ("exchange.query", "person.looked_up", *DESK_READS)


def audit_events_about(*, personal_number: str) -> QuerySet[AuditEvent]:
    """Every recorded use of a person's data, newest first ("who used my data")."""
    return AuditEvent.objects.filter(subject_person=personal_number).order_by("-seq")


def data_reads_about(*, personal_number: str) -> QuerySet[AuditEvent]:
    """Every read of a person's data, newest first. Nothing for an empty number: an account with
    no person behind it has no data of its own (and "" must never match events about nobody)."""
    if not personal_number:
        return AuditEvent.objects.none()
    return audit_events_about(personal_number=personal_number).filter(action__in=DATA_READ_ACTIONS)


@dataclass(frozen=True, kw_only=True)
class DataUse:
    """One read of a person's data, as the person sees it."""

    occurred_at: datetime
    by_kind: str  # "you", "person", "staff", "agency", "portal"
    by_name: str  # the agency's or the staff member's name, or "" when there is none to give
    by_role: str  # a staff member's role
    place: str  # an operator's Public Service Hall, or an official's agency or body, when known
    service: str  # the service's name in the page language, else its code; "" for a desk read
    record_kind: str  # "application" or "letter" for a desk read, else ""
    record: str  # the registration number the person knows it by, else the desk's own number
    file: str  # the file's name when a file of it was read
    purpose: str
    answered_by: str  # the agency asked, by name
    result: str  # "ok", "unavailable", "rejected" or "" when not an exchange


def _name(obj, language: str) -> str:
    return obj.name_en if language == "en" and obj.name_en else obj.name_ka


def _desk_references(events: list[AuditEvent]) -> dict[tuple[str, str], str]:
    """The registration number the person knows each desk case or letter by, keyed by (object
    type, desk number): one query for each kind. Only the person's own rows are looked at."""
    wanted = {"desk_case": DeskCase, "desk_letter": DeskLetter}
    references = {}
    for object_type, model in wanted.items():
        numbers = {e.object_id for e in events if e.object_type == object_type and e.object_id}
        if not numbers:
            continue
        persons = {e.subject_person for e in events if e.object_type == object_type}
        rows = model.objects.filter(number__in=numbers, personal_number__in=persons)
        references |= {
            (object_type, number): reference
            for number, reference in rows.values_list("number", "reference")
            if reference
        }
    return references


def data_uses(*, events: Iterable[AuditEvent], viewer_id: int | None = None) -> list[DataUse]:
    """The events as the person sees them, with services, agencies, staff, halls and desk records
    named in the page language: one query for each kind of name, however many events."""
    events = list(events)
    language = get_language()
    service_codes = {e.object_id for e in events if e.object_id and e.action not in DESK_READS}
    services = {s.code: s for s in Service.objects.filter(code__in=service_codes)}
    agency_codes = {e.detail.get("agency", "") for e in events if isinstance(e.detail, dict)}
    agency_codes |= {e.actor_id for e in events if e.actor_kind == AuditEvent.ActorKind.AGENCY}
    agencies = {a.code: a for a in Agency.objects.filter(code__in=agency_codes - {""})}
    staff_ids = {
        int(e.actor_id) for e in events if e.actor_kind == AuditEvent.ActorKind.STAFF and e.actor_id.isdigit()
    }
    profiles = {
        p.user_id: p
        for p in StaffProfile.objects.filter(user_id__in=staff_ids).select_related("user", "hall", "agency")
    }
    hall_codes = {e.detail.get("hall", "") for e in events if isinstance(e.detail, dict)}
    halls = {h.code: h for h in PublicServiceHall.objects.filter(code__in=hall_codes - {""})}
    references = _desk_references(events)

    uses = []
    for event in events:
        detail = event.detail if isinstance(event.detail, dict) else {}
        record_kind, of_file = DESK_READS.get(event.action, ("", False))
        by_kind, by_name, by_role, place = event.actor_kind, "", "", ""
        if event.actor_kind == AuditEvent.ActorKind.PERSON:
            by_kind = "you" if viewer_id is not None and event.actor_id == str(viewer_id) else "person"
        elif event.actor_kind == AuditEvent.ActorKind.STAFF:
            profile = profiles.get(int(event.actor_id)) if event.actor_id.isdigit() else None
            if profile is not None:
                by_name = profile.user.full_name
                by_role = profile.get_role_display()
            if record_kind:
                # The body whose desk it was is written with the event; failing that, the
                # official's agency today.
                body = agencies.get(detail.get("agency", "")) or (profile.agency if profile else None)
                place = _name(body, language) if body is not None else ""
            else:
                # The hall written with the event is where it happened; failing that, the
                # operator's hall today.
                where = halls.get(detail.get("hall", "")) or (profile.hall if profile else None)
                place = f"{where.name}, {where.city}" if where is not None else ""
        elif event.actor_kind == AuditEvent.ActorKind.AGENCY:
            agency = agencies.get(event.actor_id)
            by_name = _name(agency, language) if agency else event.actor_label or event.actor_id
        service, record, answered_by = "", "", ""
        if record_kind:
            # At the desk nobody is asked: the agency in the event is where the official read it.
            record = references.get((event.object_type, event.object_id), event.object_id)
        else:
            known = services.get(event.object_id)
            service = _name(known, language) if known else event.object_id
            answered = agencies.get(detail.get("agency", ""))
            answered_by = _name(answered, language) if answered else detail.get("agency", "")
        uses.append(
            DataUse(
                occurred_at=event.occurred_at,
                by_kind=by_kind,
                by_name=by_name,
                by_role=by_role,
                place=place,
                service=service,
                record_kind=record_kind,
                record=record,
                file=str(detail.get("attachment", "")) if of_file else "",
                purpose=purpose_label(event.purpose) if event.purpose else "",
                answered_by=answered_by,
                result=str(detail.get("result", "")),
            )
        )
    return uses
