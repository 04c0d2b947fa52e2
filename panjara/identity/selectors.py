"""Reads of the identity app."""

from __future__ import annotations

import logging
import math

from django.db.models import QuerySet

from panjara.audit.models import AuditEvent
from panjara.core import clock

from .keys import FOR_TOTP, known_key_ids
from .models import AccountSession, AuthenticatorApp, OneTimePassword, Person, User, VerificationCode

logger = logging.getLogger(__name__)

# What the person's security log shows (section 3 of the identity issue): sign-ins and failures,
# credential and contact changes, sessions ended.
SECURITY_ACTIONS = (
    "auth.",
    "credential.",
    "contact.",
    "session.",
    "account.",
)


def code_pending(*, code_id, user: User) -> VerificationCode | None:
    if not code_id:
        return None
    return VerificationCode.objects.filter(pk=code_id, user=user, used_at__isnull=True).first()


def person_by_number(*, personal_number: str) -> Person | None:
    return Person.objects.filter(personal_number=personal_number).select_related("account").first()


def account_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).select_related("person").first()


def one_time_password_active(*, user: User, now) -> OneTimePassword | None:
    return (
        OneTimePassword.objects.filter(
            user=user, used_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now
        )
        .order_by("-issued_at")
        .first()
    )


def sessions_active(*, user: User) -> QuerySet[AccountSession]:
    return AccountSession.objects.filter(user=user, ended_at__isnull=True).order_by("-last_seen_at")


def security_log(*, user: User, limit: int = 200) -> list[AuditEvent]:
    """The account's own security events, newest first. Events are found by the account id (a
    staff account has no personal number) and, for citizens, by their personal number."""
    from django.db.models import Q

    query = Q()
    for prefix in SECURITY_ACTIONS:
        query |= Q(action__startswith=prefix)
    about = Q(object_type="account", object_id=str(user.pk))
    return list(AuditEvent.objects.filter(query & about).order_by("-seq")[:limit])


def codes_pause_left(*, user: User) -> int:
    """Seconds until second-factor codes of this account are checked again; 0 when they are.
    Read afresh: the pause may have begun in another request since `user` was loaded."""
    until = User.objects.filter(pk=user.pk).values_list("codes_paused_until", flat=True).first()
    now = clock.now()
    if until is None or until <= now:
        return 0
    return math.ceil((until - now).total_seconds())


def totp_enabled(*, user: User) -> bool:
    """A confirmed app that can check a code. One sealed under a key that is no longer configured
    (SECRET_KEY rotated, and the old key dropped from SECRET_KEY_FALLBACKS before the app was
    used again: ADR 0008) cannot, so the account gets SMS codes as without an app. An app from
    before key ids (blank id) is tried with every key when its code is checked."""
    apps = AuthenticatorApp.objects.filter(user=user, confirmed_at__isnull=False)
    key_id = apps.values_list("key_id", flat=True).first()
    if key_id is None:
        return False
    if key_id and key_id not in known_key_ids(FOR_TOTP):
        logger.warning(
            "The authenticator app of account %s is under key %r, which is not configured.", user.pk, key_id
        )
        return False
    return True


def authenticator_of(*, user: User) -> AuthenticatorApp | None:
    """The account's app, confirmed or not. Read afresh rather than through user.authenticator:
    that accessor caches on request.user and raises when there is none."""
    return AuthenticatorApp.objects.filter(user=user).first()
