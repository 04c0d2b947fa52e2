"""Verification codes: six digits from the CSPRNG, sent by SMS or e-mail, kept only as an HMAC.

A code is bound to the browser session that asked for it (the caller keeps its id in that
session), works once, expires (5 minutes by SMS, 10 by e-mail: ASVS V6.5.5 allows out-of-band
codes at most 10 minutes), allows 5 wrong tries and 3 resends; a resend replaces the code and
restarts its clock but keeps the failure count, so resending cannot buy more guesses. Every
wrong code is in the account's security log.

Second-factor codes (signing in, confirming it is you, raising a session; SMS or the app) are
also counted per account across attempts: a new sign-in starts a new code with fresh tries, so
without this a thief who knows the password could guess on, attempt after attempt. After
ACCOUNT_FAILURES wrong ones within ACCOUNT_WINDOW, such codes are not checked for ACCOUNT_PAUSE;
the log and the owner are told once. A pause, not a lockout: it ends by itself, so it cannot
be used to shut the owner out, and the password's own lockout stays separate."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from enum import StrEnum

from django.db import transaction

from panjara.core import clock
from panjara.identity.keys import FOR_CODES, PurposeKey, current_key, known_keys
from panjara.identity.models import User, VerificationCode
from panjara.identity.selectors import codes_pause_left
from panjara.notifications.services import notification_send

from .accounts import account_audit, person_actor
from .notices import security_notice

MAX_FAILURES = 5
MAX_RESENDS = 3
RESEND_AFTER = timedelta(seconds=30)
LIFETIME = {
    VerificationCode.Channel.SMS: timedelta(minutes=5),
    VerificationCode.Channel.EMAIL: timedelta(minutes=10),
}
SECOND_FACTOR_PURPOSES = frozenset(
    {VerificationCode.Purpose.LOGIN, VerificationCode.Purpose.REAUTH, VerificationCode.Purpose.STEP_UP}
)
# Two sign-in attempts' worth of tries; then at most ACCOUNT_FAILURES guesses per window and
# pause, about 200 a day at most against a million possible codes.
ACCOUNT_FAILURES = 10
ACCOUNT_WINDOW = timedelta(hours=1)
ACCOUNT_PAUSE = timedelta(minutes=15)


class CodeCheck(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    USED = "used"
    EXHAUSTED = "exhausted"  # too many wrong tries: ask for a new start, not a resend
    UNKNOWN = "unknown"  # not this session's code, or not for this purpose
    PAUSED = "paused"  # too many wrong second-factor codes for the account lately: not checked


class ResendRefused(Exception):
    def __init__(self, reason: str, wait_seconds: int = 0) -> None:
        super().__init__(reason)
        self.reason = reason  # "limit" or "too_soon"
        self.wait_seconds = wait_seconds


def _digest(code_id, code: str, *, key: PurposeKey | None = None) -> str:
    key = key or current_key(FOR_CODES)
    return hmac.new(key.secret, f"{code_id}:{code}".encode(), hashlib.sha256).hexdigest()


def _digest_matches(row: VerificationCode, typed: str) -> bool:
    """A code is hashed under the current key; one sent just before SECRET_KEY was rotated is
    still accepted under the old key while it is in SECRET_KEY_FALLBACKS (codes live minutes)."""
    return any(
        hmac.compare_digest(_digest(row.id, typed, key=key), row.code_hash) for key in known_keys(FOR_CODES)
    )


def _new_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def _send(*, row: VerificationCode, plain: str, user: User) -> None:
    minutes = int(LIFETIME[row.channel].total_seconds() // 60)
    notification_send(
        channel=row.channel,
        to=row.address,
        template="identity.code",
        context={"code": plain, "purpose": row.purpose, "minutes": minutes},
        language=user.language or "ka",
        user=user,
    )


@transaction.atomic
def code_send(*, user: User, purpose: str, channel: str, address: str) -> VerificationCode:
    """Make a new code for `purpose` and send it to `address`. Earlier open codes of the same
    purpose for this account stop working, so only the latest message counts."""
    now = clock.now()
    VerificationCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(used_at=now)
    row = VerificationCode(
        user=user,
        purpose=purpose,
        channel=channel,
        address=address,
        created_at=now,
        sent_at=now,
        expires_at=now + LIFETIME[channel],
    )
    plain = _new_code()
    row.code_hash = _digest(row.id, plain)
    row.save()
    _send(row=row, plain=plain, user=user)
    return row


@transaction.atomic
def code_resend(*, code_id, user: User) -> VerificationCode:
    row = (
        VerificationCode.objects.select_for_update()
        .filter(pk=code_id, user=user, used_at__isnull=True)
        .first()
    )
    if row is None or row.failures >= MAX_FAILURES:
        raise ResendRefused("limit")
    if row.resends >= MAX_RESENDS:
        raise ResendRefused("limit")
    now = clock.now()
    wait = (row.sent_at + RESEND_AFTER - now).total_seconds()
    if wait > 0:
        raise ResendRefused("too_soon", wait_seconds=int(wait) + 1)
    plain = _new_code()
    row.code_hash = _digest(row.id, plain)
    row.resends += 1
    row.sent_at = now
    row.expires_at = now + LIFETIME[row.channel]
    row.save(update_fields=["code_hash", "resends", "sent_at", "expires_at"])
    _send(row=row, plain=plain, user=user)
    return row


def code_failure_record(*, user: User, purpose: str, channel: str, failures: int, exhausted: bool) -> None:
    """A wrong second-factor or contact code in the security log (ASVS V16.3.1, V16.3.3): the
    last wrong try of a code is logged as exhausting it. A second-factor code also counts
    towards the account's pause (see the module docstring)."""
    account_audit(
        user=user,
        actor=person_actor(user),
        action="auth.code_exhausted" if exhausted else "auth.code_failed",
        detail={"purpose": purpose, "channel": channel, "failures": failures},
    )
    if purpose in SECOND_FACTOR_PURPOSES:
        _account_failure_count(user=user, purpose=purpose, channel=channel)


