"""Writing notifications: create (persist first), deliver (worker), sweep (recovery), and the
development mailbox. Every state change is a compare-and-set UPDATE on the row, so two workers or
two sweeps can never both own the same delivery — on SQLite and PostgreSQL alike."""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from panjara.core import clock

from . import message_templates
from .channels import registry
from .channels.base import DeliveryResult, EmailMessage, Outcome, SmsMessage
from .models import Channel, DevMailboxMessage, Notification
from .retry import RetryPolicy

logger = logging.getLogger(__name__)

# Georgian mobile numbers: 9 digits starting with 5 (R-RS-2 "5XXXXXXXX"), country code 995.
_GEORGIAN_MOBILE = re.compile(r"^(?:\+?995|00995)?(5\d{8})$")


def normalize_address(*, channel: str, to: str) -> str:
    """The canonical form of a recipient: +9955XXXXXXXX for SMS, a valid address for e-mail."""
    if channel == Channel.SMS:
        compact = re.sub(r"[\s\-()]", "", to or "")
        match = _GEORGIAN_MOBILE.match(compact)
        if not match:
            raise ValidationError(
                _("Enter a Georgian mobile number in the form 5XXXXXXXX."), code="invalid_mobile"
            )
        return f"+995{match.group(1)}"
    if channel == Channel.EMAIL:
        address = (to or "").strip()
        validate_email(address)
        local, _at, domain = address.rpartition("@")
        return f"{local}@{domain.lower()}"
    raise ValidationError(_("Unknown notification channel."), code="invalid_channel")


def notification_send(
    *,
    channel: str,
    to: str,
    template: str,
    context: dict[str, Any] | None = None,
    language: str = "ka",
    user=None,
) -> Notification:
    """Persist one notification and queue its delivery for after the surrounding transaction
    commits. A transaction that rolls back takes the notification with it: nothing is sent."""
    spec = message_templates.get(template)
    if channel not in spec.channels:
        raise ValueError(f"template {template!r} has no {channel!r} version")
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unsupported language {language!r}")
    context = dict(context or {})
    message_templates.check_context(spec, context)
    address = normalize_address(channel=channel, to=to)
    rendered = message_templates.render(template=spec, channel=channel, context=context, language=language)
    now = clock.now()
    with transaction.atomic():
        notification = Notification.objects.create(
            reference=uuid.uuid4(),
            channel=channel,
            to=address,
            user=user,
            template=template,
            language=language,
            subject=rendered.subject,
            body=rendered.text,
            html_body=rendered.html,
            status=Notification.Status.QUEUED,
            created_at=now,
            updated_at=now,
            next_attempt_at=now,
        )
        _enqueue_on_commit(notification.pk)
    return notification


def _enqueue_on_commit(notification_id: int, *, run_after=None) -> None:
    from .tasks import deliver_notification

    def enqueue() -> None:
        task = deliver_notification.using(run_after=run_after) if run_after else deliver_notification
        task.enqueue(notification_id)

    # If enqueueing fails after the commit (the queue is down), the row is still queued and the
    # sweep enqueues it again later; the row, not the job, is the source of truth.
    transaction.on_commit(enqueue, robust=True)


def _send(notification: Notification) -> DeliveryResult:
    client = registry.client_for(notification.channel)
    if notification.channel == Channel.SMS:
        return client.send(
            SmsMessage(
                to=notification.to,
                text=notification.body,
                reference=str(notification.reference),
                language=notification.language,
            )
        )
    return client.send(
        EmailMessage(
            to=notification.to,
            subject=notification.subject,
            text=notification.body,
            html=notification.html_body,
            reference=str(notification.reference),
            language=notification.language,
        )
    )


def notification_deliver(*, notification_id: int, retry: RetryPolicy | None = None) -> Notification | None:
    """One delivery attempt. Returns the notification after the attempt, or None when there was
    nothing to do (already sent or failed, not yet due, or another worker owns it)."""
    retry = retry or RetryPolicy.from_settings()
    now = clock.now()
    # Claim: queued and due -> sending, attempts + 1, leased. Exactly one caller wins.
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.QUEUED, next_attempt_at__lte=now
    ).update(
        status=Notification.Status.SENDING,
        attempts=F("attempts") + 1,
        lease_until=now + timedelta(seconds=retry.lease_seconds),
        updated_at=now,
    )
    if not claimed:
        return None
    notification = Notification.objects.get(pk=notification_id)
    attempt = notification.attempts
    try:
        result = _send(notification)
    except Exception as error:
        # A bug or an unforeseen error in a client must not lose the message: try again later.
        logger.exception("notification %s: client raised", notification_id)
        result = DeliveryResult.retry(f"{type(error).__name__}: {error}")
    return _record(notification_id=notification_id, attempt=attempt, result=result, retry=retry)


