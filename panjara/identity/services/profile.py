"""The person's own settings: confirming the password again before a sensitive change, starting a
change of contact (its confirmation is services.contacts), and the notification preferences. The
authenticator app is services.totp."""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.db import transaction

from panjara.identity import preferences
from panjara.identity.models import User, VerificationCode
from panjara.identity.passwords import normalise
from panjara.identity.selectors import account_by_email

from .accounts import account_audit, person_actor
from .contacts import contact_confirm_start

# Wrong passwords on the confirmation page before the session is ended. Fewer than sign-in's ten:
# whoever types here already holds a signed-in session, which is what a thief at an unlocked
# computer would hold too.
MAX_REAUTH_FAILURES = 5


class ReauthOutcome(StrEnum):
    OK = "ok"
    WRONG = "wrong"
    DISABLED = "disabled"  # the password was disabled after failed sign-ins: recover it first


class PreferencesRefused(ValueError):
    pass


class ContactRefused(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code  # "same" (already this account's contact) or "email_taken"


@transaction.atomic
def reauth_attempt(*, user: User, password: str, failures: int, ip: str) -> ReauthOutcome:
    """Check the signed-in person's password again. `failures` is how many wrong ones this
    session has typed before (kept by the caller in the session); each wrong one is in the
    security log. These failures do not count towards sign-in's lockout: ending the session
    after MAX_REAUTH_FAILURES is enough, and a prankster at a shared computer must not be able to
    disable the owner's password."""
    if user.password_disabled_at is not None:
        return ReauthOutcome.DISABLED
    if user.has_usable_password() and user.check_password(normalise(password)):
        return ReauthOutcome.OK
    account_audit(
        user=user,
        actor=person_actor(user),
        action="auth.reauth_failed",
        detail={"failures": failures + 1, "ip": ip},
    )
    return ReauthOutcome.WRONG


def reauth_succeeded(*, user: User, factors: list[str], ip: str) -> None:
    """The signed-in person confirmed it is them (ASVS V16.3.1: successes are logged too), with
    which factors: the password, and the app ("totp") or an SMS code ("sms") when they have one."""
    account_audit(
        user=user,
        actor=person_actor(user),
        action="auth.reauthenticated",
        detail={"factors": factors, "ip": ip},
    )


def account_language_set(*, user: User, language: str) -> None:
    """The language of the person's notices (SMS, e-mail, inbox), set when they switch the
    portal's language. Not a security event, so not in the security log."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def notification_preferences_set(*, user: User, choices: dict[str, list[str]]) -> None:
    """Store the channels of every choosable group. Groups left out keep following their
    defaults; security notices cannot be set."""
    stored: dict[str, list[str]] = {}
    for key, channels in choices.items():
        group = preferences.BY_KEY.get(key)
        if group is None or not group.choosable:
            raise PreferencesRefused(f"group {key!r} cannot be chosen")
        unknown = set(channels) - set(preferences.CHANNELS)
        if unknown:
            raise PreferencesRefused(f"unknown channels {sorted(unknown)}")
        stored[key] = [channel for channel in preferences.CHANNELS if channel in channels]
    before = preferences.preferences_of(user=user)
    user.notification_preferences = {**(user.notification_preferences or {}), **stored}
    user.save(update_fields=["notification_preferences"])
    after = preferences.preferences_of(user=user)
    changed = {key: after[key] for key in after if after[key] != before[key]}
    if changed:
        account_audit(
            user=user,
            actor=person_actor(user),
            action="account.notification_preferences_changed",
            detail={"changed": changed},
        )


def contact_change_start(*, user: User, kind: str, address: str) -> VerificationCode:
    """Begin replacing the mobile or the e-mail (R-ID-6): send a code to the new address. The old
    contact stays until services.contacts.contact_confirm_finish accepts the code. An e-mail is
    also the username, so one used by another account is refused here, before any code is sent;
    the person learns only that it is taken, not by whom."""
    if kind == "email":
        address = User.objects.normalize_email(address).strip().lower()
        if address == user.email.lower() and user.email_confirmed_at:
            raise ContactRefused("same")
        owner = account_by_email(email=address)
        if owner is not None and owner.pk != user.pk:
            raise ContactRefused("email_taken")
    elif kind == "mobile":
        if address == user.mobile and user.mobile_confirmed_at:
            raise ContactRefused("same")
    else:
        raise ValueError(f"unknown contact kind {kind!r}")
    return contact_confirm_start(user=user, kind=kind, address=address)
