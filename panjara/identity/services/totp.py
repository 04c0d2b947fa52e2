"""The authenticator app (TOTP, RFC 6238, 30-second steps, 6 digits, SHA-1 as every common app
expects). The secret is encrypted at rest with AES-GCM under a key derived from the deployment's
SECRET_KEY; a code is accepted at most once (the last accepted step is kept)."""

from __future__ import annotations

import hashlib
import os

import pyotp
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction

from panjara.core import clock
from panjara.identity.models import AuthenticatorApp, User
from panjara.identity.selectors import codes_pause_left

from .accounts import account_audit, person_actor
from .codes import MAX_FAILURES, CodeCheck, code_failure_record, second_factor_passed
from .notices import security_notice

ISSUER = "Panjara"
# One step either side: a phone's clock a little off still works, and a code lives at most 90 s.
VALID_WINDOW = 1


def _key() -> bytes:
    return hashlib.sha256(b"panjara-totp-secret:" + settings.SECRET_KEY.encode()).digest()


def _encrypt(secret: str, *, user_id: int) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(_key()).encrypt(nonce, secret.encode(), str(user_id).encode())


def _decrypt(blob: bytes, *, user_id: int) -> str:
    blob = bytes(blob)
    return AESGCM(_key()).decrypt(blob[:12], blob[12:], str(user_id).encode()).decode()


def totp_secret(app: AuthenticatorApp) -> str:
    return _decrypt(app.secret_encrypted, user_id=app.user_id)


def totp_provisioning_uri(*, app: AuthenticatorApp) -> str:
    return pyotp.TOTP(totp_secret(app)).provisioning_uri(name=app.user.email, issuer_name=ISSUER)


@transaction.atomic
def totp_enrol_start(*, user: User) -> AuthenticatorApp:
    """A new, unconfirmed app replaces an unconfirmed one; a confirmed one must be removed first."""
    AuthenticatorApp.objects.filter(user=user, confirmed_at__isnull=True).delete()
    secret = pyotp.random_base32()
    return AuthenticatorApp.objects.create(user=user, secret_encrypted=_encrypt(secret, user_id=user.pk))


def _step_matching(*, secret: str, code: str, last_step: int) -> int:
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != 6:
        return 0
    totp = pyotp.TOTP(secret)
    moment = clock.now()
    current = totp.timecode(moment)
    for offset in range(-VALID_WINDOW, VALID_WINDOW + 1):
        step = current + offset
        if step > last_step and pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return 0


@transaction.atomic
def totp_verify(
    *, user: User, code: str, confirming: bool = False, failures_before: int = 0, purpose: str = "login"
) -> bool:
    """`failures_before`: wrong codes typed earlier in the same attempt, for the log; `purpose`:
    what the code is for as a second factor (login, reauth, step_up), ignored when confirming."""
    app = AuthenticatorApp.objects.select_for_update().filter(user=user).first()
    if app is None or (app.confirmed_at is None) != confirming:
        return False
    step = _step_matching(secret=totp_secret(app), code=code, last_step=app.last_step)
    if not step:
        # The caller counts the tries (the pending sign-in, the setup page); the log keeps each.
        code_failure_record(
            user=user,
            purpose="enrol" if confirming else purpose,
            channel="totp",
            failures=failures_before + 1,
            exhausted=failures_before + 1 >= MAX_FAILURES,
        )
        return False
    app.last_step = step
    fields = ["last_step"]
    if confirming:
        app.confirmed_at = clock.now()
        fields.append("confirmed_at")
    app.save(update_fields=fields)
    if confirming:
        account_audit(user=user, actor=person_actor(user), action="credential.authenticator_added")
        security_notice(user=user, event="authenticator_added")
    else:
        second_factor_passed(user=user)
    return True


def totp_check(*, user: User, code: str, purpose: str, failures_before: int) -> CodeCheck:
    """The app's code as a second factor: not checked while the account's code checks are
    paused (services.codes), like a code sent by SMS."""
    if codes_pause_left(user=user):
        return CodeCheck.PAUSED
    ok = totp_verify(user=user, code=code, failures_before=failures_before, purpose=purpose)
    return CodeCheck.OK if ok else CodeCheck.WRONG


@transaction.atomic
def totp_remove(*, user: User) -> bool:
    deleted, _rows = AuthenticatorApp.objects.filter(user=user).delete()
    if deleted:
        account_audit(user=user, actor=person_actor(user), action="credential.authenticator_removed")
        security_notice(user=user, event="authenticator_removed")
    return bool(deleted)
