"""Periodic jobs are enqueued once per period, however often or from however many places the
scheduler runs; the purge they drive deletes only what has expired (R-C-5)."""

from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from panjara.core import clock, schedule


def test_a_due_job_is_enqueued_once_per_period(db):
    start = clock.now()
    with mock.patch.object(clock, "now", return_value=start):
        first = schedule.schedule_due()
        second = schedule.schedule_due()
    assert "exchange.purge_expired_answers" in first
    assert "exchange.purge_expired_answers" not in second
    with mock.patch.object(clock, "now", return_value=start + timedelta(minutes=11)):
        assert "exchange.purge_expired_answers" in schedule.schedule_due()
    queued = DBTaskResult.objects.filter(task_path__endswith="purge_expired_answers").count()
    assert queued == 2


def test_the_worker_runs_the_purge(transactional_db):
    # transactional: the worker closes its database connection when it ends, which would drop the
    # wrapping transaction of an ordinary test on PostgreSQL.
    call_command("run_schedule", once=True)
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0)
    result = DBTaskResult.objects.get(task_path__endswith="purge_expired_answers")
    assert result.status == "SUCCESSFUL"
