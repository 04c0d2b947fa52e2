"""Reading a person's inbox. Every query is filtered by the owner: a message id alone never
reaches a message."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import InboxMessage


def inbox_messages(*, user) -> QuerySet[InboxMessage]:
    """The person's messages, newest first."""
    return InboxMessage.objects.filter(user=user).order_by("-created_at", "-id")


def inbox_message(*, user, message_id: int) -> InboxMessage | None:
    return inbox_messages(user=user).filter(pk=message_id).first()


def inbox_unread_count(*, user) -> int:
    return InboxMessage.objects.filter(user=user, read_at__isnull=True).count()
