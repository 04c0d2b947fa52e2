"""Worker tasks. Thin on purpose: load by id, call a service. Whether and when to try again is
decided by the retry policy declared here and recorded on the notification row, not in the queue,
so a lost job loses nothing — the sweep finds the row again."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from panjara.core.schedule import periodic

from .retry import RetryPolicy

QUEUE = "notifications"


def delivery_retry_policy() -> RetryPolicy:
    """Retries of deliver_notification: settings.NOTIFICATIONS MAX_ATTEMPTS attempts, exponential
    backoff from BACKOFF_BASE_SECONDS with jitter, capped. Read per call so settings can change."""
    return RetryPolicy.from_settings()


@task(queue_name=QUEUE)
def deliver_notification(notification_id: int) -> str:
    from .services import notification_deliver

    notification = notification_deliver(notification_id=notification_id, retry=delivery_retry_policy())
    return notification.status if notification else "skipped"


@periodic("notifications.sweep", every=timedelta(minutes=1))
@task(queue_name=QUEUE)
def sweep_notifications() -> dict[str, int]:
    from .services import notifications_sweep

    return notifications_sweep(retry=delivery_retry_policy()).as_dict()


@periodic("notifications.redact", every=timedelta(hours=1))
@task(queue_name=QUEUE)
def redact_delivered_notifications() -> int:
    from .services import notifications_redact_delivered

    return notifications_redact_delivered()
