"""What the portal delivers to an agency served at the desk: applications (application.submit)
and the applicants' supplements (application.supplement), handed over in-process by the
exchange's outbox (ADR 0006). The desk answers as an agency's system would: a signed `ack`
{"case", "repeat"}, or a signed `error` for what it refuses.

Delivery is at least once, so each message is recognised by its own id (the application's id, the
supplement's id): a repeat is acknowledged with the same case number and changes nothing."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from jsonschema import Draft202012Validator, FormatChecker

from panjara.audit.services import Actor, audit_record
from panjara.catalog.models import Service
from panjara.core import clock
from panjara.deadlines.engine import compute
from panjara.deadlines.rules import Rule, Term, Unit
from panjara.deadlines.selectors import local_date, work_calendar
from panjara.exchange.models import Agency
from panjara.exchange.outbox import desk_receiver
from panjara_protocol import Envelope, reply_to, seal
from panjara_protocol.kinds import ACK, APPLICATION_SUBMIT, APPLICATION_SUPPLEMENT, ERROR, LETTER_SEND

from .attachments import BadAttachment, Received, attachment_seal, attachments_decode
from .keys import desk_key_ensure
from .models import DeskAttachment, DeskCase, DeskCaseEvent, DeskSupplement

PURPOSE = "application"
MAX_SUPPLEMENT_TEXT = 4000
_PERSONAL_NUMBER = re.compile(r"^[0-9]{11}$")
Row = TypeVar("Row", bound=Model)


class Refusal(Exception):
    """What the desk refuses, as the agency would: a signed error with this code."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@desk_receiver
def desk_receive(request: Envelope) -> bytes:
    """The desk's answer to one message from the portal, signed with the agency's desk key."""
    agency = Agency.objects.get(code=request.aud, channel=Agency.Channel.DESK, is_active=True)
    with transaction.atomic():
        key = desk_key_ensure(agency=agency)
        try:
            with transaction.atomic():
                if request.kind == APPLICATION_SUBMIT:
                    body = desk_case_open(agency=agency, request=request)
                elif request.kind == APPLICATION_SUPPLEMENT:
                    body = desk_supplement_receive(agency=agency, request=request)
                elif request.kind == LETTER_SEND:
                    body = _letter_receive(agency=agency, request=request)
                else:
                    raise Refusal("unsupported_kind", f"the desk does not take {request.kind!r}")
            answer = reply_to(request, kind=ACK, body=body)
        except Refusal as refusal:
            answer = reply_to(request, kind=ERROR, body={"error": refusal.code, "detail": refusal.detail})
    return seal(answer, key)


def _letter_receive(*, agency: Agency, request: Envelope) -> dict[str, Any]:
    # Imported here: desk.letters builds on the correspondence app, which the desk's application
    # intake does not need to load.
    from .letters import LetterRefusal, desk_letter_receive

    try:
        return desk_letter_receive(agency=agency, request=request)
    except LetterRefusal as refusal:
        raise Refusal(refusal.code, refusal.detail) from None


def _agency_actor(agency: Agency) -> Actor:
    return Actor(kind="agency", id=agency.code, label=agency.name_en)


