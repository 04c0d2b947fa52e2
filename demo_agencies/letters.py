"""An agency's register of letters received over `letter.send` (docs/demo-agencies.md, "Letters").

Like applications, letters arrive at least once: the register knows a letter by the portal's
letter id and answers a repeat with the registration number it gave the first time, so one letter
makes one walk and one set of reports however often it arrives.

A reminder (`letter.reminder`, protocol §6.8) that a letter is overdue is only recorded on the
letter: the demo's bodies answer on their own pace, and a reminder changes nothing in that.

A letter that clarifies another (`clarifies`) is registered too (so its repeats are recognised),
and wakes the letter it clarifies if that one is waiting for the person's clarification. A
clarification for a letter that is not waiting is simply a new letter in the thread.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from demo_agencies.attachments import Attachment, BadAttachment, attachments_check
from demo_agencies.casework import Report

KINDS = ("letter", "public_information", "personal_data")
NO_ANSWER = "[no answer]"  # a demo knob in the subject: received, never answered (overdue tests)

_UUID = {"type": "string", "format": "uuid"}
_SCHEMA = {
    "type": "object",
    "required": ["letter"],
    "properties": {
        "letter": {
            "type": "object",
            "required": [
                "id",
                "reference",
                "kind",
                "unit",
                "subject",
                "text",
                "language",
                "submitted_at",
                "thread",
                "clarifies",
            ],
            "properties": {
                "id": _UUID,
                "reference": {"type": "string", "maxLength": 64},
                "kind": {"enum": list(KINDS)},
                "unit": {"type": "string", "maxLength": 200},
                "subject": {"type": "string", "minLength": 1, "maxLength": 200},
                "text": {"type": "string", "maxLength": 20000},
                "language": {"enum": ["ka", "en"]},
                "submitted_at": {"type": "string", "maxLength": 64},
                "thread": _UUID,
                "clarifies": {"anyOf": [_UUID, {"type": "null"}]},
                # Checked item by item in attachments.py, which says what is wrong with a file.
                "attachments": {"type": "array"},
            },
        }
    },
}
_VALIDATOR = Draft202012Validator(_SCHEMA, format_checker=FormatChecker())
_DAY = {"type": "string", "format": "date"}
_REMINDER_SCHEMA = {
    "type": "object",
    "required": ["letter"],
    "properties": {
        "letter": {
            "type": "object",
            "required": ["id", "reference", "agency_case", "due_on", "overdue_since"],
            "properties": {
                "id": _UUID,
                "reference": {"type": "string", "maxLength": 64},
                "agency_case": {"type": "string", "maxLength": 64},
                "due_on": _DAY,
                "overdue_since": _DAY,
            },
        }
    },
}
_REMINDER_VALIDATOR = Draft202012Validator(_REMINDER_SCHEMA, format_checker=FormatChecker())


class LetterRefused(Exception):
    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(kw_only=True)
class Letter:
    number: str  # our registration number, given in the ack
    id: str
    reference: str  # the portal's registration number
    kind: str
    unit: str
    subject: str
    text: str
    language: str
    submitted_at: str  # as the portal stated it
    thread: str
    clarifies: str | None
    sender: str  # the person's personal number (the envelope's subject)
    attachments: list[Attachment]
    received_at: datetime
    deliveries: int = 1  # how many times the letter arrived; it walks once
    clarifications: list[Letter] = field(default_factory=list)  # the person's answers to our question
    reports: list[Report] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)  # the portal's, one per letter
    # open → waiting (asked for clarification) → open → answered; "clarification" for a letter
    # that only resumed another; "unanswered" for the [no answer] knob; "stopped" when the portal
    # refused a report or the walk broke.
    stage: str = "open"
    clarified: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    @property
    def is_reply(self) -> bool:
        """A later letter in a thread the person started earlier."""
        return self.thread != self.id

    def wording(self) -> str:
        """What the person wrote, with their clarifications: what the agency reads to decide."""
        return "\n".join([self.subject, self.text, *(c.text for c in self.clarifications)])


@dataclass(kw_only=True)
class LetterRegister:
    agency: str
    letters: dict[str, Letter] = field(default_factory=dict)  # by the portal's letter id
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def receive(self, *, sender: str, body: Any) -> tuple[Letter, bool, Letter | None]:
        """Register the letter, or find it registered before. Returns the letter the ack names
        (for a clarification, the letter it resumed), whether this delivery was a repeat, and the
        letter that must now start walking (None for a repeat or a clarification)."""
        errors = sorted(_VALIDATOR.iter_errors(body), key=lambda error: list(error.path))
        if errors:
            where = "/".join(str(part) for part in errors[0].path) or "(body)"
            raise LetterRefused("malformed_letter", f"{where}: {errors[0].message}"[:300])
        given = body["letter"]
        try:
            attachments = attachments_check(given.get("attachments"))
        except BadAttachment as bad:
            raise LetterRefused("bad_attachment", str(bad)[:300]) from None
        with self._lock:
            known = self.letters.get(given["id"])
            if known is not None:
                known.deliveries += 1
                return self._named_in_ack(known), True, None
            letter = Letter(
                number=f"{self.agency.upper()}-L-{len(self.letters) + 1:06d}",
                id=given["id"],
                reference=given["reference"],
                kind=given["kind"],
                unit=given["unit"],
                subject=given["subject"],
                text=given["text"],
                language=given["language"],
                submitted_at=given["submitted_at"],
                thread=given["thread"],
                clarifies=given["clarifies"],
                sender=sender,
                attachments=attachments,
                received_at=datetime.now(UTC),
            )
            self.letters[letter.id] = letter
            original = self.letters.get(letter.clarifies) if letter.clarifies else None
            # Only the sender's own letter, and only while it waits: anything else is a new letter.
            if original is None or original.sender != sender or original.stage != "waiting":
                return letter, False, letter
            letter.stage = "clarification"
            original.clarifications.append(letter)
        original.clarified.set()
        return original, False, None

    def remind(self, *, sender: str, body: Any) -> tuple[Letter, bool]:
        """Record the portal's reminder that a letter is overdue. Returns the letter and whether
        the reminder had arrived before (delivery is at least once; a repeat changes nothing)."""
        errors = sorted(_REMINDER_VALIDATOR.iter_errors(body), key=lambda error: list(error.path))
        if errors:
            where = "/".join(str(part) for part in errors[0].path) or "(body)"
            raise LetterRefused("malformed", f"{where}: {errors[0].message}"[:300])
        given = body["letter"]
        with self._lock:
            letter = self.letters.get(given["id"])
            # Another person's letter is as unknown as a letter never sent: nothing is revealed.
            if letter is None or letter.sender != sender:
                raise LetterRefused("unknown_letter", "no letter with this id was sent to us")
            if letter.reminders:
                return letter, True
            letter.reminders.append({**given, "received_at": datetime.now(UTC).isoformat()})
        return letter, False

    def _named_in_ack(self, letter: Letter) -> Letter:
        if letter.stage == "clarification" and letter.clarifies in self.letters:
            return self.letters[letter.clarifies]
        return letter
