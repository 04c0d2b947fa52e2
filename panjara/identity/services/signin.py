"""Signing in: the password step, lockout and throttling, and opening the session.

The password step answers the same way, after the same work, whether or not the e-mail belongs
to an account: an unknown address is checked against a dummy Argon2id hash, and the page says
only "e-mail or password is wrong". Ten consecutive wrong passwords disable the password until
the person recovers it with codes to both confirmed contacts, or at a hall; a correct password
resets the count. Per-address throttling (the client's IP) slows guessing across many accounts.
Neither control can lock out an account forever: recovery always works."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F

from panjara.audit.services import audit_record
from panjara.core import clock
from panjara.identity.models import User
from panjara.identity.passwords import normalise
from panjara.identity.selectors import account_by_email, one_time_password_active

from .accounts import account_audit, one_time_password_matches, one_time_password_use, person_actor
from .notices import security_notice
from .throttle import ANONYMOUS, address_digest, throttle_count, throttle_reached, throttle_trip_record

MAX_PASSWORD_FAILURES = 10


class PasswordOutcome(StrEnum):
    OK = "ok"  # the password was right: go on to the second factor
    ONE_TIME = "one_time"  # a hall's one-time password was right: go on to the first-login steps
    WRONG = "wrong"  # wrong e-mail or password (never says which)
    DISABLED = "disabled"  # too many failures: recover the password
    THROTTLED = "throttled"  # too many failures from this address: wait


@dataclass(frozen=True, kw_only=True)
class PasswordResult:
    outcome: PasswordOutcome
    user: User | None = None
    retry_after: int = 0


@cache
def _dummy_hash() -> str:
    return make_password("panjara-dummy-password-for-timing")


def _throttle_key(ip: str) -> str:
    return f"signin:{ip}"


def throttle_limits() -> tuple[int, int]:
    limits = getattr(settings, "SIGNIN_THROTTLE", {})
    return int(limits.get("FAILURES", 30)), int(limits.get("WINDOW_SECONDS", 900))


def _throttled(ip: str) -> bool:
    failures, _window = throttle_limits()
    return bool(ip) and throttle_reached(key=_throttle_key(ip), limit=failures)


def _count_failure(ip: str) -> None:
    if ip:
        throttle_count(key=_throttle_key(ip), window=throttle_limits()[1])


def password_step(*, email: str, password: str, ip: str) -> PasswordResult:
    """Check an e-mail and password (or a hall's one-time password)."""
    if _throttled(ip):
        _failures, window = throttle_limits()
        throttle_trip_record(
            key=_throttle_key(ip), window=window, action="auth.signin_throttled", detail={"ip": ip}
        )
        return PasswordResult(outcome=PasswordOutcome.THROTTLED, retry_after=window)
    user = account_by_email(email=email)
    if user is None or not user.is_active:
        check_password(password, _dummy_hash())
        _count_failure(ip)
        # Logged like a known account's failure (ASVS V16.3.1), by a keyed hash of the address.
        audit_record(
            actor=ANONYMOUS,
            action="auth.unknown_account",
            object_type="signin",
            purpose="account",
            detail={"address": address_digest(email), "ip": ip},
        )
        return PasswordResult(outcome=PasswordOutcome.WRONG)
    one_time = one_time_password_active(user=user, now=clock.now())
    if one_time is not None:
        if one_time_password_matches(row=one_time, typed=password):
            with transaction.atomic():
                one_time_password_use(row=one_time)
                account_audit(user=user, actor=person_actor(user), action="auth.one_time_password_used")
            return PasswordResult(outcome=PasswordOutcome.ONE_TIME, user=user)
        if not user.has_usable_password():
            return _failed(user=user, ip=ip)
    correct = user.check_password(normalise(password))
    if user.password_disabled_at is not None:
        # Only someone who knows the password learns that it is disabled; anyone else gets the
        # same answer as for an unknown address. The owner was told by SMS and e-mail.
        if correct:
            return PasswordResult(outcome=PasswordOutcome.DISABLED, user=user)
        _count_failure(ip)
        account_audit(
            user=user,
            actor=person_actor(user),
            action="auth.password_failed",
            detail={"failures": user.password_failures, "ip": ip, "disabled": True},
        )
        return PasswordResult(outcome=PasswordOutcome.WRONG)
    if correct:
        if user.password_failures:
            User.objects.filter(pk=user.pk).update(password_failures=0)
        return PasswordResult(outcome=PasswordOutcome.OK, user=user)
    return _failed(user=user, ip=ip)


def _failed(*, user: User, ip: str) -> PasswordResult:
    _count_failure(ip)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(password_failures=F("password_failures") + 1)
        user.refresh_from_db(fields=["password_failures", "password_disabled_at"])
        disabled = user.password_failures >= MAX_PASSWORD_FAILURES
        if disabled and user.password_disabled_at is None:
            user.password_disabled_at = clock.now()
            user.save(update_fields=["password_disabled_at"])
            account_audit(
                user=user,
                actor=person_actor(user),
                action="auth.password_disabled",
                detail={"failures": user.password_failures, "ip": ip},
            )
            security_notice(user=user, event="password_disabled")
        else:
            account_audit(
                user=user,
                actor=person_actor(user),
                action="auth.password_failed",
                detail={"failures": user.password_failures, "ip": ip},
            )
    return PasswordResult(outcome=PasswordOutcome.WRONG)
