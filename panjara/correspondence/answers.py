"""What public bodies report about letters (letter.status, letter.answer): signed callbacks the
exchange verifies and logs, handled here inside its transaction. The body's words are kept and
shown unchanged with its signed bytes (R-P-3); its documents land in the person's vault as issued;
a report sent again (same event id) changes nothing. Every report recomputes the deadline."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from panjara.audit.services import Actor, audit_record
from panjara.core import clock
from panjara.exchange.callbacks import CallbackRefused, callback_handler
from panjara.exchange.models import Agency
from panjara.exchange.reports import (
    report_documents,
    report_documents_store,
    report_event_id,
    report_texts,
)
from panjara.identity.preferences import ANSWERS, STATUS, channels_for
from panjara.inbox.services import inbox_post
from panjara.notifications.services import notification_send
from panjara_protocol import Envelope, digest_of
from panjara_protocol.kinds import LETTER_ANSWER, LETTER_STATUS

from .models import PURPOSE, Letter, LetterEvent
from .selectors import body_route, extension_valid
from .services import letter_due_refresh

STATUSES = {
    "received": Letter.Status.RECEIVED,
    "in_progress": Letter.Status.IN_PROGRESS,
    "clarification_needed": Letter.Status.CLARIFICATION_NEEDED,
    "extended": Letter.Status.EXTENDED,
}
OUTCOMES = {"answered": Letter.Status.ANSWERED, "refused": Letter.Status.REFUSED}


def _letter(body: dict, agency: Agency) -> Letter:
    try:
        letter_id = uuid.UUID(str(body.get("letter", "")))
    except ValueError:
        raise CallbackRefused("unknown_letter", "letter is not a letter id") from None
    letter = Letter.objects.select_related("body", "user").filter(pk=letter_id).first()
    if letter is None or letter.is_draft:
        raise CallbackRefused("unknown_letter", "no letter of yours with this id")
    routed, _unit = body_route(letter.body)
    if routed is None or routed.code != agency.code:
        raise CallbackRefused("unknown_letter", "no letter of yours with this id")
    return letter


@callback_handler(LETTER_STATUS)
def letter_status(envelope: Envelope, agency: Agency, data: bytes) -> dict:
    body = envelope.body if isinstance(envelope.body, dict) else {}
    letter = _letter(body, agency)
    event = report_event_id(body)
    if letter.events.filter(agency_event=event).exists():
        return {"repeat": True}
    status = body.get("status")
    if status not in STATUSES:
        raise CallbackRefused(
            "malformed", "status is received, in_progress, clarification_needed or extended"
        )
    message = report_texts(body.get("message"), required=status == "clarification_needed")
    extension = ""
    if status == "extended":
        extension = body.get("extension")
        if not isinstance(extension, str) or not extension_valid(kind=letter.kind, code=extension):
            raise CallbackRefused("unknown_ground", "extension names no ground valid for this letter's kind")
    return _record(
        letter=letter,
        agency=agency,
        kind=LetterEvent.Kind.STATUS,
        status=STATUSES[status],
        event=event,
        detail={"message": message},
        extension=extension,
        documents=[],
        data=data,
    )


@callback_handler(LETTER_ANSWER)
def letter_answer(envelope: Envelope, agency: Agency, data: bytes) -> dict:
    body = envelope.body if isinstance(envelope.body, dict) else {}
    letter = _letter(body, agency)
    event = report_event_id(body)
    if letter.events.filter(agency_event=event).exists():
        return {"repeat": True}
    outcome = body.get("outcome")
    if outcome not in OUTCOMES:
        raise CallbackRefused("malformed", "outcome is answered or refused")
    message = report_texts(body.get("message"), required=True)
    ground = {}
    if outcome == "refused":
        ground = report_texts(body.get("refusal_ground"), required=True, code="ground_required")
    return _record(
        letter=letter,
        agency=agency,
        kind=LetterEvent.Kind.ANSWER,
        status=OUTCOMES[outcome],
        event=event,
        detail={"message": message, "refusal_ground": ground},
        extension="",
        documents=report_documents(body),
        data=data,
    )


def _record(
    *,
    letter: Letter,
    agency: Agency,
    kind: str,
    status: str,
    event: str,
    detail: dict,
    extension: str,
    documents: list[tuple[str, bytes]],
    data: bytes,
) -> dict:
    if letter.status in Letter.CLOSED:
        raise CallbackRefused("letter_closed", "this letter was already answered")
    digest = digest_of(data)
    stored = report_documents_store(
        person=letter.user,
        agency=agency,
        documents=documents,
        digest=digest,
        reference=f"letter:{letter.pk}:{event}",
    )
    now = clock.now()
    changes: dict[str, Any] = {"status": status, "updated_at": now}
    if kind == LetterEvent.Kind.ANSWER:
        ground = detail.get("refusal_ground") or {}
        changes.update(
            answered_at=now,
            outcome="refused" if status == Letter.Status.REFUSED else "answered",
            refusal_ground_ka=ground.get("ka", ""),
            refusal_ground_en=ground.get("en", ""),
        )
    Letter.objects.filter(pk=letter.pk).update(**changes)
    for field, value in changes.items():
        setattr(letter, field, value)
    LetterEvent.objects.create(
        letter=letter,
        kind=kind,
        status=status,
        at=now,
        by=agency.code,
        extension=extension,
        agency_event=event,
        signed=data,
        digest=digest,
        detail={**detail, "documents": stored},
    )
    letter_due_refresh(letter=letter)
    audit_record(
        actor=Actor(kind="agency", id=agency.code, label=agency.name_en),
        action="letter.answered" if kind == LetterEvent.Kind.ANSWER else "letter.status_reported",
        subject_person=letter.personal_number,
        object_type="letter",
        object_id=str(letter.pk),
        purpose=PURPOSE,
        detail={"status": status, "extension": extension, "documents": len(stored)},
    )
    _tell(letter=letter, message=detail.get("message") or {}, answer=kind == LetterEvent.Kind.ANSWER)
    return {"repeat": False}


def _tell(*, letter: Letter, message: dict[str, str], answer: bool) -> None:
    user = letter.user
    subject, text = {}, {}
    for language in ("ka", "en"):
        with translation.override(language):
            state = str(Letter.Status(letter.status).label)
            subject[language] = _("Letter %(reference)s: %(status)s") % {
                "reference": letter.reference,
                "status": state,
            }
            said = message.get(language, "")
            text[language] = _("The public body reported on your letter %(reference)s: %(status)s.") % {
                "reference": letter.reference,
                "status": state,
            } + (f"\n\n{said}" if said else "")
    inbox_post(user=user, kind="letter", subject=subject, body=text, link=f"/letters/{letter.pk}/")
    language = user.language or "ka"
    with translation.override(language):
        context = {"reference": letter.reference, "status": str(Letter.Status(letter.status).label)}
    for channel in channels_for(user=user, group=ANSWERS if answer else STATUS):
        notification_send(
            channel=channel,
            to=user.mobile if channel == "sms" else user.email,
            template="correspondence.status",
            context=context,
            language=language,
            user=user,
        )
