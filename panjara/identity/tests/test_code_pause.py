"""Wrong second-factor codes are counted per account across attempts (ASVS V6.3.1, V6.6.3): a new
sign-in starts a new code with fresh tries, so after 10 wrong codes within an hour the account's
code checks pause for 15 minutes. The password lockout is a separate count."""

import pytest
from django.test import Client
from django.urls import reverse

from panjara.audit.models import AuditEvent
from panjara.identity.models import AccountSession
from panjara.notifications.models import Notification

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough pass phrase"  # citizen_create's


def _password(client, user):
    client.cookies["panjara_language"] = "en"
    return client.post(reverse("identity:signin"), {"email": user.email, "password": PASSWORD})


def _code(client, code):
    return client.post(reverse("identity:signin_code"), {"action": "check", "code": code})


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_ten_wrong_codes_across_sign_ins_pause_code_checks_for_a_while(client, citizen, read_code, clock):
    citizen.language = "en"  # the notice comes in the person's language
    citizen.save(update_fields=["language"])
    # First attempt: its code's 5 tries used up.
    _password(client, citizen)
    for _ in range(5):
        _code(client, _wrong(read_code(citizen.mobile)))
    # Second attempt, with a fresh code: 4 wrong ones are still told as tries left.
    _password(client, citizen)
    right = read_code(citizen.mobile)
    for left in (4, 3, 2, 1):
        assert f"You have {left} more tries" in _code(client, _wrong(right)).content.decode()
    # Third attempt: the tenth wrong code pauses the account's codes, and the page says so.
    _password(client, citizen)
    right = read_code(citizen.mobile)
    page = _code(client, _wrong(right)).content.decode()
    assert "Too many wrong codes were typed for your account lately" in page
    assert "no code is accepted for the next 15 minutes" in page
    # Even the right code is not checked now.
    page = _code(client, right).content.decode()
    assert "no code is accepted for the next 15 minutes" in page
    assert not AccountSession.objects.filter(user=citizen).exists()
    # A new sign-in is told at once, and no SMS is spent on it.
    texts = Notification.objects.filter(template="identity.code", user=citizen).count()
    page = _password(client, citizen).content.decode()
    assert "no code is accepted for the next 15 minutes" in page
    assert Notification.objects.filter(template="identity.code", user=citizen).count() == texts

    # Logged once, and the owner is told: someone may know the password.
    assert AuditEvent.objects.filter(action="auth.codes_paused", object_id=str(citizen.pk)).count() == 1
    assert Notification.objects.filter(
        template="security.notice", user=citizen, body__contains="Many wrong codes were typed"
    ).exists()
    # Separate from the password lockout: the password still works and nothing is disabled.
    citizen.refresh_from_db()
    assert citizen.password_failures == 0 and citizen.password_disabled_at is None

    clock.travel(minutes=15, seconds=1)
    assert _password(client, citizen)["Location"] == reverse("identity:signin_code")
    assert _code(client, read_code(citizen.mobile))["Location"] == "/me/"


def test_the_pause_is_for_that_account_only(client, citizen, other_citizen, read_code):
    for _ in range(2):
        _password(client, citizen)
        for _ in range(5):
            _code(client, _wrong(read_code(citizen.mobile)))
    assert AuditEvent.objects.filter(action="auth.codes_paused", object_id=str(citizen.pk)).exists()
    other = Client()
    _password(other, other_citizen)
    assert _code(other, read_code(other_citizen.mobile))["Location"] == "/me/"


def test_wrong_codes_older_than_an_hour_are_not_counted(client, citizen, read_code, clock):
    _password(client, citizen)
    for _ in range(5):
        _code(client, _wrong(read_code(citizen.mobile)))
    clock.travel(hours=1, seconds=1)
    _password(client, citizen)
    right = read_code(citizen.mobile)
    for _ in range(4):
        _code(client, _wrong(right))
    assert _code(client, right)["Location"] == "/me/"
    assert not AuditEvent.objects.filter(action="auth.codes_paused").exists()


def test_the_security_log_shows_the_pause(client, citizen, read_code):
    for _ in range(2):
        _password(client, citizen)
        for _ in range(5):
            _code(client, _wrong(read_code(citizen.mobile)))
    from panjara.identity.testing import sign_in

    laptop = Client()
    laptop.cookies["panjara_language"] = "en"
    sign_in(laptop, citizen)
    log = laptop.get(reverse("identity:security")).content.decode()
    assert "Codes paused for 15 minutes after too many wrong ones" in log
