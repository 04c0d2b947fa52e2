"""Reads of the applications app. Every lookup is scoped to the signed-in person: another
person's application is simply not found (404), never "forbidden", so ids reveal nothing."""

from __future__ import annotations

from django.http import Http404

from .models import Application


def applications_of(*, user) -> dict[str, list[Application]]:
    """The person's drafts and sent applications, newest first."""
    rows = Application.objects.filter(user=user).select_related("service", "service__agency")
    drafts = [a for a in rows if a.is_draft]
    sent = sorted((a for a in rows if not a.is_draft), key=lambda a: a.submitted_at, reverse=True)
    return {"drafts": drafts, "sent": sent}


def application_of(*, user, application_id) -> Application:
    try:
        return Application.objects.select_related("service", "service__agency").get(
            pk=application_id, user=user
        )
    except (Application.DoesNotExist, ValueError) as missing:
        raise Http404 from missing
