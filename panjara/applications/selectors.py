"""Reads of the applications app. Every lookup is scoped to the signed-in person: another
person's application is simply not found (404), never "forbidden", so ids reveal nothing."""

from __future__ import annotations

import uuid

from django.db.models import Q
from django.http import Http404

from panjara.vault.models import Document
from panjara.vault.selectors import vault_documents

from .models import Application, ApplicationAttachment, ApplicationEvent


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


def supplement_state(*, application: Application) -> str:
    """Whether the agency waits for the person's answer: "open" (it asked and has no answer yet),
    "answered" (the person answered its latest request) or "" (it is not asking). The agency
    stays the source of truth: a new "more information needed" opens the form again."""
    if application.status != Application.Status.INFO_NEEDED:
        return ""
    latest = (
        application.events.filter(
            Q(kind=ApplicationEvent.Kind.STATUS, status=Application.Status.INFO_NEEDED)
            | Q(kind=ApplicationEvent.Kind.SUPPLEMENT)
        )
        .order_by("-id")
        .first()
    )
    return "answered" if latest is not None and latest.kind == ApplicationEvent.Kind.SUPPLEMENT else "open"


def supplement_event(*, application: Application, supplement: uuid.UUID | str) -> ApplicationEvent | None:
    """The history line of one answer to the agency, if it was sent."""
    return application.events.filter(
        kind=ApplicationEvent.Kind.SUPPLEMENT, detail__supplement=str(supplement)
    ).first()


def agency_question(*, application: Application) -> ApplicationEvent | None:
    """The agency's latest "more information needed" report (its message is the question)."""
    return (
        application.events.filter(kind=ApplicationEvent.Kind.STATUS, status=Application.Status.INFO_NEEDED)
        .order_by("-id")
        .first()
    )


def attachments_of(*, application: Application) -> dict[str | None, list[ApplicationAttachment]]:
    """The application's attached documents by the answer that carried them (None: the
    application itself), each with its vault document if it still exists."""
    grouped: dict[str | None, list[ApplicationAttachment]] = {}
    for attachment in application.attachments.select_related("document"):
        key = str(attachment.supplement) if attachment.supplement else None
        grouped.setdefault(key, []).append(attachment)
    return grouped


def attachable_documents(*, user, exclude: set | frozenset = frozenset()) -> list[Document]:
    """The person's vault documents that can be attached (all but those in `exclude`)."""
    if user.person_id is None:
        return []
    return [d for d in vault_documents(person=user) if d.pk not in exclude]
