"""The outbox: messages the portal must deliver to agencies at least once.

A feature writes its row with `outbox_put` inside its own transaction (an application and its
delivery exist together or not at all). A worker then runs `outbox_deliver` for it, again with
backoff until the agency acknowledges; the periodic sweep re-enqueues rows whose job was lost
(a worker killed mid-attempt, a queue that was down at commit time). Every state change is a
compare-and-set UPDATE, so two workers never both own an attempt, on SQLite and PostgreSQL alike.

Delivery is at least once: a worker can die after the agency acknowledged and before the row was
marked. The receiver therefore recognises a repeat by the body's reference (docs/
exchange-protocol.md §6.3), never by the envelope id, which is new for every attempt.

An agency served at the desk (Agency.channel "desk", ADR 0006) has no address to post to: its
messages are handed in-process to the receiver the desk registered with `desk_receiver`, which
answers with bytes signed by the agency's desk key. They are verified, logged and acknowledged
exactly as an answer over HTTP would be, so what follows an `ack` does not know the difference.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F

from panjara.audit.services import PORTAL
from panjara.core import clock
from panjara_protocol import Envelope, Party, new_envelope, seal

from .client import Outcome, Request, Status, answer_outcome
from .keys import portal_signing_key
from .models import Agency, OutboxMessage
from .selectors import agency_channel, exchange_limits, exchange_targets
from .services import exchange_ask_sync, exchange_log

log = logging.getLogger(__name__)

DeliveredHandler = Callable[[OutboxMessage, Envelope], Any]
_ON_DELIVERED: dict[str, DeliveredHandler] = {}

# The portal's request (a value: kind, body, service, subject, aud = the agency) → the agency's
# signed answer, an `ack` or a signed `error`, as the bytes an agency would have sent over HTTP.
DeskReceiver = Callable[[Envelope], bytes]
_DESK_RECEIVER: list[DeskReceiver] = []


def desk_receiver(receiver: DeskReceiver) -> DeskReceiver:
    """Register the receiver of messages for agencies served at the desk. The exchange never
    imports the desk app; the desk registers itself here when it loads."""
    if _DESK_RECEIVER and _DESK_RECEIVER[0] is not receiver:
        raise ValueError("a desk receiver is already registered")
    _DESK_RECEIVER[:] = [receiver]
    return receiver


def outbox_delivered(kind: str) -> Callable[[DeliveredHandler], DeliveredHandler]:
    """Register what happens when an agency acknowledges a message of this kind. The handler runs
    in the transaction that marks the row delivered, exactly once per row."""

    def register(handler: DeliveredHandler) -> DeliveredHandler:
        if kind in _ON_DELIVERED and _ON_DELIVERED[kind] is not handler:
            raise ValueError(f"a delivery handler for {kind!r} is already registered")
        _ON_DELIVERED[kind] = handler
        return handler

    return register


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt: doubling from the first delay up to the cap, with ±20 %
    jitter so that messages held up by one agency outage do not all return in one burst."""
    first = settings.EXCHANGE["OUTBOX_FIRST_RETRY_SECONDS"]
    cap = settings.EXCHANGE["OUTBOX_MAX_RETRY_SECONDS"]
    seconds = min(cap, first * 2 ** max(0, attempts - 1))
    return timedelta(seconds=seconds * random.uniform(0.8, 1.2))


def outbox_put(
    *,
    reference: str,
    agency_code: str,
    kind: str,
    purpose: str,
    body: dict[str, Any],
    service: str = "",
    subject_person: str = "",
) -> OutboxMessage:
    """Write one message to deliver; call it inside the transaction of what it carries. Its first
    attempt is queued for after that transaction commits."""
    row = OutboxMessage.objects.create(
        reference=reference,
        agency_code=agency_code,
        kind=kind,
        purpose=purpose,
        service=service,
        subject_person=subject_person,
        body=body,
        next_attempt_at=clock.now(),
    )
    _enqueue_on_commit(row.pk)
    return row


def _enqueue_on_commit(message_id: int, *, run_after=None) -> None:
    from .tasks import deliver_outbox_message

    def enqueue() -> None:
        task = deliver_outbox_message.using(run_after=run_after) if run_after else deliver_outbox_message
        task.enqueue(message_id)

    # If the queue refuses now, the row is still pending and the sweep finds it.
    transaction.on_commit(enqueue, robust=True)


