"""Reading a person's inbox. Every query is filtered by the owner: a message id alone never
reaches a message."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from .models import InboxMessage


def inbox_messages(*, user) -> QuerySet[InboxMessage]:
    """The person's messages, newest first."""
    return InboxMessage.objects.filter(user=user).order_by("-created_at", "-id")


def inbox_message(*, user, message_id: int) -> InboxMessage | None:
    return inbox_messages(user=user).filter(pk=message_id).first()


def inbox_unread_count(*, user) -> int:
    """The header's count, on every signed-in page: one plain statement, because building the
    ORM's count query cost ten times running it (docs/performance.md, "Third round")."""
    table = connection.ops.quote_name(InboxMessage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COUNT(*) FROM {table} WHERE user_id = %s AND read_at IS NULL",  # noqa: S608 (the model's table, values as parameters)
            [user.pk],
        )
        return cursor.fetchone()[0]
