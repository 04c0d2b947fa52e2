"""Letters at the desk (issue 5, ADR 0006): what a desk-served body receives (letter.send,
handed over in-process by the outbox like applications) and what its officials do with a letter:
take it, ask for a clarification (the clock stops), record an extension with its legal ground,
answer or refuse (a refusal names its legal ground). Each report is a signed letter.status or
letter.answer through exchange.callbacks.callback_receive, as a remote body's would be.

The desk computes each letter's deadline from its own records with the portal's one engine
(correspondence.selectors.request_deadline), so the official and the person see the same date."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max

from panjara.audit.services import Actor, audit_record
from panjara.core import clock
from panjara.correspondence.selectors import Timeline, pauses_between, request_deadline
from panjara.deadlines.engine import Deadline, Recorded
from panjara.deadlines.rules import EXTENSIONS, KINDS, extensions_for
from panjara.deadlines.selectors import local_date
from panjara.exchange.callbacks import callback_receive
from panjara.exchange.models import Agency
from panjara.identity.models import User
from panjara.identity.services.accounts import staff_actor
from panjara_protocol import Envelope, Party, new_envelope, seal
from panjara_protocol.kinds import LETTER_ANSWER, LETTER_STATUS

from .attachments import BadAttachment, attachment_seal, attachments_decode
from .keys import desk_key_ensure
from .models import DeskCaseEvent, DeskLetter, DeskLetterAttachment, DeskLetterEvent

PURPOSE = "correspondence"
SUBJECT_MAX = 200
TEXT_MAX = 20000
S = DeskLetter.Status
TAKE_FROM = (S.NEW, S.CLARIFIED)
CLARIFY_FROM = (S.IN_PROGRESS, S.CLARIFIED)
EXTEND_FROM = (S.IN_PROGRESS, S.CLARIFIED)
ANSWER_FROM = (S.IN_PROGRESS, S.CLARIFIED, S.CLARIFICATION_NEEDED)


class LetterRefusal(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _uuid(value: Any, what: str, *, optional: bool = False) -> uuid.UUID | None:
    if optional and value is None:
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise LetterRefusal("malformed", f"{what} is not a UUID") from None


def desk_letter_receive(*, agency: Agency, request: Envelope) -> dict[str, Any]:
    """Register a letter, or find the one registered for the same id before (the repeat)."""
    body = request.body if isinstance(request.body, dict) else {}
    letter = body.get("letter")
    if not isinstance(letter, dict):
        raise LetterRefusal("malformed", "body.letter is not an object")
    letter_id = _uuid(letter.get("id"), "letter.id")
    existing = DeskLetter.objects.filter(agency=agency, letter_id=letter_id).first()
    if existing is not None:
        return {"case": existing.number, "repeat": True}
    subject = request.subject
    if subject is None or subject.kind != "person":
        raise LetterRefusal("malformed_subject", "the writer is a person")
    kind, title, text = letter.get("kind"), letter.get("subject"), letter.get("text")
    if kind not in KINDS:
        raise LetterRefusal("malformed", "kind is letter, public_information or personal_data")
    if (
        not isinstance(title, str)
        or not isinstance(text, str)
        or len(title) > SUBJECT_MAX
        or len(text) > TEXT_MAX
    ):
        raise LetterRefusal("malformed", "subject (≤ 200) and text (≤ 20000) are strings")
    submitted_at = _moment(letter.get("submitted_at"))
    if submitted_at is None:
        raise LetterRefusal("malformed", "submitted_at is an ISO time with its zone")
    try:
        files = attachments_decode(letter.get("attachments"))
    except BadAttachment as bad:
        raise LetterRefusal("bad_attachment", str(bad)) from None
    clarifies = _uuid(letter.get("clarifies"), "letter.clarifies", optional=True)
    now = clock.now()
    for _attempt in range(5):
        sequence = (DeskLetter.objects.filter(agency=agency).aggregate(last=Max("sequence"))["last"] or 0) + 1
        try:
            with transaction.atomic():
                row = DeskLetter.objects.create(
                    agency=agency,
                    sequence=sequence,
                    number=f"{agency.code.upper()}-L-{sequence:06d}",
                    letter_id=letter_id,
                    reference=str(letter.get("reference") or "")[:32],
                    kind=kind,
                    unit=str(letter.get("unit") or "")[:64],
                    subject=title,
                    text=text,
                    language=letter.get("language") if letter.get("language") in ("ka", "en") else "ka",
                    personal_number=subject.id,
                    thread=_uuid(letter.get("thread"), "letter.thread"),
                    clarifies=clarifies,
                    submitted_at=submitted_at,
                    received_at=now,
                )
                break
        except IntegrityError:
            existing = DeskLetter.objects.filter(agency=agency, letter_id=letter_id).first()
            if existing is not None:
                return {"case": existing.number, "repeat": True}
    else:
        raise RuntimeError(f"could not number a letter of {agency.code}")
    DeskLetterAttachment.objects.bulk_create([_sealed(row, received) for received in files])
    DeskLetterEvent.objects.create(
        letter=row, kind=DeskLetterEvent.Kind.RECEIVED, at=now, detail={"reference": row.reference}
    )
    if clarifies is not None:
        asked = DeskLetter.objects.filter(agency=agency, letter_id=clarifies).first()
        if asked is not None:
            DeskLetter.objects.filter(pk=asked.pk, status=S.CLARIFICATION_NEEDED).update(status=S.CLARIFIED)
            DeskLetterEvent.objects.create(
                letter=asked,
                kind=DeskLetterEvent.Kind.CLARIFIED,
                at=now,
                detail={"letter": row.number, "submitted_at": submitted_at.isoformat()},
            )
    audit_record(
        actor=Actor(kind="agency", id=agency.code, label=agency.name_en),
        action="desk.letter_received",
        subject_person=row.personal_number,
        object_type="desk_letter",
        object_id=row.number,
        purpose=PURPOSE,
        detail={"letter": str(letter_id), "kind": kind, "attachments": len(files)},
    )
    return {"case": row.number, "repeat": False}


def _sealed(row: DeskLetter, received) -> DeskLetterAttachment:
    attachment_id = uuid.uuid4()
    key_id, sealed = attachment_seal(attachment_id=attachment_id, content=received.content)
    return DeskLetterAttachment(
        id=attachment_id,
        letter=row,
        name=received.name,
        media_type=received.media_type,
        size=len(received.content),
        sha256=received.sha256,
        key_id=key_id,
        sealed=sealed,
    )


def desk_letter_deadline(*, letter: DeskLetter, today: date | None = None) -> Deadline:
    """The letter's deadline from the desk's own records: registered the day it was sent, paused
    from each clarification request to the day the clarification was sent, moved by extensions."""
    events = list(letter.events.all())
    asked = [
        local_date(e.at)
        for e in events
        if e.kind == DeskLetterEvent.Kind.STATUS
        and e.status == "clarification_needed"
        and e.outcome == DeskCaseEvent.Outcome.ACCEPTED
    ]
    answered = [
        local_date(_moment(e.detail.get("submitted_at")) or e.at)
        for e in events
        if e.kind == DeskLetterEvent.Kind.CLARIFIED
    ]
    extensions = tuple(
        Recorded(extension=EXTENSIONS[e.extension], on=local_date(e.at))
        for e in events
        if e.extension in EXTENSIONS and e.outcome == DeskCaseEvent.Outcome.ACCEPTED
    )
    return request_deadline(
        Timeline(
            kind=letter.kind,
            registered_on=local_date(letter.submitted_at),
            pauses=pauses_between(asked, answered),
            extensions=extensions,
        ),
        today=today,
    )


@dataclass(frozen=True, kw_only=True)
class LetterActionResult:
    outcome: str  # done | repeat | not_now | refused
    code: str = ""

    @property
    def done(self) -> bool:
        return self.outcome == "done"


def _report(
    *,
    letter: DeskLetter,
    official: User,
    token: str,
    kind: str,
    body: dict[str, Any],
    extension: str = "",
) -> DeskLetterEvent:
    label = body.get("status") or body.get("outcome")
    event_id = f"{token}-{label}"
    envelope = new_envelope(
        iss=letter.agency.code,
        aud=settings.EXCHANGE["PARTY"],
        kind=kind,
        purpose=PURPOSE,
        subject=Party(kind="person", id=letter.personal_number),
        body={"letter": str(letter.letter_id), "event": event_id, **body},
    )
    result = callback_receive(data=seal(envelope, desk_key_ensure(agency=letter.agency)))
    if not result.accepted:
        outcome = DeskCaseEvent.Outcome.REFUSED
    elif isinstance(result.answer.body, dict) and result.answer.body.get("repeat"):
        outcome = DeskCaseEvent.Outcome.REPEAT
    else:
        outcome = DeskCaseEvent.Outcome.ACCEPTED
    return DeskLetterEvent.objects.create(
        letter=letter,
        kind=DeskLetterEvent.Kind.ANSWER if kind == LETTER_ANSWER else DeskLetterEvent.Kind.STATUS,
        at=clock.now(),
        official=official,
        status=label,
        extension=extension,
        report_event=event_id,
        outcome=outcome,
        outcome_code=result.code,
        token=token,
        detail={key: value for key, value in body.items() if key in ("message", "refusal_ground")}
        | {"documents": [d["name"] for d in body.get("documents", [])]},
    )


def _locked(letter: DeskLetter, token: str, allowed: Sequence[str]):
    locked = DeskLetter.objects.select_for_update().select_related("agency").get(pk=letter.pk)
    if DeskLetterEvent.objects.filter(letter=locked, token=token).exists():
        return locked, LetterActionResult(outcome="repeat")
    if locked.status not in allowed:
        return locked, LetterActionResult(outcome="not_now")
    return locked, None


def _audit(letter: DeskLetter, official: User, action: str, detail: dict | None = None) -> None:
    audit_record(
        actor=staff_actor(official),
        action=action,
        subject_person=letter.personal_number,
        object_type="desk_letter",
        object_id=letter.number,
        purpose=PURPOSE,
        detail={"agency": letter.agency.code, **(detail or {})},
    )


def _texts(ka: str, en: str) -> dict[str, str]:
    ka, en = ka.strip(), en.strip()
    return {"ka": ka, "en": en or ka} if ka else {}


def desk_letter_take(*, letter: DeskLetter, official: User, token: str) -> LetterActionResult:
    with transaction.atomic():
        letter, stop = _locked(letter, token, TAKE_FROM)
        if stop is not None:
            return stop
        statuses = ["received", "in_progress"] if letter.status == S.NEW else ["in_progress"]
        for status in statuses:
            event = _report(
                letter=letter, official=official, token=token, kind=LETTER_STATUS, body={"status": status}
            )
            if event.outcome == DeskCaseEvent.Outcome.REFUSED:
                return LetterActionResult(outcome="refused", code=event.outcome_code)
        letter.status, letter.assigned_to = S.IN_PROGRESS, official
        letter.save(update_fields=["status", "assigned_to"])
        _audit(letter, official, "desk.letter_taken")
    return LetterActionResult(outcome="done")


def desk_letter_clarify(
    *, letter: DeskLetter, official: User, token: str, text_ka: str, text_en: str
) -> LetterActionResult:
    """Ask the writer for a clarification: the clock stops until they answer."""
    message = _texts(text_ka, text_en)
    if not message:
        raise ValueError("a clarification request says what is unclear")
    with transaction.atomic():
        letter, stop = _locked(letter, token, CLARIFY_FROM)
        if stop is not None:
            return stop
        event = _report(
            letter=letter,
            official=official,
            token=token,
            kind=LETTER_STATUS,
            body={"status": "clarification_needed", "message": message},
        )
        if event.outcome == DeskCaseEvent.Outcome.REFUSED:
            return LetterActionResult(outcome="refused", code=event.outcome_code)
        letter.status = S.CLARIFICATION_NEEDED
        letter.assigned_to = letter.assigned_to or official
        letter.save(update_fields=["status", "assigned_to"])
        _audit(letter, official, "desk.letter_clarification_asked")
    return LetterActionResult(outcome="done")


def desk_letter_extend(*, letter: DeskLetter, official: User, token: str, ground: str) -> LetterActionResult:
    """Record an extension on a ground the law allows for the letter's kind."""
    if ground not in {extension.code for extension in extensions_for(letter.kind)}:
        raise ValueError(f"{ground!r} is not a ground for {letter.kind}")
    with transaction.atomic():
        letter, stop = _locked(letter, token, EXTEND_FROM)
        if stop is not None:
            return stop
        event = _report(
            letter=letter,
            official=official,
            token=token,
            kind=LETTER_STATUS,
            body={"status": "extended", "extension": ground},
            extension=ground,
        )
        if event.outcome == DeskCaseEvent.Outcome.REFUSED:
            return LetterActionResult(outcome="refused", code=event.outcome_code)
        _audit(letter, official, "desk.letter_extended", {"ground": ground})
    return LetterActionResult(outcome="done")


