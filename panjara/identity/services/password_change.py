"""A signed-in person changes their password (ASVS V6.2.2, V6.2.3): after re-authentication
and with the current password typed again (the views check both), the new one must pass the
portal policy; every other session ends on the server, this one continues under a new id, and
the person is told on both contacts in case it was not them."""

from __future__ import annotations

from django.db import transaction

from panjara.identity.models import User

from .accounts import password_set
from .notices import security_notice
from .sessions import session_keep_after_password_change, sessions_end_others


@transaction.atomic
def password_change(*, request, user: User, password: str) -> int:
    """Set the new password (raises accounts.PasswordRefused); returns how many other sessions
    were ended. password_set writes the security-log event."""
    password_set(user=user, password=password)
    session_keep_after_password_change(request=request, user=user)
    ended = sessions_end_others(request=request)
    security_notice(user=user, event="password_changed")
    return ended
