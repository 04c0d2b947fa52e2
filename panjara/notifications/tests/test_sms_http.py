import pytest
from django_tasks_db.models import DBTaskResult

from panjara.notifications.models import Notification
from panjara.notifications.services import notification_deliver, notification_send

TASK_PATH = "panjara.notifications.tasks.deliver_notification"


def jobs_for(notification: Notification) -> list[DBTaskResult]:
    return [
        job
        for job in DBTaskResult.objects.filter(task_path=TASK_PATH).order_by("enqueued_at")
        if job.args_kwargs["args"] == [notification.pk]
    ]


@pytest.mark.django_db(transaction=True)
def test_success_records_the_provider_message_id(sms_provider, run_worker):
    sms_provider.answers = [(201, {"id": "prov-42", "status": "accepted"})]
    notification = notification_send(
        channel="sms", to="555 12 34 56", template="test", context={"code": "1234"}
    )
    run_worker()

    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.provider_message_id == "prov-42"
    assert notification.sent_at is not None
    request = sms_provider.requests[0]
    assert request["headers"]["Authorization"] == "Bearer test-token"
    assert request["json"] == {
        "to": "+995555123456",
        "from": "Panjara",
        "text": notification.body,
        "reference": str(notification.reference),
    }
    assert "1234" in request["json"]["text"]


@pytest.mark.django_db
def test_503_then_success_retries_with_growing_backoff(
    sms_provider, clock, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS = {"MAX_ATTEMPTS": 5, "BACKOFF_BASE_SECONDS": 10}
    sms_provider.answers = [(503, {"error": "busy"}), (503, {"error": "busy"}), (200, {"message_id": "ok-3"})]
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(channel="sms", to="555123456", template="test", context={})
    assert len(jobs_for(notification)) == 1

    waits = []
    for _ in range(2):
        started = clock()
        with django_capture_on_commit_callbacks(execute=True):
            result = notification_deliver(notification_id=notification.pk)
        assert result.status == Notification.Status.QUEUED
        assert "HTTP 503" in result.last_error
        retry_job = jobs_for(notification)[-1]
        # The retry job waits exactly until the row's next attempt.
        assert retry_job.run_after == result.next_attempt_at
        waits.append((retry_job.run_after - started).total_seconds())
        # Too early: the row is not due, so a stray job does nothing.
        assert notification_deliver(notification_id=notification.pk) is None
        clock.set(result.next_attempt_at)

    assert 5 <= waits[0] <= 10 < waits[1] <= 20
    result = notification_deliver(notification_id=notification.pk)
    assert result.status == Notification.Status.SENT
    assert result.attempts == 3
    assert result.provider_message_id == "ok-3"
    assert len(sms_provider.requests) == 3
    # Every attempt carried the same reference, so the provider can deduplicate.
    assert {r["json"]["reference"] for r in sms_provider.requests} == {str(notification.reference)}


@pytest.mark.django_db
def test_permanent_400_fails_without_retry(sms_provider, clock, django_capture_on_commit_callbacks):
    sms_provider.answers = [(400, {"error": "invalid number"})]
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_send(channel="sms", to="555123456", template="test", context={})
        result = notification_deliver(notification_id=notification.pk)
    assert result.status == Notification.Status.FAILED
    assert result.attempts == 1
    assert "HTTP 400" in result.last_error and "invalid number" in result.last_error
    assert result.failed_at == clock()
    assert len(jobs_for(notification)) == 1  # the first job only: nothing re-enqueued
    clock.travel(days=1)
    assert notification_deliver(notification_id=notification.pk) is None


@pytest.mark.django_db
def test_429_is_retried(sms_provider, clock):
    sms_provider.answers = [(429, {"error": "slow down"})]
    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    result = notification_deliver(notification_id=notification.pk)
    assert result.status == Notification.Status.QUEUED


@pytest.mark.django_db
def test_timeout_is_retryable(sms_provider, clock, settings):
    settings.SMS = {**settings.SMS, "HTTP_TIMEOUT_SECONDS": 0.3}
    sms_provider.answers = [("hang", None)]
    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    result = notification_deliver(notification_id=notification.pk)
    sms_provider.release.set()
    assert result.status == Notification.Status.QUEUED
    assert "no answer within 0.3 s" in result.last_error
    assert result.next_attempt_at > clock()


@pytest.mark.django_db
def test_unreachable_provider_is_retryable(settings, clock):
    from panjara.notifications.tests.conftest import free_port

    settings.SMS = {"GATEWAY": "http", "HTTP_URL": f"http://127.0.0.1:{free_port()}/", "HTTP_TOKEN": "t"}
    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    result = notification_deliver(notification_id=notification.pk)
    assert result.status == Notification.Status.QUEUED
    assert "cannot reach" in result.last_error


@pytest.mark.django_db
def test_attempts_run_out(sms_provider, clock, settings):
    settings.NOTIFICATIONS = {"MAX_ATTEMPTS": 2, "BACKOFF_BASE_SECONDS": 1}
    sms_provider.answers = [(500, {}), (500, {})]
    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    first = notification_deliver(notification_id=notification.pk)
    clock.set(first.next_attempt_at)
    second = notification_deliver(notification_id=notification.pk)
    assert (second.status, second.attempts) == (Notification.Status.FAILED, 2)
