"""A case walking on its own to a decision, reporting each step to the portal (protocol §6.4).

received → in_progress → [info_needed → (the person's supplement) → in_progress] → approved or
refused. Each report is a signed callback, sent until the portal answers it with a signed `ack`
(or a signed `error`, which stops the case: someone has to look at why). A retry is a new message
with the same `event`, so the portal recognises a report it had already recorded.

Walks are asyncio tasks on the server's own loop, started by the request that opened the case;
the desk keeps a reference to each (a task nobody holds can be collected mid-walk) and cancels
them when the server stops.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp

from demo_agencies.casework import Case, Report
from demo_agencies.config import Processing
from demo_agencies.decisions import rules_for
from demo_agencies.documents import Paper, Text, render
from demo_agencies.keystore import PortalKeys
from demo_agencies.world import Population
from panjara_protocol import MEDIA_TYPE, KeyPair, Party, ProtocolError, new_envelope, open_message, seal
from panjara_protocol import kinds as K

log = logging.getLogger("demo_agencies")

MAX_ANSWER_BYTES = 64 << 10  # the portal's ack or error is a few hundred bytes
SETTLED = ("acknowledged", "repeat", "replayed")


@dataclass(kw_only=True)
class Desk:
    """One agency's case office: what a walking case needs, and the walks under way."""

    code: str
    implementation: str
    name: Text
    key: KeyPair
    portal_party: str
    callback_url: str
    portal_keys: PortalKeys
    world: Population
    processing: Processing
    walks: set[asyncio.Task] = field(default_factory=set)

    def start(self, case: Case) -> None:
        """Start the case's walk on the running loop (called from the request that opened it)."""
        self.run(case_walk(case, desk=self), name=f"walk {case.number}")

    def run(self, walk: Coroutine[Any, Any, None], *, name: str) -> None:
        """Run a walk (a case's or a letter's) on the running loop, held until it ends."""
        task = asyncio.get_running_loop().create_task(walk, name=name)
        self.walks.add(task)
        task.add_done_callback(self.walks.discard)

    async def stop(self) -> None:
        for task in list(self.walks):
            task.cancel()
        await asyncio.gather(*self.walks, return_exceptions=True)


def texts_of(text: Text) -> dict[str, str]:
    return {"ka": text[0], "en": text[1]}


async def case_walk(case: Case, *, desk: Desk) -> None:
    try:
        await _walk(case, desk=desk)
    except asyncio.CancelledError:
        raise
    except Exception:
        # A walk that breaks must say so where an operator looks, not vanish with its task.
        log.exception("%s: case %s stopped by an error", desk.code, case.number)
        case.stage = "stopped"


async def _walk(case: Case, *, desk: Desk) -> None:
    rules = rules_for(f"{desk.implementation}.{case.service.partition('.')[2]}")
    received = (
        f"განცხადება მიღებულია და დარეგისტრირდა საქმედ {case.number}.",
        f"Your application was received and registered as case {case.number}.",
    )
    examining = ("განცხადება განხილვის პროცესშია.", "Your application is being examined.")
    if not await _report(case, desk, step="received", status="received", message=received):
        return
    if not await _report(case, desk, step="in-progress", status="in_progress", message=examining):
        return
    if rules.asks is not None and rules.needs(case):
        asked = len(case.supplements)
        if not await _report(case, desk, step="info-needed", status="info_needed", message=rules.asks):
            return
        case.stage = "waiting"
        while len(case.supplements) <= asked:
            case.supplied.clear()
            await case.supplied.wait()
        case.stage = "open"
        resumed = (
            "დამატებითი ინფორმაცია მიღებულია; განხილვა გრძელდება.",
            "The additional information was received; the examination continues.",
        )
        if not await _report(case, desk, step="in-progress-2", status="in_progress", message=resumed):
            return
    await asyncio.sleep(desk.processing.pace)
    today = datetime.now(UTC).date()
    decision = rules.decide(case, desk.world, today)
    case.stage = "decided"  # from here on a supplement is too late (case_closed)
    paper = Paper(agency=desk.name, case=case.number, issued=today)
    documents = []
    for document in decision.documents:
        pdf = await asyncio.to_thread(render, document, paper)
        documents.append({"name": document.name, "content": base64.b64encode(pdf).decode("ascii")})
    body: dict[str, Any] = {"status": decision.status, "message": texts_of(decision.message)}
    if documents:
        body["documents"] = documents
    await _report(case, desk, step="answer", kind=K.CASE_ANSWER, pause=False, **body)