def _uuid(value: Any, *, code: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Refusal(code, f"{what} is not a UUID") from None


def moment_of(value: Any) -> datetime | None:
    """An ISO time with its zone from a message, or None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def numbered_create(
    model: type[Row], *, agency: Agency, series: str, once: dict[str, Any], **fields: Any
) -> tuple[Row, bool]:
    """Create the agency's next numbered row (`<AGENCY>-<series><sequence>`), or find the one a
    concurrent delivery of the same message created (`once` names it): (row, True) for that repeat."""
    for _attempt in range(5):
        sequence = (model.objects.filter(agency=agency).aggregate(last=Max("sequence"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                number = f"{agency.code.upper()}-{series}{sequence:06d}"
                return model.objects.create(
                    agency=agency, sequence=sequence, number=number, **once, **fields
                ), False
        except IntegrityError:
            # Either the same message arrived twice at once (the other delivery created the row),
            # or another message took this number first: look, then draw again.
            found = model.objects.filter(agency=agency, **once).first()
            if found is not None:
                return found, True
    raise RuntimeError(f"could not number a {model._meta.model_name} of {agency.code}")


def _store_attachments(*, case: DeskCase, supplement: DeskSupplement | None, files: list[Received]) -> None:
    rows = []
    for received in files:
        attachment_id = uuid.uuid4()
        key_id, sealed = attachment_seal(attachment_id=attachment_id, content=received.content)
        rows.append(
            DeskAttachment(
                id=attachment_id,
                case=case,
                supplement=supplement,
                name=received.name,
                media_type=received.media_type,
                size=len(received.content),
                sha256=received.sha256,
                key_id=key_id,
                sealed=sealed,
                received_at=clock.now(),
            )
        )
    DeskAttachment.objects.bulk_create(rows)


def _due_on(*, service: Service, received: datetime) -> date | None:
    """The last day for the answer under the service's declared deadline (R-P-4), counted by the
    portal's one deadline engine (working days skip weekends and Georgia's public holidays)."""
    if service.deadline_value is None or not service.deadline_unit:
        return None
    start = local_date(received)
    rule = Rule(
        code=service.code,
        kind="service",
        term=Term(amount=service.deadline_value, unit=Unit(service.deadline_unit)),
        basis=("", ""),
    )
    return compute(start=start, rule=rule, calendar=work_calendar(around=start)).due


def _check_data(service: Service, data: Any) -> None:
    if not isinstance(data, dict):
        raise Refusal("invalid_application", "data is not an object")
    # The portal checked it against the same form; an agency checks again (protocol §6.3).
    validator = Draft202012Validator(service.form_schema or {}, format_checker=FormatChecker())
    error = next(iter(sorted(validator.iter_errors(data), key=lambda e: list(e.path))), None)
    if error is not None:
        where = "/".join(str(part) for part in error.path) or "(form)"
        raise Refusal("invalid_application", f"{where}: {error.message}"[:300])


def desk_case_open(*, agency: Agency, request: Envelope) -> dict[str, Any]:
    """Open the case for an application, or find the one opened for it before."""
    body = request.body if isinstance(request.body, dict) else {}
    application = body.get("application")
    if not isinstance(application, dict):
        raise Refusal("invalid_application", "body.application is not an object")
    application_id = _uuid(application.get("id"), code="invalid_application", what="application.id")
    existing = DeskCase.objects.filter(agency=agency, application_id=application_id).first()
    if existing is not None:
        return {"case": existing.number, "repeat": True}
    service = Service.objects.filter(code=request.service or "", agency=agency).first()
    if service is None:
        raise Refusal("unknown_service", f"no service {request.service!r} at {agency.code}")
    subject = request.subject
    if subject is None or subject.kind != "person" or not _PERSONAL_NUMBER.match(subject.id):
        raise Refusal("malformed_subject", "the applicant is a person with an 11-digit personal number")
    if service.signature_required:
        raise Refusal("signature_required", "this service needs a qualified signature")
    _check_data(service, application.get("data"))
    try:
        files = attachments_decode(application.get("attachments"))
    except BadAttachment as bad:
        raise Refusal("bad_attachment", str(bad)) from None
    language = application.get("language") if application.get("language") in ("ka", "en") else "ka"
    reference = application.get("reference") if isinstance(application.get("reference"), str) else ""
    now = clock.now()
    case, repeat = numbered_create(
        DeskCase,
        agency=agency,
        series="",
        once={"application_id": application_id},
        reference=reference[:32],
        service=service,
        personal_number=subject.id,
        language=language,
        data=application["data"],
        form_schema=service.form_schema,
        submitted_at=moment_of(application.get("submitted_at")),
        received_at=now,
        due_on=_due_on(service=service, received=now),
    )
    if repeat:
        return {"case": case.number, "repeat": True}
    _store_attachments(case=case, supplement=None, files=files)
    DeskCaseEvent.objects.create(
        case=case,
        kind=DeskCaseEvent.Kind.RECEIVED,
        at=now,
        detail={"reference": case.reference, "attachments": [f.name for f in files]},
    )
    audit_record(
        actor=_agency_actor(agency),
        action="desk.case_opened",
        subject_person=case.personal_number,
        object_type="desk_case",
        object_id=case.number,
        purpose=PURPOSE,
        detail={"service": service.code, "application": str(application_id), "attachments": len(files)},
    )
    return {"case": case.number, "repeat": False}


def desk_supplement_receive(*, agency: Agency, request: Envelope) -> dict[str, Any]:
    """Add the applicant's supplement to their case; a case waiting for it is flagged for the
    official. A supplement to a decided case is still kept: it is the person's word, and refusing
    it would only make the portal send it again and again."""
    body = request.body if isinstance(request.body, dict) else {}
    application_id = _uuid(body.get("application"), code="unknown_case", what="application")
    case = DeskCase.objects.filter(agency=agency, application_id=application_id).first()
    if case is None:
        raise Refusal("unknown_case", "no case for this application")
    supplement = body.get("supplement")
    if not isinstance(supplement, dict):
        raise Refusal("malformed", "body.supplement is not an object")
    supplement_id = _uuid(supplement.get("id"), code="malformed", what="supplement.id")
    if case.supplements.filter(supplement_id=supplement_id).exists():
        return {"case": case.number, "repeat": True}
    text = supplement.get("text", "")
    if not isinstance(text, str) or len(text) > MAX_SUPPLEMENT_TEXT:
        raise Refusal("malformed", f"supplement.text is at most {MAX_SUPPLEMENT_TEXT} characters")
    try:
        files = attachments_decode(supplement.get("attachments"))
    except BadAttachment as bad:
        raise Refusal("bad_attachment", str(bad)) from None
    now = clock.now()
    try:
        with transaction.atomic():
            row = DeskSupplement.objects.create(
                case=case,
                supplement_id=supplement_id,
                text=text,
                submitted_at=moment_of(supplement.get("submitted_at")),
                received_at=now,
            )
    except IntegrityError:
        return {"case": case.number, "repeat": True}  # the same supplement, delivered twice at once
    _store_attachments(case=case, supplement=row, files=files)
    DeskCase.objects.filter(pk=case.pk, status=DeskCase.Status.INFO_NEEDED).update(
        status=DeskCase.Status.SUPPLEMENTED
    )
    DeskCaseEvent.objects.create(
        case=case,
        kind=DeskCaseEvent.Kind.SUPPLEMENT,
        at=now,
        detail={"supplement": str(supplement_id), "attachments": [f.name for f in files]},
    )
    audit_record(
        actor=_agency_actor(agency),
        action="desk.supplement_received",
        subject_person=case.personal_number,
        object_type="desk_case",
        object_id=case.number,
        purpose=PURPOSE,
        detail={"supplement": str(supplement_id), "attachments": len(files)},
    )
    return {"case": case.number, "repeat": False}
