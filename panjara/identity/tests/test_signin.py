"""Signing in (identity issue, section 3): password then a 6-digit SMS code; the code's limits;
lockout after 10 failures and its recovery; the same answer for unknown and known addresses."""

import re

import pytest
from django.urls import reverse

from panjara.audit.models import AuditEvent
from panjara.identity.models import AccountSession, User, VerificationCode
from panjara.identity.services.signin import PasswordOutcome, password_step

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough pass phrase"


def _password(client, email, password=PASSWORD, next_url=""):
    return client.post(reverse("identity:signin"), {"email": email, "password": password, "next": next_url})


def _code(client, code):
    return client.post(reverse("identity:signin_code"), {"action": "check", "code": code})


def test_password_then_sms_code_signs_in_with_substantial_assurance(client, citizen, read_code):
    response = _password(client, citizen.email)
    assert response.status_code == 302 and response["Location"] == reverse("identity:signin_code")
    page = client.get(reverse("identity:signin_code")).content.decode()
    assert "•••" in page and "001" in page  # the mobile is shown masked
    response = _code(client, read_code(citizen.mobile))
    assert response.status_code == 302 and response["Location"] == "/me/"
    session = AccountSession.objects.get(user=citizen)
    assert session.assurance == "substantial" and session.method == "password_sms"
    assert AuditEvent.objects.filter(action="auth.signed_in", object_id=str(citizen.pk)).exists()


def test_the_session_id_changes_at_sign_in(client, citizen, read_code):
    client.get(reverse("identity:signin"))
    _password(client, citizen.email)
    before = client.cookies["sessionid"].value
    _code(client, read_code(citizen.mobile))
    assert client.cookies["sessionid"].value != before


def test_a_code_is_single_use_and_cannot_be_replayed(client, citizen, read_code):
    _password(client, citizen.email)
    code = read_code(citizen.mobile)
    _code(client, code)
    client.post(reverse("identity:logout"))
    _password(client, citizen.email)
    response = _code(client, code)  # the old code, in a new sign-in
    assert response.status_code == 200
    assert "wrong" in response.content.decode() or "არასწორ" in response.content.decode()


def test_a_code_expires_after_five_minutes(client, citizen, read_code, clock):
    _password(client, citizen.email)
    code = read_code(citizen.mobile)
    clock.travel(minutes=5, seconds=1)
    response = client.post(
        reverse("identity:signin_code"),
        {"action": "check", "code": code},
        headers={"cookie": "panjara_language=en"},
    )
    client.cookies["panjara_language"] = "en"
    response = _code(client, code)
    assert "The code has expired" in response.content.decode()
    assert not AccountSession.objects.filter(user=citizen).exists()


def test_five_wrong_codes_end_the_attempt_even_with_the_right_code_after(client, citizen, read_code):
    client.cookies["panjara_language"] = "en"
    _password(client, citizen.email)
    right = read_code(citizen.mobile)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for tries_left in (4, 3, 2, 1):
        page = _code(client, wrong).content.decode()
        assert f"You have {tries_left} more tries" in page
    response = _code(client, wrong)
    assert response.status_code == 302 and response["Location"] == reverse("identity:signin")
    response = _code(client, right)
    assert response["Location"] == reverse("identity:signin")  # the attempt is gone
    assert not AccountSession.objects.filter(user=citizen).exists()


def test_resends_are_limited_and_do_not_reset_the_failure_count(client, citizen, read_code, clock):
    client.cookies["panjara_language"] = "en"
    _password(client, citizen.email)
    first = read_code(citizen.mobile)
    wrong = f"{(int(first) + 1) % 10**6:06d}"
    _code(client, wrong)
    _code(client, wrong)
    too_soon = client.post(
        reverse("identity:signin_code"), {"action": "resend"}, follow=True
    ).content.decode()
    assert "Wait" in too_soon
    for _ in range(3):
        clock.travel(seconds=31)
        client.post(reverse("identity:signin_code"), {"action": "resend"})
    clock.travel(seconds=31)
    refused = client.post(reverse("identity:signin_code"), {"action": "resend"}, follow=True).content.decode()
    assert "No more codes can be sent" in refused
    row = VerificationCode.objects.get(user=citizen, purpose="login")
    assert row.resends == 3 and row.failures == 2
    latest = read_code(citizen.mobile)
    page = _code(client, f"{(int(latest) + 1) % 10**6:06d}").content.decode()
    assert "You have 2 more tries" in page  # the count carried over the resends
    assert _code(client, latest)["Location"] == "/me/"


