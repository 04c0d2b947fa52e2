"""What the security log records beyond successes (ASVS V16.3.1, V16.3.3): wrong and exhausted
codes, sign-ins to addresses without an account (without keeping the typed address), and
throttling, logged once per window rather than once per refused request."""

import pytest
from django.urls import reverse

from panjara.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough pass phrase"  # citizen_create's


def _password(client, email, password=PASSWORD):
    return client.post(reverse("identity:signin"), {"email": email, "password": password})


def _code(client, code):
    return client.post(reverse("identity:signin_code"), {"action": "check", "code": code})


def test_wrong_codes_and_a_used_up_code_are_in_the_persons_security_log(client, citizen, read_code):
    client.cookies["panjara_language"] = "en"
    _password(client, citizen.email)
    right = read_code(citizen.mobile)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(5):
        _code(client, wrong)
    failed = AuditEvent.objects.filter(action="auth.code_failed", object_id=str(citizen.pk))
    assert failed.count() == 4
    assert failed.first().detail == {"purpose": "login", "channel": "sms", "failures": 1}
    assert (
        AuditEvent.objects.get(action="auth.code_exhausted", object_id=str(citizen.pk)).detail["failures"]
        == 5
    )
    assert wrong not in str(list(failed.values_list("detail", flat=True)))

    _password(client, citizen.email)
    _code(client, read_code(citizen.mobile))
    log = client.get(reverse("identity:security")).content.decode()
    assert "Wrong code entered" in log and "Code stopped working after too many wrong tries" in log


def test_a_sign_in_to_an_unknown_address_is_logged_without_the_address(client, db):
    for _ in range(2):
        _password(client, "Someone.Else@Example.ge", "a guessed password")
    events = list(AuditEvent.objects.filter(action="auth.unknown_account"))
    assert len(events) == 2
    digest = events[0].detail["address"]
    assert events[1].detail["address"] == digest and len(digest) == 32
    assert events[0].detail["ip"] == "127.0.0.1"
    stored = str(list(AuditEvent.objects.values_list("detail", "actor_label", "object_id")))
    assert "someone.else" not in stored.lower()
    _password(client, "another@example.ge", "a guessed password")
    assert AuditEvent.objects.filter(action="auth.unknown_account").last().detail["address"] != digest


def test_throttling_is_logged_once_per_window(client, citizen, settings):
    settings.SIGNIN_THROTTLE = {"FAILURES": 2, "WINDOW_SECONDS": 900}
    for n in range(2):
        _password(client, f"someone{n}@example.ge", "guess guess guess")
    for _ in range(3):
        _password(client, citizen.email)  # refused: the connection waits
    event = AuditEvent.objects.get(action="auth.signin_throttled")
    assert event.detail == {"ip": "127.0.0.1"} and event.object_type == "client"