def desk_letter_answer(
    *,
    letter: DeskLetter,
    official: User,
    token: str,
    refused: bool,
    text_ka: str,
    text_en: str,
    ground_ka: str = "",
    ground_en: str = "",
    documents: Sequence[tuple[str, bytes]] = (),
) -> LetterActionResult:
    """Answer, or refuse naming the law the refusal rests on (the portal refuses a refusal
    without a ground: the official then sees why)."""
    message = _texts(text_ka, text_en)
    if not message:
        raise ValueError("an answer has text")
    body: dict[str, Any] = {
        "outcome": "refused" if refused else "answered",
        "message": message,
        "documents": [
            {"name": name, "content": base64.b64encode(content).decode("ascii")}
            for name, content in documents
        ],
    }
    if refused:
        ground = _texts(ground_ka, ground_en)
        if ground:
            body["refusal_ground"] = ground
    with transaction.atomic():
        letter, stop = _locked(letter, token, ANSWER_FROM)
        if stop is not None:
            return stop
        event = _report(letter=letter, official=official, token=token, kind=LETTER_ANSWER, body=body)
        if event.outcome == DeskCaseEvent.Outcome.REFUSED:
            return LetterActionResult(outcome="refused", code=event.outcome_code)
        letter.status = S.REFUSED if refused else S.ANSWERED
        letter.answered_at = clock.now()
        letter.assigned_to = letter.assigned_to or official
        letter.save(update_fields=["status", "answered_at", "assigned_to"])
        _audit(letter, official, "desk.letter_answered", {"outcome": body["outcome"]})
    return LetterActionResult(outcome="done")


@dataclass(frozen=True, kw_only=True)
class QueuedLetter:
    letter: DeskLetter
    due: date
    days_left: int
    paused: bool


def desk_letters_queue(*, agency: Agency) -> list[QueuedLetter]:
    """The agency's open letters with their deadlines, overdue and soonest due first."""
    today = local_date(clock.now())
    rows = []
    for letter in DeskLetter.objects.filter(agency=agency, status__in=DeskLetter.OPEN).prefetch_related(
        "events"
    ):
        deadline = desk_letter_deadline(letter=letter, today=today)
        rows.append(
            QueuedLetter(
                letter=letter, due=deadline.due, days_left=(deadline.due - today).days, paused=deadline.paused
            )
        )
    return sorted(rows, key=lambda row: (row.paused, row.due, row.letter.received_at))