async def _report(
    case: Case,
    desk: Desk,
    *,
    step: str,
    status: str,
    message: Text | dict[str, str],
    kind: str = K.CASE_STATUS,
    pause: bool = True,
    **extra: Any,
) -> bool:
    """Send one report until the portal settles it. True when the walk may go on."""
    if pause:
        await asyncio.sleep(desk.processing.pace)
    event = f"{case.number}-{step}"
    texts = message if isinstance(message, dict) else texts_of(message)
    report = Report(
        event=event,
        kind=kind,
        body={
            "application": case.application_id,
            "event": event,
            "status": status,
            "message": texts,
            **extra,
        },
    )
    case.reports.append(report)
    await report_deliver(
        report, desk=desk, sender=case.applicant, service=case.service, purpose="application"
    )
    if report.outcome == "refused":
        case.stage = "stopped"
        log.warning(
            "%s: the portal refused %s (%s); case %s stops", desk.code, event, report.refusal, case.number
        )
        return False
    log.info("%s: %s %s", desk.code, event, report.outcome)
    return True


async def report_deliver(
    report: Report, *, desk: Desk, sender: str, service: str | None, purpose: str
) -> None:
    """Send the report until the portal settles it (`report.outcome` says how), each attempt a
    new signed message about the person `sender`, backing off between attempts."""
    delay = desk.processing.retry_first
    while True:
        report.attempts += 1
        if await _attempt(report, desk, sender=sender, service=service, purpose=purpose):
            return
        await asyncio.sleep(delay)
        delay = min(delay * 2, desk.processing.retry_max)


async def _attempt(report: Report, desk: Desk, *, sender: str, service: str | None, purpose: str) -> bool:
    """One signed message carrying the report. True when the portal settled it (either way)."""
    envelope = new_envelope(
        iss=desk.code,
        aud=desk.portal_party,
        kind=report.kind,
        purpose=purpose,
        subject=Party(kind="person", id=sender),
        service=service,
        body=report.body,
    )
    try:
        status, answer = await _post(desk, seal(envelope, desk.key))
    except (aiohttp.ClientError, TimeoutError) as error:
        log.info(
            "%s: %s not delivered (%s); will retry", desk.code, report.event, error or type(error).__name__
        )
        return False
    if status == 409:
        # The portal accepted this very message before (we never resend one, but if it says so,
        # the report is in).
        report.outcome = "replayed"
        return True
    try:
        reply = open_message(
            answer,
            key_for=desk.portal_keys.key_for,
            expected_aud=desk.code,
            expected_iss=desk.portal_party,
            in_reply_to=envelope.id,
        )
    except ProtocolError as error:
        # 5xx, an unsigned refusal (the portal may not know our key yet) or an answer we cannot
        # verify: nothing is settled, so try again later.
        log.info(
            "%s: %s got HTTP %s, not a verified answer (%s); will retry",
            desk.code,
            report.event,
            status,
            error.code,
        )
        return False
    body = reply.body if isinstance(reply.body, dict) else {}
    if reply.kind == K.ACK:
        report.outcome = "repeat" if body.get("repeat") is True else "acknowledged"
        return True
    if reply.kind == K.ERROR:
        report.outcome = "refused"
        report.refusal = f"{body.get('error')}: {body.get('detail')}"
        return True
    log.info("%s: %s answered with %s; will retry", desk.code, report.event, reply.kind)
    return False


async def _post(desk: Desk, data: bytes) -> tuple[int, bytes]:
    timeout = aiohttp.ClientTimeout(total=desk.processing.timeout)
    headers = {"Content-Type": MEDIA_TYPE, "Accept": MEDIA_TYPE}
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(desk.callback_url, data=data, headers=headers, allow_redirects=False) as response,
    ):
        chunks, size = [], 0
        async for chunk in response.content.iter_chunked(16 << 10):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                break  # not an answer of ours; it will not verify
            chunks.append(chunk)
        return response.status, b"".join(chunks)
