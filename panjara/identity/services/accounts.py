"""Accounts: registration at a hall, one-time passwords, password changes and lockout recovery.

Every change is audited in the same transaction with object ("account", id), which is what the
person's security log reads, and with the person's number, which "who used my data" reads."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction

from panjara.audit.services import Actor, audit_record
from panjara.core import clock
from panjara.identity.models import AuthenticatorApp, OneTimePassword, Person, User
from panjara.identity.passwords import normalise, password_problems, personal_data

ONE_TIME_PASSWORD_LIFETIME = timedelta(hours=72)
# No 0/O, 1/I/L: the password is read off paper and typed by hand. 31 symbols × 12 ≈ 59 bits.
ONE_TIME_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ONE_TIME_LENGTH = 12


class RegistrationError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code  # "already_registered", "email_taken"
        self.message = message


class PasswordRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, kw_only=True)
class PersonData:
    """What the civil registry says about a person, as the hall operator's lookup returned it."""

    personal_number: str
    given_name_ka: str
    surname_ka: str
    given_name_en: str = ""
    surname_en: str = ""
    birth_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class IssuedPassword:
    user: User
    password: str  # shown once; never stored
    expires_at: datetime


def staff_actor(user: User) -> Actor:
    return Actor(kind="staff", id=str(user.pk), label=user.email)


def person_actor(user: User) -> Actor:
    return Actor(kind="person", id=str(user.pk), label=user.email)


def account_audit(
    *, user: User, actor: Actor, action: str, detail: dict | None = None, purpose: str = ""
) -> None:
    """One security-log event about an account."""
    audit_record(
        actor=actor,
        action=action,
        subject_person=user.personal_number,
        object_type="account",
        object_id=str(user.pk),
        purpose=purpose or "account",
        detail=detail or {},
    )


def format_one_time_password(password: str) -> str:
    return "-".join(password[i : i + 4] for i in range(0, len(password), 4))


def _normalise_one_time(typed: str) -> str:
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def _issue(*, user: User, operator: User, hall_code: str, reason: str) -> IssuedPassword:
    now = clock.now()
    OneTimePassword.objects.filter(user=user, used_at__isnull=True, withdrawn_at__isnull=True).update(
        withdrawn_at=now
    )
    plain = "".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(ONE_TIME_LENGTH))
    expires_at = now + ONE_TIME_PASSWORD_LIFETIME
    OneTimePassword.objects.create(
        user=user,
        password_hash=make_password(plain),
        issued_at=now,
        expires_at=expires_at,
        issued_by=operator,
        hall_code=hall_code,
        reason=reason,
    )
    return IssuedPassword(user=user, password=format_one_time_password(plain), expires_at=expires_at)


@transaction.atomic
def citizen_register(
    *, person: PersonData, email: str, document: dict, operator: User, hall_code: str, language: str = "ka"
) -> IssuedPassword:
    """Open a citizen's account at a hall (R-ID-2): the person as the registry knows them, the
    e-mail as username, and a one-time password. The account cannot be used until its first-login
    steps are done (identity.gate)."""
    email = User.objects.normalize_email(email).strip().lower()
    existing = Person.objects.filter(personal_number=person.personal_number).first()
    if existing is not None and User.objects.filter(person=existing).exists():
        raise RegistrationError("already_registered", "person already has an account")
    if User.objects.filter(email__iexact=email).exists():
        raise RegistrationError("email_taken", "e-mail already used by another account")
    try:
        with transaction.atomic():
            if existing is None:
                existing = Person.objects.create(**person.__dict__)
            else:
                for field, value in person.__dict__.items():
                    setattr(existing, field, value)
                existing.save()
            user = User.objects.create_user(
                email,
                None,
                person=existing,
                full_name=f"{person.given_name_ka} {person.surname_ka}",
                must_change_password=True,
                language=language,
            )
    except IntegrityError as error:  # a second operator registered the same person a moment ago
        raise RegistrationError("already_registered", "person already has an account") from error
    issued = _issue(user=user, operator=operator, hall_code=hall_code, reason="registration")
    account_audit(
        user=user,
        actor=staff_actor(operator),
        action="account.registered",
        purpose="registration",
        detail={"hall": hall_code, "document": document},
    )
    return issued


@transaction.atomic
def one_time_password_reissue(
    *, user: User, operator: User, hall_code: str, document: dict
) -> IssuedPassword:
    """A person who lost a factor comes back to a hall (R-ID-7): a new one-time password replaces
    the password, the mobile must be confirmed again and the authenticator app is removed, so the
    first-login steps run again with whatever the person still holds."""
    user.set_unusable_password()
    user.must_change_password = True
    user.mobile_confirmed_at = None
    user.password_failures = 0
    user.password_disabled_at = None
    user.save()
    AuthenticatorApp.objects.filter(user=user).delete()
    issued = _issue(user=user, operator=operator, hall_code=hall_code, reason="reset")
    account_audit(
        user=user,
        actor=staff_actor(operator),
        action="credential.one_time_password_issued",
        purpose="registration",
        detail={"hall": hall_code, "document": document},
    )
    return issued


def one_time_password_matches(*, row: OneTimePassword, typed: str) -> bool:
    return check_password(_normalise_one_time(typed), row.password_hash)


@transaction.atomic
def one_time_password_use(*, row: OneTimePassword) -> None:
    row.used_at = clock.now()
    row.save(update_fields=["used_at"])


def password_check_policy(*, user: User, password: str) -> list[str]:
    return password_problems(password, personal=personal_data(user))


@transaction.atomic
def password_set(*, user: User, password: str, actor: Actor | None = None) -> None:
    """Set a new password after checking the policy; it ends a lockout and the must-change flag."""
    problems = password_check_policy(user=user, password=password)
    if problems:
        raise PasswordRefused(problems)
    user.set_password(normalise(password))
    user.must_change_password = False
    user.password_changed_at = clock.now()
    user.password_failures = 0
    user.password_disabled_at = None
    user.save()
    account_audit(user=user, actor=actor or person_actor(user), action="credential.password_changed")
