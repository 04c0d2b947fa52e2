"""Helpers for tests across the suite: a citizen whose first-login steps are done, signed in as
the real sign-in would sign them in, and confirming it is them again before a sensitive change
as a person would. Test code only (imported by conftest.py files)."""

from __future__ import annotations

import re
from datetime import date

from django.contrib.auth import SESSION_KEY as AUTH_SESSION_KEY
from django.urls import reverse

from panjara.consent.selectors import terms_current
from panjara.core import clock

from .loading import BACKEND
from .models import AccountSession, Assurance, Person, User
from .services.sessions import SESSION_KEY

CITIZEN_PASSWORD = "a long enough pass phrase"  # noqa: S105 (citizen_create's)


def citizen_create(
    *,
    personal_number: str = "01024085001",
    given_name_ka: str = "გიორგი",
    surname_ka: str = "ბერიძე",
    given_name_en: str = "Giorgi",
    surname_en: str = "Beridze",
    email: str | None = None,
    mobile: str = "555100001",
    password: str = CITIZEN_PASSWORD,
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
    client.force_login(user, backend=BACKEND)
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


def sms_code_for(user: User) -> str:
    """The code in the newest SMS to the account's mobile, as the person would read it."""
    from panjara.notifications.models import Notification

    message = Notification.objects.filter(to=f"+995{user.mobile}", channel="sms").order_by("-id").first()
    assert message is not None, f"no SMS to {user.mobile}"
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def reauth_answer(client, confirm_url: str, *, password: str = CITIZEN_PASSWORD, totp_secret: str = ""):
    """On the confirmation page `confirm_url` (/account/confirm/?next=…), type the password and
    then the authenticator app's code for `totp_secret`, or else the SMS code read from the
    notifications table, as a person would. Returns the response to the code."""
    assert confirm_url.startswith(reverse("identity:reauth")), confirm_url
    response = client.post(confirm_url, {"password": password})
    assert response.status_code == 302 and response["Location"] == confirm_url, (
        "the password was not accepted"
    )
    if totp_secret:
        import pyotp

        code = pyotp.TOTP(totp_secret).at(clock.now())
    else:
        code = sms_code_for(User.objects.get(pk=client.session[AUTH_SESSION_KEY]))
    return client.post(confirm_url, {"action": "check", "code": code})


def reauth_confirm(client, url: str, *, password: str = CITIZEN_PASSWORD, totp_secret: str = "") -> None:
    """Open `url`, get sent to the confirmation page, confirm it is you (reauth_answer) and land
    back on `url`."""
    response = client.get(url)
    assert response.status_code == 302, f"{url} did not ask for a confirmation"
    response = reauth_answer(client, response["Location"], password=password, totp_secret=totp_secret)
    assert response.status_code == 302 and response["Location"] == url, "the code was not accepted"
