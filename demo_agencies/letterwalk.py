"""A letter walking on its own to its answer, reporting each step to the portal.

received → in_progress → [clarification_needed → (the person's clarifying letter) → in_progress]
→ [extended] → answered | refused, each a signed `letter.status` or `letter.answer` callback
sent until the portal settles it, exactly as a case's reports are (`walk.report_deliver`). What
the agency answers is decided in `replies.py`.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from datetime import UTC, datetime
from typing import Any

from demo_agencies.casework import Report
from demo_agencies.documents import Paper, Text, render
from demo_agencies.letters import NO_ANSWER, Letter
from demo_agencies.replies import SEARCH_GROUND, letter_reply, needs_clarification, needs_search
from demo_agencies.walk import Desk, report_deliver, texts_of
from panjara_protocol import kinds as K

log = logging.getLogger("demo_agencies")

PURPOSE = "correspondence"


async def letter_walk(letter: Letter, *, desk: Desk) -> None:
    try:
        await _walk(letter, desk=desk)
    except asyncio.CancelledError:
        raise
    except Exception:
        # A walk that breaks must say so where an operator looks, not vanish with its task.
        log.exception("%s: letter %s stopped by an error", desk.code, letter.number)
        letter.stage = "stopped"


async def _walk(letter: Letter, *, desk: Desk) -> None:
    received = (
        f"წერილი მიღებულია და დარეგისტრირდა ნომრით {letter.number}.",
        f"Your letter was received and registered as {letter.number}.",
    )
    if not await _report(letter, desk, step="received", status="received", message=received):
        return
    if NO_ANSWER in letter.subject:
        letter.stage = "unanswered"  # the demo's overdue letter: it stays at "received" for ever
        return
    examining = ("წერილი განხილვის პროცესშია.", "Your letter is being examined.")
    if not await _report(letter, desk, step="in-progress", status="in_progress", message=examining):
        return
    kind = "letter" if letter.is_reply else letter.kind
    if kind == "letter" and needs_clarification(letter):
        asked = (
            "გთხოვთ, უფრო დეტალურად აღწეროთ თქვენი საკითხი.",
            "Please describe your question in more detail.",
        )
        if not await _report(
            letter, desk, step="clarification-needed", status="clarification_needed", message=asked
        ):
            return
        letter.stage = "waiting"
        while not letter.clarifications:
            letter.clarified.clear()
            await letter.clarified.wait()
        letter.stage = "open"
        resumed = (
            "დაზუსტება მიღებულია; განხილვა გრძელდება.",
            "Your clarification was received; the examination continues.",
        )
        if not await _report(letter, desk, step="in-progress-2", status="in_progress", message=resumed):
            return
    if kind == "public_information" and needs_search(letter):
        searching = (
            "მოთხოვნილი ინფორმაცია უნდა მოიძებნოს, ამიტომ ვადა გრძელდება ზოგადი ადმინისტრაციული "
            "კოდექსით დაშვებულ ვადამდე.",
            "The information you asked for must be searched for, so the term is extended as the "
            "General Administrative Code allows.",
        )
        if not await _report(
            letter, desk, step="extended", status="extended", message=searching, extension=SEARCH_GROUND
        ):
            return
    await asyncio.sleep(desk.processing.pace)
    reply = letter_reply(
        letter, kind=kind, implementation=desk.implementation, agency=desk.name, world=desk.world
    )
    letter.stage = "answered"  # from here on a clarification is a new letter in the thread
    paper = Paper(
        agency=desk.name,
        case=letter.number,
        issued=datetime.now(UTC).date(),
        number_label=("რეგისტრაციის ნომერი", "Registration number"),
    )
    documents = []
    for document in reply.documents:
        pdf = await asyncio.to_thread(render, document, paper)
        documents.append({"name": document.name, "content": base64.b64encode(pdf).decode("ascii")})
    body: dict[str, Any] = {"outcome": reply.outcome, "documents": documents}
    if reply.refusal_ground is not None:
        body["refusal_ground"] = texts_of(reply.refusal_ground)
    await _report(
        letter, desk, step="answer", kind=K.LETTER_ANSWER, message=reply.message, pause=False, **body
    )


async def _report(
    letter: Letter,
    desk: Desk,
    *,
    step: str,
    message: Text,
    status: str | None = None,
    kind: str = K.LETTER_STATUS,
    pause: bool = True,
    **extra: Any,
) -> bool:
    """Send one report until the portal settles it. True when the walk may go on."""
    if pause:
        await asyncio.sleep(desk.processing.pace)
    event = f"{letter.number}-{step}"
    body: dict[str, Any] = {"letter": letter.id, "event": event}
    if status is not None:
        body["status"] = status
    report = Report(event=event, kind=kind, body={**body, "message": texts_of(message), **extra})
    letter.reports.append(report)
    await report_deliver(report, desk=desk, sender=letter.sender, service=None, purpose=PURPOSE)
    if report.outcome == "refused":
        letter.stage = "stopped"
        log.warning(
            "%s: the portal refused %s (%s); letter %s stops", desk.code, event, report.refusal, letter.number
        )
        return False
    log.info("%s: %s %s", desk.code, event, report.outcome)
    return True
