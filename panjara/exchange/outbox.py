"""The outbox: messages the portal must deliver to agencies at least once.

A feature writes its row with `outbox_put` inside its own transaction (an application and its
delivery exist together or not at all). A worker then runs `outbox_deliver` for it, again with
backoff until the agency acknowledges; the periodic sweep re-enqueues rows whose job was lost
(a worker killed mid-attempt, a queue that was down at commit time). Every state change is a
compare-and-set UPDATE, so two workers never both own an attempt, on SQLite and PostgreSQL alike.

Delivery is at least once: a worker can die after the agency acknowledged and before the row was
marked. The receiver therefore recognises a repeat by the body's reference (docs/
exchange-protocol.md §6.3), never by the envelope id, which is new for every attempt.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F

from panjara.audit.services import PORTAL
from panjara.core import clock
from panjara_protocol import Envelope, Party

from .client import Request
from .models import OutboxMessage
from .services import exchange_ask_sync

log = logging.getLogger(__name__)

DeliveredHandler = Callable[[OutboxMessage, Envelope], Any]
_ON_DELIVERED: dict[str, DeliveredHandler] = {}


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
