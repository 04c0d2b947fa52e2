"""The authenticator app (TOTP, RFC 6238, 30-second steps, 6 digits, SHA-1 as every common app
expects). The secret is encrypted at rest with AES-GCM under a key derived from the deployment's
SECRET_KEY, and the row keeps that key's id; a code is accepted at most once (the last accepted
step is kept).

After SECRET_KEY is rotated (the old one moved to SECRET_KEY_FALLBACKS, see identity.keys), a
secret under the old key still opens, and the first right code re-encrypts it under the new key.
A secret whose key is no longer configured at all cannot check a code: the account is then
treated as having no app (selectors.totp_enabled), so its sign-in asks for an SMS code."""

from __future__ import annotations

import logging
import os

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.db import transaction

from panjara.core import clock
from panjara.identity.keys import FOR_TOTP, current_key, keys_to_try
from panjara.identity.models import AuthenticatorApp, User
from panjara.identity.selectors import codes_pause_left

from .accounts import account_audit, person_actor
from .codes import MAX_FAILURES, CodeCheck, code_failure_record, second_factor_passed
from .notices import security_notice

ISSUER = "Panjara"
# One step either side: a phone's clock a little off still works, and a code lives at most 90 s.
VALID_WINDOW = 1
NONCE_BYTES = 12

logger = logging.getLogger(__name__)


class TotpSecretUnreadable(Exception):
    """A confirmed app's secret is under a key this deployment no longer has."""


def _seal(secret: str, *, user_id: int) -> tuple[bytes, str]:
    """The secret encrypted under the current key, and that key's id. The account id is the
    associated data: a secret copied onto another account's row does not open."""
    key = current_key(FOR_TOTP)
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key.secret).encrypt(nonce, secret.encode(), str(user_id).encode()), key.id


def _open(app: AuthenticatorApp) -> str | None:
    """The secret, or None when no configured key opens it."""
    blob = bytes(app.secret_encrypted)
    for key in keys_to_try(FOR_TOTP, app.key_id):
        try:
            plain = AESGCM(key.secret).decrypt(
                blob[:NONCE_BYTES], blob[NONCE_BYTES:], str(app.user_id).encode()
            )
        except InvalidTag:
            continue
        return plain.decode()
    return None


def _unreadable_warning(app: AuthenticatorApp) -> None:
    # For the operator: a fallback key was dropped before this app was used under the new key.
    logger.warning(
        "The authenticator app of account %s is under key %r, which is not configured "
        "(SECRET_KEY or SECRET_KEY_FALLBACKS); the account gets SMS codes instead.",
        app.user_id,
        app.key_id or "(from before key ids)",
    )


def totp_secret(app: AuthenticatorApp) -> str:
    """The secret, to show while the app is being set up. An unconfirmed app whose key is gone
    gets a new secret: it was worthless until confirmed, and a QR code scanned under the old one
    could not be confirmed any more anyway."""
    secret = _open(app)
    if secret is not None:
        return secret
    if app.confirmed_at is not None:
        _unreadable_warning(app)
        raise TotpSecretUnreadable(f"authenticator app of account {app.user_id}")
    secret = pyotp.random_base32()
    app.secret_encrypted, app.key_id = _seal(secret, user_id=app.user_id)
    app.save(update_fields=["secret_encrypted", "key_id"])
    return secret


def totp_provisioning_uri(*, app: AuthenticatorApp) -> str:
    return pyotp.TOTP(totp_secret(app)).provisioning_uri(name=app.user.email, issuer_name=ISSUER)


@transaction.atomic
def totp_enrol_start(*, user: User) -> AuthenticatorApp:
    """A new, unconfirmed app replaces an unconfirmed one; a confirmed one must be removed first."""
    AuthenticatorApp.objects.filter(user=user, confirmed_at__isnull=True).delete()
    sealed, key_id = _seal(pyotp.random_base32(), user_id=user.pk)
    return AuthenticatorApp.objects.create(user=user, secret_encrypted=sealed, key_id=key_id)


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
    secret = _open(app)
    if secret is None:
        # Not the person's mistake, so not counted as a wrong code. The code pages offer such an
        # app only to an attempt begun before its key was dropped, or when it has no key id yet
        # (selectors.totp_enabled); "an SMS instead" remains the way on.
        _unreadable_warning(app)
        return False
    step = _step_matching(secret=secret, code=code, last_step=app.last_step)
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
    if app.key_id != current_key(FOR_TOTP).id:
        # Lazy re-keying: under the row lock, and only once the secret is known to be right, so
        # that the old key can leave SECRET_KEY_FALLBACKS once every app has been used.
        app.secret_encrypted, app.key_id = _seal(secret, user_id=app.user_id)
        fields += ["secret_encrypted", "key_id"]
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