def _claim(*, message_id: int) -> OutboxMessage | None:
    now = clock.now()
    lease = timedelta(seconds=settings.EXCHANGE["OUTBOX_LEASE_SECONDS"])
    claimed = OutboxMessage.objects.filter(
        pk=message_id, status=OutboxMessage.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + lease, attempts=F("attempts") + 1)
    return OutboxMessage.objects.get(pk=message_id) if claimed else None


def outbox_deliver(*, message_id: int) -> OutboxMessage | None:
    """One attempt at one message, if it is due and nobody else holds it. Returns the row after
    the attempt, or None when there was nothing to do."""
    row = _claim(message_id=message_id)
    if row is None:
        return None
    request = Request(
        agency=row.agency_code,
        kind=row.kind,
        purpose=row.purpose,
        service=row.service or None,
        subject=Party(kind="person", id=row.subject_person) if row.subject_person else None,
        body=row.body,
    )
    if agency_channel(code=row.agency_code) == Agency.Channel.DESK:
        outcome = _ask_desk(request)
    else:
        outcome = exchange_ask_sync([request], on_behalf=PORTAL)[0]
    if outcome.ok and outcome.answer is not None:
        return _mark_delivered(row=row, answer=outcome.answer)
    wait = backoff(row.attempts)
    retry_at = clock.now() + wait
    OutboxMessage.objects.filter(pk=row.pk, status=OutboxMessage.Status.PENDING).update(
        next_attempt_at=retry_at, last_error=outcome.reason[:300]
    )
    log.info(
        "outbox %s to %s: attempt %d failed (%s)",
        row.reference,
        row.agency_code,
        row.attempts,
        outcome.reason,
    )
    _enqueue_on_commit(row.pk, run_after=retry_at)
    row.refresh_from_db()
    return row


def _ask_desk(request: Request) -> Outcome:
    """One attempt at an agency served at the desk: the same signed request an agency's system
    would get, handed to the desk in-process; its answer judged and logged like one over HTTP."""
    limits = exchange_limits()
    envelope = new_envelope(
        iss=limits.party,
        aud=request.agency,
        kind=request.kind,
        purpose=request.purpose,
        service=request.service,
        subject=request.subject,
        actor=request.actor,
        principal=request.principal,
        body=request.body,
    )
    sent_bytes = seal(envelope, portal_signing_key())
    base = dict(request=request, sent=envelope, sent_bytes=sent_bytes)
    started = time.perf_counter()
    if not _DESK_RECEIVER:
        outcome = Outcome(**base, status=Status.UNAVAILABLE, reason="no desk receiver is installed")
    else:
        try:
            raw = _DESK_RECEIVER[0](envelope)
        except Exception as error:
            # A fault in the desk is this agency being unavailable, as a 500 from its server would
            # be: the row waits and is tried again, and the traceback is in the log.
            log.exception("desk receiver failed on %s for %s", request.kind, request.agency)
            outcome = Outcome(**base, status=Status.UNAVAILABLE, reason=f"desk: {type(error).__name__}")
        else:
            # Keys are read after the desk answered: it registers its key on first need.
            target = exchange_targets(codes={request.agency}).get(request.agency)
            outcome = (
                answer_outcome(request, envelope, sent_bytes, raw=raw, target=target, limits=limits)
                if target is not None
                else Outcome(**base, status=Status.UNAVAILABLE, raw=raw, reason="unknown or inactive agency")
            )
    elapsed = int((time.perf_counter() - started) * 1000)
    return exchange_log(outcomes=[dataclasses.replace(outcome, elapsed_ms=elapsed)], on_behalf=PORTAL)[0]


@transaction.atomic
def _mark_delivered(*, row: OutboxMessage, answer: Envelope) -> OutboxMessage:
    marked = OutboxMessage.objects.filter(pk=row.pk, status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.DELIVERED,
        delivered_at=clock.now(),
        answer_message_id=answer.id,
        answer_body=answer.body,
        last_error="",
    )
    row.refresh_from_db()
    handler = _ON_DELIVERED.get(row.kind)
    if marked and handler is not None:
        handler(row, answer)
    return row


def outbox_sweep(*, limit: int = 500) -> int:
    """Queue an attempt for every pending message that is due: the safety net for jobs lost with
    a killed worker or a queue that was down. A row already queued is queued again harmlessly:
    only one attempt can claim it."""
    due = list(
        OutboxMessage.objects.filter(
            status=OutboxMessage.Status.PENDING, next_attempt_at__lte=clock.now()
        ).values_list("pk", flat=True)[:limit]
    )
    from .tasks import deliver_outbox_message

    for message_id in due:
        deliver_outbox_message.enqueue(message_id)
    return len(due)
