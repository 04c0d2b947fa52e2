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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from panjara.audit.services import Actor, audit_record
from panjara.core import clock
from panjara.correspondence.selectors import Timeline, pauses_between, request_deadline
from panjara.deadlines.engine import Deadline, Recorded
from panjara.deadlines.rules import EXTENSIONS, KINDS, extensions_for
from panjara.deadlines.selectors import local_date
from panjara.exchange.models import Agency
from panjara.identity.models import User
from panjara.identity.services.accounts import staff_actor
from panjara_protocol import Envelope
from panjara_protocol.kinds import LETTER_ANSWER, LETTER_STATUS

from .attachments import BadAttachment, attachment_seal, attachments_decode
from .intake import moment_of, numbered_create
from .models import DeskCaseEvent, DeskLetter, DeskLetterAttachment, DeskLetterEvent
from .services import ActionResult, report_deliver, texts_both

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
    submitted_at = moment_of(letter.get("submitted_at"))
    if submitted_at is None:
        raise LetterRefusal("malformed", "submitted_at is an ISO time with its zone")
    try:
        files = attachments_decode(letter.get("attachments"))
    except BadAttachment as bad:
        raise LetterRefusal("bad_attachment", str(bad)) from None
    clarifies = _uuid(letter.get("clarifies"), "letter.clarifies", optional=True)
    thread = _uuid(letter.get("thread"), "letter.thread")
    now = clock.now()
    row, repeat = numbered_create(
        DeskLetter,
        agency=agency,
        series="L-",
        once={"letter_id": letter_id},
        reference=str(letter.get("reference") or "")[:32],
        kind=kind,
        unit=str(letter.get("unit") or "")[:64],
        subject=title,
        text=text,
        language=letter.get("language") if letter.get("language") in ("ka", "en") else "ka",
        personal_number=subject.id,
        thread=thread,
        clarifies=clarifies,
        submitted_at=submitted_at,
        received_at=now,
    )
    if repeat:
        return {"case": row.number, "repeat": True}
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
        local_date(moment_of(e.detail.get("submitted_at")) or e.at)
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
    reported = report_deliver(
        agency=letter.agency,
        personal_number=letter.personal_number,
        kind=kind,
        purpose=PURPOSE,
        body={"letter": str(letter.letter_id), "event": f"{token}-{label}", **body},
        official=official,
        token=token,
    )
    return DeskLetterEvent.objects.create(
        letter=letter,
        kind=DeskLetterEvent.Kind.ANSWER if kind == LETTER_ANSWER else DeskLetterEvent.Kind.STATUS,
        status=label,
        extension=extension,
        detail={key: value for key, value in body.items() if key in ("message", "refusal_ground")}
        | {"documents": [d["name"] for d in body.get("documents", [])]},
        **reported,
    )


def _act(
    *,
    letter: DeskLetter,
    official: User,
    token: str,
    allowed: Sequence[str],
    kind: str,
    bodies: Callable[[DeskLetter], list[dict[str, Any]]],
    extension: str = "",
    then: Callable[[DeskLetter], None],
) -> ActionResult:
    """One official's action on a letter, in one transaction with the letter locked: the reports
    (`bodies` of the locked letter, sent in order; the first the portal refuses stops it), then
    the desk's own change (`then`). A form submitted again does nothing again."""
    with transaction.atomic():
        locked = DeskLetter.objects.select_for_update().select_related("agency").get(pk=letter.pk)
        if DeskLetterEvent.objects.filter(letter=locked, token=token).exists():
            return ActionResult(outcome="repeat")
        if locked.status not in allowed:
            return ActionResult(outcome="not_now")
        for body in bodies(locked):
            event = _report(
                letter=locked, official=official, token=token, kind=kind, body=body, extension=extension
            )
            if event.outcome == DeskCaseEvent.Outcome.REFUSED:
                return ActionResult(outcome="refused", code=event.outcome_code)
        then(locked)
    return ActionResult(outcome="done")


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