def _record(
    *, notification_id: int, attempt: int, result: DeliveryResult, retry: RetryPolicy
) -> Notification:
    now = clock.now()
    ours = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.SENDING, attempts=attempt
    )
    if result.outcome is Outcome.SENT:
        # Also accept a row the sweep has just put back in the queue (our lease ran out while the
        # provider was answering): it was sent, and marking it so stops a second delivery.
        updated = Notification.objects.filter(
            pk=notification_id,
            status__in=[Notification.Status.SENDING, Notification.Status.QUEUED],
            attempts__gte=attempt,
        ).update(
            status=Notification.Status.SENT,
            provider_message_id=result.provider_message_id[:128],
            sent_at=now,
            lease_until=None,
            last_error="",
            updated_at=now,
        )
    elif result.outcome is Outcome.RETRY and attempt < retry.max_attempts:
        next_attempt_at = now + retry.delay(attempt)
        updated = ours.update(
            status=Notification.Status.QUEUED,
            next_attempt_at=next_attempt_at,
            lease_until=None,
            last_error=result.error[:2000],
            updated_at=now,
        )
        if updated:
            _enqueue_on_commit(notification_id, run_after=next_attempt_at)
    else:
        updated = ours.update(
            status=Notification.Status.FAILED,
            failed_at=now,
            lease_until=None,
            last_error=result.error[:2000],
            updated_at=now,
        )
    if not updated:
        logger.warning(
            "notification %s: attempt %s finished after its lease; outcome %s kept by another owner",
            notification_id,
            attempt,
            result.outcome.value,
        )
    return Notification.objects.get(pk=notification_id)


@dataclass(frozen=True, kw_only=True)
class SweepResult:
    requeued_stuck: int = 0
    failed_stuck: int = 0
    reenqueued_overdue: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def notifications_sweep(*, retry: RetryPolicy | None = None, limit: int = 1000) -> SweepResult:
    """Recovery, safe to run at any time and from several places at once:
    - a row stuck in "sending" past its lease (the worker died mid-delivery) goes back to the
      queue, or fails if it has used its attempts;
    - a queued row long overdue (its job was lost, e.g. the enqueue after commit failed) gets a
      new job.
    Each change is a compare-and-set, so of two concurrent sweeps only one acts on a row."""
    retry = retry or RetryPolicy.from_settings()
    now = clock.now()
    requeued = failed = reenqueued = 0
    # Operator-facing, like the clients' errors, so not translated.
    interrupted = "delivery was interrupted (lease expired); requeued by the sweep"

    stuck = Notification.objects.filter(status=Notification.Status.SENDING, lease_until__lt=now)
    for pk, attempts in stuck.values_list("pk", "attempts")[:limit]:
        same = Notification.objects.filter(pk=pk, status=Notification.Status.SENDING, attempts=attempts)
        if attempts >= retry.max_attempts:
            failed += same.update(
                status=Notification.Status.FAILED,
                failed_at=now,
                lease_until=None,
                last_error=interrupted,
                updated_at=now,
            )
        elif same.update(
            status=Notification.Status.QUEUED,
            next_attempt_at=now,
            lease_until=None,
            last_error=interrupted,
            updated_at=now,
        ):
            requeued += 1
            _enqueue_on_commit(pk)

    overdue = Notification.objects.filter(
        status=Notification.Status.QUEUED,
        next_attempt_at__lt=now - timedelta(seconds=retry.sweep_grace_seconds),
    )
    for pk, due in overdue.values_list("pk", "next_attempt_at")[:limit]:
        # Moving next_attempt_at to now marks the row as handled for another grace period.
        if Notification.objects.filter(pk=pk, status=Notification.Status.QUEUED, next_attempt_at=due).update(
            next_attempt_at=now, updated_at=now
        ):
            reenqueued += 1
            _enqueue_on_commit(pk)
    return SweepResult(requeued_stuck=requeued, failed_stuck=failed, reenqueued_overdue=reenqueued)


def devmailbox_store(
    *,
    channel: str,
    to: str,
    body: str,
    sender: str = "",
    subject: str = "",
    html_body: str = "",
    language: str = "",
    reference: str = "",
) -> DevMailboxMessage:
    """Keep a message for the development mailbox page. Demo mode only."""
    if not settings.DEMO_MODE:
        raise RuntimeError("the development mailbox exists only in demo mode")
    return DevMailboxMessage.objects.create(
        channel=channel,
        to=to[:254],
        sender=sender[:254],
        subject=subject[:255],
        body=body,
        html_body=html_body,
        language=language[:8],
        reference=reference[:64],
        received_at=clock.now(),
    )


REDACTED = "[removed after delivery: kept only as long as needed to deliver it]"


def notifications_redact_delivered(*, older_than: timedelta | None = None) -> int:
    """R-C-5: a message's text (which can hold a one-time code, a name, a case) is needed only
    until it is delivered or given up on. After the keep time the text is replaced; the row
    stays as the record that a message went to that address, when, and how it ended."""
    keep = older_than or timedelta(seconds=settings.NOTIFICATIONS.get("KEEP_TEXT_SECONDS", 24 * 3600))
    cutoff = clock.now() - keep
    return (
        Notification.objects.filter(
            status__in=[Notification.Status.SENT, Notification.Status.FAILED], updated_at__lt=cutoff
        )
        .exclude(body=REDACTED)
        .update(body=REDACTED, html_body="", subject="")
    )
