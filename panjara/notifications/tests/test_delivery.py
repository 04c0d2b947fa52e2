from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.urls import NoReverseMatch, clear_url_caches, reverse
from django_tasks_db.models import DBTaskResult

from panjara.notifications.channels.sms_development import DevelopmentSmsGateway
from panjara.notifications.models import DevMailboxMessage, Notification
from panjara.notifications.services import notification_deliver, notification_send, notifications_sweep


class RolledBack(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_queued_jobs_from_the_database_queue(run_worker):
    sent = [
        notification_send(channel="sms", to=f"55500000{i}", template="test", context={"code": f"00{i}"})
        for i in range(3)
    ]
    assert DBTaskResult.objects.filter(queue_name="notifications", status="READY").count() == 3
    assert DevMailboxMessage.objects.count() == 0  # persisted first, delivered by the worker

    run_worker()

    assert DBTaskResult.objects.filter(queue_name="notifications", status="SUCCESSFUL").count() == 3
    for notification in sent:
        notification.refresh_from_db()
        assert notification.status == Notification.Status.SENT
        assert notification.provider_message_id.startswith("devmailbox-")
    assert sorted(DevMailboxMessage.objects.values_list("to", flat=True)) == [
        "+995555000000",
        "+995555000001",
        "+995555000002",
    ]


@pytest.mark.django_db(transaction=True)
def test_notification_in_a_rolled_back_transaction_is_never_sent(run_worker):
    with pytest.raises(RolledBack), transaction.atomic():
        notification_send(channel="sms", to="555123456", template="test", context={"code": "999111"})
        raise RolledBack
    run_worker()
    notifications_sweep()
    run_worker()
    assert Notification.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    assert DevMailboxMessage.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_job_is_enqueued_only_after_commit():
    with transaction.atomic():
        notification_send(channel="sms", to="555123456", template="test", context={})
        assert DBTaskResult.objects.count() == 0
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_mailbox_page_shows_the_code_in_demo_mode(client, run_worker, base_layout, settings):
    settings.DEMO_MODE = True
    notification_send(channel="sms", to="555123456", template="test", context={"code": "314159"})
    notification_send(
        channel="email",
        to="nino@example.ge",
        template="security.notice",
        context={"event": "ახალი შესვლა ანგარიშზე."},
        language="ka",
    )
    settings.EMAIL_BACKEND = "panjara.notifications.channels.email.DevMailboxEmailBackend"
    run_worker()

    response = client.get(reverse("devmailbox:list"), headers={"accept-language": "en"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "314159" in page and "+995555123456" in page
    assert "nino@example.ge" in page and "ახალი შესვლა ანგარიშზე." in page
    # Newest first: the e-mail was sent after the SMS.
    assert page.index("nino@example.ge") < page.index("+995555123456")
    assert 'lang="ka"' in page
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_mailbox_view_is_404_outside_demo_mode_even_if_mounted(client, settings):
    url = reverse("devmailbox:list")  # loads the URLconf while demo mode is on
    settings.DEMO_MODE = False
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_mailbox_url_is_not_mounted_outside_demo_mode(client, settings):
    import importlib

    import panjara.urls

    settings.DEMO_MODE = False
    try:
        importlib.reload(panjara.urls)
        clear_url_caches()
        with pytest.raises(NoReverseMatch):
            reverse("devmailbox:list")
        assert client.get("/dev/mailbox/").status_code == 404
    finally:
        settings.DEMO_MODE = True
        importlib.reload(panjara.urls)
        clear_url_caches()


@pytest.mark.django_db
def test_development_gateway_refuses_outside_demo_mode(settings, clock):
    settings.DEMO_MODE = False
    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    result = notification_deliver(notification_id=notification.pk)
    assert result.status == Notification.Status.FAILED
    assert DevMailboxMessage.objects.count() == 0
    assert DevelopmentSmsGateway().check_config()


def crash_mid_delivery(notification_id: int) -> None:
    """A worker killed while talking to the provider: the exception escapes everything."""
    with (
        mock.patch.object(DevelopmentSmsGateway, "send", side_effect=KeyboardInterrupt),
        pytest.raises(KeyboardInterrupt),
    ):
        notification_deliver(notification_id=notification_id)


@pytest.mark.django_db(transaction=True)
def test_stuck_sending_row_is_picked_up_by_the_sweep_exactly_once(clock, run_worker, settings):
    settings.NOTIFICATIONS = {"MAX_ATTEMPTS": 3, "BACKOFF_BASE_SECONDS": 10, "LEASE_SECONDS": 60}
    notification = notification_send(channel="sms", to="555123456", template="test", context={"code": "2718"})
    DBTaskResult.objects.all().delete()  # the original job died with the worker
    crash_mid_delivery(notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENDING

    # Within the lease the row belongs to the (presumed live) worker.
    assert notifications_sweep().requeued_stuck == 0
    clock.travel(seconds=61)
    first, second = notifications_sweep(), notifications_sweep()
    assert (first.requeued_stuck, second.requeued_stuck) == (1, 0)
    assert DBTaskResult.objects.count() == 1

    run_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 2
    assert list(DevMailboxMessage.objects.values_list("body", flat=True)) == [notification.body]


@pytest.mark.django_db
def test_stuck_row_out_of_attempts_fails(clock, settings):
    settings.NOTIFICATIONS = {"MAX_ATTEMPTS": 1, "BACKOFF_BASE_SECONDS": 10, "LEASE_SECONDS": 60}
    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    crash_mid_delivery(notification.pk)
    clock.travel(minutes=5)
    assert notifications_sweep().failed_stuck == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert "interrupted" in notification.last_error


@pytest.mark.django_db(transaction=True)
def test_queued_row_whose_job_was_lost_is_reenqueued_once(clock, run_worker, settings):
    settings.NOTIFICATIONS = {"MAX_ATTEMPTS": 3, "BACKOFF_BASE_SECONDS": 10, "SWEEP_GRACE_SECONDS": 120}
    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    DBTaskResult.objects.all().delete()  # e.g. the enqueue after commit failed
    assert notifications_sweep().reenqueued_overdue == 0  # not overdue yet
    clock.travel(seconds=121)
    assert [notifications_sweep().reenqueued_overdue for _ in range(2)] == [1, 0]
    run_worker()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert DevMailboxMessage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_duplicate_jobs_never_deliver_twice(clock, run_worker, settings):
    settings.NOTIFICATIONS = {"MAX_ATTEMPTS": 3, "BACKOFF_BASE_SECONDS": 10, "SWEEP_GRACE_SECONDS": 60}
    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    clock.travel(seconds=61)
    notifications_sweep()  # the original job is still there: now there are two
    assert DBTaskResult.objects.filter(status="READY").count() == 2
    run_worker()
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 2
    assert DevMailboxMessage.objects.count() == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 1)


@pytest.mark.django_db
def test_sweep_command_runs(clock, settings):
    from io import StringIO

    from django.core.management import call_command

    notification = notification_send(channel="sms", to="555123456", template="test", context={})
    crash_mid_delivery(notification.pk)
    clock.travel(hours=1)
    out = StringIO()
    call_command("notifications_sweep", stdout=out)
    assert "requeued_stuck=1" in out.getvalue()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.QUEUED
    assert notification.next_attempt_at == clock() and clock() - notification.created_at == timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_and_workers_deliver_once(clock, settings):
    """Real concurrency: four sweeps, then four workers, each on its own connection at once."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections need PostgreSQL; SQLite serialises writers anyway")
    settings.NOTIFICATIONS = {"MAX_ATTEMPTS": 3, "BACKOFF_BASE_SECONDS": 10, "LEASE_SECONDS": 60}
    notification = notification_send(channel="sms", to="555123456", template="test", context={"code": "5"})
    crash_mid_delivery(notification.pk)
    clock.travel(minutes=2)

    def race(work) -> list:
        barrier, results = threading.Barrier(4), []

        def run() -> None:
            try:
                barrier.wait()
                results.append(work())
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        return results

    sweeps = race(notifications_sweep)
    assert sum(result.requeued_stuck for result in sweeps) == 1
    deliveries = race(lambda: notification_deliver(notification_id=notification.pk))
    assert sum(result is not None for result in deliveries) == 1
    assert DevMailboxMessage.objects.count() == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 2)
