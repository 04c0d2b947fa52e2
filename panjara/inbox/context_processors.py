from __future__ import annotations

from functools import cache

from .selectors import inbox_unread_count


def inbox(request) -> dict:
    """`inbox_unread` for the header: the number of unread messages, and 0 for visitors who are
    not signed in. Templates call it, so the count is queried only on pages that show it, once."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_unread": 0}
    return {"inbox_unread": cache(lambda: inbox_unread_count(user=user))}
