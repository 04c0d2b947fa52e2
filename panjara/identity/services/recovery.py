"""Recovering a forgotten or disabled password with two codes, one to the confirmed e-mail and
one to the confirmed mobile (identity issue, section 3).

Starting sends an e-mail and an SMS, which cost money and can be turned against a person (a
flood of messages), so starts are throttled per client address and per typed address. The
typed address is counted by a keyed hash, the same way whether or not it belongs to an
account, so a refusal says nothing about who has an account."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from panjara.audit.services import audit_record
from panjara.identity.models import User, VerificationCode
from panjara.identity.selectors import account_by_email

from .accounts import account_audit, password_set, person_actor
from .codes import CodeCheck, code_send, codes_check_together
from .notices import security_notice
from .sessions import sessions_end_all
from .throttle import (
    ANONYMOUS,
    address_digest,
    throttle_count,
    throttle_first_refusal,
    throttle_reached,
    throttle_trip_record,
)


@dataclass(frozen=True, kw_only=True)
class RecoveryStart:
    """What the recovery pages keep in the session. No user and no codes for an address without
    an account (or without both contacts confirmed): the pages still look the same."""

    user_id: int | None = None
    email_code: str = ""
    sms_code: str = ""
    throttled: bool = False
    retry_after: int = 0


def recovery_limits() -> tuple[int, int, int]:
    """(starts per client address, starts per typed address, window in seconds)."""
    limits = getattr(settings, "RECOVERY_THROTTLE", {})
    return (
        int(limits.get("PER_CLIENT", 10)),
        int(limits.get("PER_ACCOUNT", 3)),
        int(limits.get("WINDOW_SECONDS", 3600)),
    )


def _throttled(*, email: str, ip: str, digest: str) -> bool:
    per_client, per_account, window = recovery_limits()
    if ip and throttle_reached(key=f"recover-ip:{ip}", limit=per_client):
        throttle_trip_record(
            key=f"recover-ip:{ip}", window=window, action="auth.recovery_throttled", detail={"ip": ip}
        )
        return True
    if throttle_reached(key=f"recover-to:{digest}", limit=per_account):
        if throttle_first_refusal(key=f"recover-to:{digest}", window=window):
            user = account_by_email(email=email)
            detail = {"ip": ip, "address": digest}
            if user is not None:
                # The owner sees in their security log that someone keeps asking for their codes.
                account_audit(
                    user=user, actor=person_actor(user), action="auth.recovery_throttled", detail=detail
                )
            else:
                audit_record(
                    actor=ANONYMOUS,
                    action="auth.recovery_throttled",
                    object_type="client",
                    purpose="account",
                    detail=detail,
                )
        return True
    return False


def recovery_start(*, email: str, ip: str) -> RecoveryStart:
    """Send the two codes if the address belongs to an active account with both contacts
    confirmed; refuse (for any address alike) after too many starts."""
    digest = address_digest(email)
    if _throttled(email=email, ip=ip, digest=digest):
        return RecoveryStart(throttled=True, retry_after=recovery_limits()[2])
    window = recovery_limits()[2]
    if ip:
        throttle_count(key=f"recover-ip:{ip}", window=window)
    throttle_count(key=f"recover-to:{digest}", window=window)
    user = account_by_email(email=email)
    if user is None or not user.is_active:
        audit_record(
            actor=ANONYMOUS,
            action="auth.recovery_unknown_account",
            object_type="client",
            purpose="account",
            detail={"address": digest, "ip": ip},
        )
        return RecoveryStart()
    with transaction.atomic():
        if not (user.email_confirmed_at and user.mobile_confirmed_at):
            account_audit(
                user=user, actor=person_actor(user), action="auth.recovery_unavailable", detail={"ip": ip}
            )
            return RecoveryStart()
        account_audit(user=user, actor=person_actor(user), action="auth.recovery_started", detail={"ip": ip})
        email_code = code_send(
            user=user, purpose=VerificationCode.Purpose.RECOVER_EMAIL, channel="email", address=user.email
        )
        sms_code = code_send(
            user=user, purpose=VerificationCode.Purpose.RECOVER_MOBILE, channel="sms", address=user.mobile
        )
    return RecoveryStart(user_id=user.pk, email_code=str(email_code.pk), sms_code=str(sms_code.pk))


def recovery_codes_check(
    *, user: User, email_code_id: str, email_code: str, sms_code_id: str, sms_code: str
) -> tuple[CodeCheck, CodeCheck]:
    """Both codes at once; a wrong one costs a try of its own only (services.codes)."""
    by_email, by_sms = codes_check_together(
        user=user,
        typed=[
            (email_code_id, VerificationCode.Purpose.RECOVER_EMAIL, email_code),
            (sms_code_id, VerificationCode.Purpose.RECOVER_MOBILE, sms_code),
        ],
    )
    return by_email, by_sms


@transaction.atomic
def recovery_password_set(*, user: User, password: str) -> None:
    """The new password (policy-checked by password_set, which raises PasswordRefused); no
    session opened with the old one survives, and both contacts are told."""
    password_set(user=user, password=password)
    sessions_end_all(user=user)
    account_audit(user=user, actor=person_actor(user), action="credential.password_recovered")
    security_notice(user=user, event="password_recovered")
