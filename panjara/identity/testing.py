"""Helpers for tests across the suite: a citizen whose first-login steps are done, signed in as
the real sign-in would sign them in. Test code only (imported by conftest.py files)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY

from panjara.consent.selectors import terms_current
from panjara.core import clock

from .models import AccountSession, Assurance, Person, User
from .services.sessions import SESSION_KEY


def citizen_create(
    *,
    personal_number: str = "01024085001",
    given_name_ka: str = "გიორგი",
    surname_ka: str = "ბერიძე",
    given_name_en: str = "Giorgi",
    surname_en: str = "Beridze",
    email: str | None = None,
    mobile: str = "555100001",
    password: str = "a long enough pass phrase",  # noqa: S107 (test accounts)
    accept_terms: bool = True,
) -> User:
    person = Person.objects.create(
        personal_number=personal_number,
        given_name_ka=given_name_ka,
        surname_ka=surname_ka,
        given_name_en=given_name_en,
        surname_en=surname_en,
        birth_date=date(1984, 5, 17),
    )
    now = clock.now()
    user = User.objects.create_user(
        email or f"{given_name_en.lower()}.{surname_en.lower()}.{personal_number}@example.ge",
        password,
        person=person,
        full_name=f"{given_name_ka} {surname_ka}",
        mobile=mobile,
        mobile_confirmed_at=now,
        email_confirmed_at=now,
    )
    terms = terms_current()
    if accept_terms and terms is not None:
        from panjara.consent.services import terms_decide

        terms_decide(user=user, terms=terms, decision="accepted", language="ka")
    return user


def sign_in(
    client, user: User, *, assurance: str = Assurance.SUBSTANTIAL, method: str = "password_sms"
) -> None:
    """Sign `user` in on a Django test client with a session like the real sign-in opens. Staff
    accounts made by tests get confirmed contacts here, as their own first login would give."""
    if not (user.mobile_confirmed_at and user.email_confirmed_at):
        now = clock.now()
        user.mobile = user.mobile or f"5{user.pk:08d}"[-9:].rjust(9, "5")
        user.mobile_confirmed_at = user.mobile_confirmed_at or now
        user.email_confirmed_at = user.email_confirmed_at or now
        user.save(update_fields=["mobile", "mobile_confirmed_at", "email_confirmed_at"])
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    now = clock.now()
    session[SESSION_KEY] = {
        "method": method,
        "assurance": assurance,
        "started": now.isoformat(),
        "seen": now.isoformat(),
    }
    session.save()
    assert session[AUTH_SESSION_KEY] == str(user.pk)
    AccountSession.objects.create(
        session_key=session.session_key, user=user, method=method, assurance=assurance, started_at=now
    )