def _account_failure_count(*, user: User, purpose: str, channel: str) -> None:
    now = clock.now()
    with transaction.atomic():
        # Locked, so that parallel wrong codes from several attempts cannot share one count.
        row = (
            User.objects.select_for_update()
            .only("code_failures", "code_failures_since", "codes_paused_until")
            .get(pk=user.pk)
        )
        if row.code_failures_since is None or now - row.code_failures_since >= ACCOUNT_WINDOW:
            row.code_failures, row.code_failures_since = 0, now
        row.code_failures += 1
        paused = row.code_failures >= ACCOUNT_FAILURES
        if paused:
            row.codes_paused_until = now + ACCOUNT_PAUSE
            row.code_failures, row.code_failures_since = 0, None
        row.save(update_fields=["code_failures", "code_failures_since", "codes_paused_until"])
        if paused:
            account_audit(
                user=user,
                actor=person_actor(user),
                action="auth.codes_paused",
                detail={
                    "failures": ACCOUNT_FAILURES,
                    "minutes": int(ACCOUNT_PAUSE.total_seconds() // 60),
                    "purpose": purpose,
                    "channel": channel,
                },
            )
            # Wrong sign-in codes mean that someone may know the password: the owner should hear.
            security_notice(user=user, event="codes_paused")


def second_factor_passed(*, user: User) -> None:
    """A right second-factor code: the account's count of recent wrong ones starts again."""
    User.objects.filter(pk=user.pk, code_failures__gt=0).update(code_failures=0, code_failures_since=None)


def _locked(*, code_id, user: User, purpose: str) -> VerificationCode | None:
    if not code_id:
        return None
    return VerificationCode.objects.select_for_update().filter(pk=code_id, user=user, purpose=purpose).first()


def _check_row(row: VerificationCode | None, *, user: User, code: str) -> CodeCheck:
    """Check one locked row without spending it; a wrong try counts against this row only."""
    if row is None:
        return CodeCheck.UNKNOWN
    if row.used_at is not None:
        return CodeCheck.USED
    if row.failures >= MAX_FAILURES:
        return CodeCheck.EXHAUSTED
    if clock.now() >= row.expires_at:
        return CodeCheck.EXPIRED
    typed = "".join(ch for ch in code if not ch.isspace())
    if _digest_matches(row, typed):
        return CodeCheck.OK
    row.failures += 1
    row.save(update_fields=["failures"])
    exhausted = row.failures >= MAX_FAILURES
    code_failure_record(
        user=user, purpose=row.purpose, channel=row.channel, failures=row.failures, exhausted=exhausted
    )
    return CodeCheck.EXHAUSTED if exhausted else CodeCheck.WRONG


def _spend(row: VerificationCode) -> None:
    row.used_at = clock.now()
    row.save(update_fields=["used_at"])


@transaction.atomic
def code_check(*, code_id, user: User, purpose: str, code: str) -> CodeCheck:
    """Check a typed code. Every wrong try counts, under a row lock so that parallel guesses
    cannot share one count; the code is spent by its first correct use. A second-factor code is
    not checked at all while the account's code checks are paused."""
    second_factor = purpose in SECOND_FACTOR_PURPOSES
    if second_factor and codes_pause_left(user=user):
        return CodeCheck.PAUSED
    row = _locked(code_id=code_id, user=user, purpose=purpose)
    result = _check_row(row, user=user, code=code)
    if result is CodeCheck.OK:
        _spend(row)
        if second_factor:
            second_factor_passed(user=user)
    return result


@transaction.atomic
def codes_check_together(*, user: User, typed: list[tuple[str, str, str]]) -> list[CodeCheck]:
    """Check codes that only work together (recovery: one by e-mail, one by SMS), each given as
    (code id, purpose, typed code). A wrong code counts a try against itself only, and none is
    spent unless all are right, so a typo in one never costs the person the other."""
    rows = [_locked(code_id=code_id, user=user, purpose=purpose) for code_id, purpose, _code in typed]
    results = [
        _check_row(row, user=user, code=code) for row, (_id, _purpose, code) in zip(rows, typed, strict=True)
    ]
    if all(result is CodeCheck.OK for result in results):
        for row in rows:
            _spend(row)
    return results