def test_ten_wrong_passwords_disable_the_password_and_recovery_restores_it(client, citizen, read_code):
    client.cookies["panjara_language"] = "en"
    for _ in range(10):
        page = _password(client, citizen.email, "not my password at all").content.decode()
        assert "The e-mail address or the password is wrong." in page
    citizen.refresh_from_db()
    assert citizen.password_disabled_at is not None
    # The owner is told on both confirmed contacts.
    from panjara.notifications.models import Notification

    notices = Notification.objects.filter(template="security.notice", user=citizen)
    assert {n.channel for n in notices} == {"sms", "email"}
    # Even the right password no longer works; only its owner learns why.
    page = _password(client, citizen.email).content.decode()
    assert "disabled" in page and "Recover" in page
    # Recovery: codes to both contacts, then a new password.
    client.post(reverse("identity:recover"), {"email": citizen.email})
    response = client.post(
        reverse("identity:recover_codes"),
        {"email_code": read_code(citizen.email), "sms_code": read_code(citizen.mobile)},
    )
    assert response["Location"] == reverse("identity:recover_password")
    new = "another long pass phrase"
    response = client.post(reverse("identity:recover_password"), {"password": new, "password_again": new})
    assert response["Location"] == reverse("identity:signin")
    citizen.refresh_from_db()
    assert citizen.password_disabled_at is None and citizen.password_failures == 0
    assert _password(client, citizen.email, new)["Location"] == reverse("identity:signin_code")


def test_recovery_needs_both_codes(client, citizen, read_code):
    client.cookies["panjara_language"] = "en"
    client.post(reverse("identity:recover"), {"email": citizen.email})
    email_code = read_code(citizen.email)
    page = client.post(
        reverse("identity:recover_codes"), {"email_code": email_code, "sms_code": "000000"}
    ).content.decode()
    assert "The code is wrong. You have 4 more tries." in page
    assert client.get(reverse("identity:recover_password"))["Location"] == reverse("identity:recover")


def _normalised(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html).replace("nobody@example.ge", "EMAIL")


def test_unknown_and_known_addresses_get_the_same_answer(client, citizen):
    known = _password(client, citizen.email, "wrong password here").content.decode()
    unknown = _password(client, "nobody@example.ge", "wrong password here").content.decode()
    assert _normalised(known).replace(citizen.email, "EMAIL") == _normalised(unknown)
    # Recovery says the same too, and sends nothing to anyone for an unknown address.
    first = client.post(reverse("identity:recover"), {"email": "nobody@example.ge"}, follow=True)
    second = client.post(reverse("identity:recover"), {"email": citizen.email}, follow=True)
    assert _normalised(first.content.decode()) == _normalised(second.content.decode())


def test_unknown_addresses_cost_an_argon2_check_like_known_ones(citizen, settings, monkeypatch):
    """The same work for unknown addresses: a check against a dummy hash, never an early return."""
    calls = []
    import panjara.identity.services.signin as signin

    real = signin.check_password
    monkeypatch.setattr(signin, "check_password", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert password_step(email="nobody@example.ge", password="x" * 10, ip="").outcome is PasswordOutcome.WRONG
    assert calls == [1]


def test_many_failures_from_one_address_are_throttled_but_the_account_still_recovers(
    client, citizen, settings
):
    settings.SIGNIN_THROTTLE = {"FAILURES": 3, "WINDOW_SECONDS": 900}
    from django.core.cache import cache

    cache.clear()
    client.cookies["panjara_language"] = "en"
    for n in range(3):
        _password(client, f"someone{n}@example.ge", "guess guess guess")
    page = _password(client, citizen.email).content.decode()
    assert "Too many failed attempts from your connection" in page
    # The throttle is per address: the person elsewhere is not locked out.
    other = client.__class__(REMOTE_ADDR="10.0.0.2")
    assert _password(other, citizen.email)["Location"] == reverse("identity:signin_code")
    cache.clear()


def test_signing_out_ends_the_session_on_the_server(citizen_client, citizen):
    key = citizen_client.session.session_key
    citizen_client.post(reverse("identity:logout"))
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()
    assert AccountSession.objects.get(session_key=key).ended_at is not None
    assert citizen_client.get("/me/")["Location"].startswith(reverse("identity:signin"))


def test_an_account_without_a_confirmed_mobile_cannot_pass_the_second_factor(client, db):
    user = User.objects.create_user("staff@example.ge", PASSWORD, is_staff=True)
    client.cookies["panjara_language"] = "en"
    page = _password(client, user.email).content.decode()
    assert "no confirmed mobile number" in page


def test_asking_for_an_sms_instead_cannot_refresh_the_tries_of_an_sms_sign_in(client, citizen, read_code):
    """ASVS V6.6.3: a second-factor code cannot be guessed by asking again and again."""
    client.cookies["panjara_language"] = "en"
    _password(client, citizen.email)
    right = read_code(citizen.mobile)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for _ in range(4):
        _code(client, wrong)
    client.post(reverse("identity:signin_code"), {"action": "use_sms"})  # ignored: already SMS
    assert read_code(citizen.mobile) == right  # no new code was sent
    assert _code(client, wrong)["Location"] == reverse("identity:signin")  # the fifth wrong try ends it
