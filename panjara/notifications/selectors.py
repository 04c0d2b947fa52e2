"""Reading notifications and the development mailbox."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import DevMailboxMessage, Notification


def devmailbox_messages(*, limit: int = 200) -> QuerySet[DevMailboxMessage]:
    """Newest first: the code the demo just sent is at the top."""
    return DevMailboxMessage.objects.order_by("-received_at", "-id")[:limit]


def notifications_for_user(*, user, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")[:limit]