def _assign(letter: DeskLetter, official: User, status: str, *fields: str) -> None:
    letter.status = status
    letter.assigned_to = letter.assigned_to or official
    letter.save(update_fields=["status", "assigned_to", *fields])


def desk_letter_take(*, letter: DeskLetter, official: User, token: str) -> ActionResult:
    def taken(locked: DeskLetter) -> None:
        locked.assigned_to = official
        _assign(locked, official, S.IN_PROGRESS)
        _audit(locked, official, "desk.letter_taken")

    return _act(
        letter=letter,
        official=official,
        token=token,
        allowed=TAKE_FROM,
        kind=LETTER_STATUS,
        bodies=lambda locked: [
            {"status": status}
            for status in (["received", "in_progress"] if locked.status == S.NEW else ["in_progress"])
        ],
        then=taken,
    )


def desk_letter_clarify(
    *, letter: DeskLetter, official: User, token: str, text_ka: str, text_en: str
) -> ActionResult:
    """Ask the writer for a clarification: the clock stops until they answer."""
    message = texts_both(text_ka, text_en)
    if not message:
        raise ValueError("a clarification request says what is unclear")

    def asked(locked: DeskLetter) -> None:
        _assign(locked, official, S.CLARIFICATION_NEEDED)
        _audit(locked, official, "desk.letter_clarification_asked")

    return _act(
        letter=letter,
        official=official,
        token=token,
        allowed=CLARIFY_FROM,
        kind=LETTER_STATUS,
        bodies=lambda _locked: [{"status": "clarification_needed", "message": message}],
        then=asked,
    )


def desk_letter_extend(*, letter: DeskLetter, official: User, token: str, ground: str) -> ActionResult:
    """Record an extension on a ground the law allows for the letter's kind."""
    if ground not in {extension.code for extension in extensions_for(letter.kind)}:
        raise ValueError(f"{ground!r} is not a ground for {letter.kind}")
    return _act(
        letter=letter,
        official=official,
        token=token,
        allowed=EXTEND_FROM,
        kind=LETTER_STATUS,
        bodies=lambda _locked: [{"status": "extended", "extension": ground}],
        extension=ground,
        then=lambda locked: _audit(locked, official, "desk.letter_extended", {"ground": ground}),
    )


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
) -> ActionResult:
    """Answer, or refuse naming the law the refusal rests on (the portal refuses a refusal
    without a ground: the official then sees why)."""
    message = texts_both(text_ka, text_en)
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
        ground = texts_both(ground_ka, ground_en)
        if ground:
            body["refusal_ground"] = ground

    def answered(locked: DeskLetter) -> None:
        locked.answered_at = clock.now()
        _assign(locked, official, S.REFUSED if refused else S.ANSWERED, "answered_at")
        _audit(locked, official, "desk.letter_answered", {"outcome": body["outcome"]})

    return _act(
        letter=letter,
        official=official,
        token=token,
        allowed=ANSWER_FROM,
        kind=LETTER_ANSWER,
        bodies=lambda _locked: [body],
        then=answered,
    )


def desk_letter_read(*, letter: DeskLetter, official: User, attachment: str = "") -> None:
    """Record that an official read a letter (or one of its files): the writer's data, shown on
    their "who used my data" page like every read of it. Opening the page and downloading a file
    are told apart, as they are for an application (desk_case_read)."""
    if attachment:
        _audit(letter, official, "desk.letter_attachment_read", {"attachment": attachment})
    else:
        _audit(letter, official, "desk.letter_read")


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
    # A clarification waits for no answer of its own: the officials read it on the page of the
    # letter it clarifies, whose clock it restarted.
    open_letters = DeskLetter.objects.filter(agency=agency, status__in=DeskLetter.OPEN, clarifies=None)
    for letter in open_letters.prefetch_related("events"):
        deadline = desk_letter_deadline(letter=letter, today=today)
        rows.append(
            QueuedLetter(
                letter=letter, due=deadline.due, days_left=(deadline.due - today).days, paused=deadline.paused
            )
        )
    return sorted(rows, key=lambda row: (row.paused, row.due, row.letter.received_at))
