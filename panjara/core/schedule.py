"""Periodic jobs on top of the task queue (django-tasks has no scheduler of its own).

Apps declare `@periodic("name", every=timedelta(...))` on a task; `manage.py run_schedule` enqueues
each one when due. The queue does the work; this only decides when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction

from . import clock
from .models import PeriodicJob


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: Any  # a django_tasks Task


_JOBS: dict[str, Job] = {}


def periodic(name: str, *, every: timedelta):
    def register(task):
        _JOBS[name] = Job(name=name, every=every, task=task)
        return task

    return register


def registered_jobs() -> dict[str, Job]:
    return dict(_JOBS)


def schedule_due() -> list[str]:
    """Enqueue every job whose period has passed; return their names. Safe to run concurrently."""
    enqueued = []
    for job in _JOBS.values():
        with transaction.atomic():
            PeriodicJob.objects.get_or_create(name=job.name)
            row = PeriodicJob.objects.select_for_update().get(name=job.name)
            now = clock.now()
            if row.last_enqueued_at is None or now - row.last_enqueued_at >= job.every:
                job.task.enqueue()
                row.last_enqueued_at = now
                row.save(update_fields=["last_enqueued_at"])
                enqueued.append(job.name)
    return enqueued
