"""Password recovery (identity issue, section 3): starting is throttled per client address and per
typed address without telling who has an account (ASVS V2.4.1, V6.3.8); a wrong code costs a try
of its own only (V6.6.3); an e-mail code lives 10 minutes (V6.5.5)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from panjara.audit.models import AuditEvent
from panjara.identity.models import VerificationCode
from panjara.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def limits(settings):
    settings.RECOVERY_THROTTLE = {"PER_CLIENT": 4, "PER_ACCOUNT": 2, "WINDOW_SECONDS": 3600}


def _start(client, email):
    return client.post(reverse("identity:recover"), {"email": email})


def _codes(client, email_code, sms_code):
    return client.post(reverse("identity:recover_codes"), {"email_code": email_code, "sms_code": sms_code})


def _other(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def _normalised(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_asking_again_and_again_for_one_address_is_refused_alike_for_known_and_unknown(
    client, citizen, settings
):
    settings.RECOVERY_THROTTLE = {"PER_CLIENT": 10, "PER_ACCOUNT": 2, "WINDOW_SECONDS": 3600}
    client.cookies["panjara_language"] = "en"
    sent = Notification.objects.filter(user=citizen).count
    for _ in range(2):
        assert _start(client, citizen.email)["Location"] == reverse("identity:recover_codes")
        assert _start(client, "nobody@example.ge")["Location"] == reverse("identity:recover_codes")
    assert sent() == 4  # an e-mail and an SMS each time

    known = _start(client, citizen.email)
    unknown = _start(client, "nobody@example.ge")
    assert known.status_code == unknown.status_code == 200
    assert "Too many requests to recover a password. Wait 60 minutes" in known.content.decode()
    assert _normalised(known.content.decode()).replace(citizen.email, "EMAIL") == _normalised(
        unknown.content.decode()
    ).replace("nobody@example.ge", "EMAIL")
    assert sent() == 4, "nothing more was sent"

    # The owner sees in their security log that someone kept asking; the log keeps no address.
    event = AuditEvent.objects.get(action="auth.recovery_throttled", object_id=str(citizen.pk))
    assert citizen.email not in str(event.detail)
    unknown_events = AuditEvent.objects.filter(action="auth.recovery_throttled", object_type="client")
    assert unknown_events.count() == 1 and "nobody" not in str(unknown_events.get().detail)


def test_one_connection_asking_for_many_addresses_is_refused_but_others_are_not(client, citizen, limits):
    client.cookies["panjara_language"] = "en"
    for n in range(4):
        _start(client, f"someone{n}@example.ge")
    page = _start(client, citizen.email).content.decode()
    assert "Too many requests to recover a password" in page
    assert not Notification.objects.filter(user=citizen).exists()
    assert AuditEvent.objects.filter(action="auth.recovery_throttled", detail__ip="127.0.0.1").count() == 1
    elsewhere = Client(REMOTE_ADDR="10.0.0.2")
    assert _start(elsewhere, citizen.email)["Location"] == reverse("identity:recover_codes")
    assert Notification.objects.filter(user=citizen).count() == 2


def test_a_wrong_code_costs_only_its_own_try_and_keeps_the_other_code_and_what_was_typed(
    client, citizen, read_code
):
    client.cookies["panjara_language"] = "en"
    _start(client, citizen.email)
    email_code, sms_code = read_code(citizen.email), read_code(citizen.mobile)

    page = _codes(client, email_code, _other(sms_code)).content.decode()
    assert "The code is wrong. You have 4 more tries." in page
    assert page.count("The code is wrong") == 2  # in the summary and next to the SMS field only
    assert f'value="{email_code}"' in page and f'value="{_other(sms_code)}"' in page
    by_email = VerificationCode.objects.get(user=citizen, purpose="recover_email")
    by_sms = VerificationCode.objects.get(user=citizen, purpose="recover_mobile")
    assert (by_email.failures, by_email.used_at) == (0, None), "the right e-mail code is untouched"
    assert by_sms.failures == 1

    # A code typed in the wrong shape costs nothing and stays on the page.
    page = _codes(client, "12 34", sms_code).content.decode()
    assert "The code has 6 digits" in page and 'value="12 34"' in page
    by_sms.refresh_from_db()
    assert by_sms.failures == 1

    # The same e-mail code with the right SMS code now goes through.
    assert _codes(client, email_code, sms_code)["Location"] == reverse("identity:recover_password")


def test_an_unknown_address_counts_down_like_a_real_account(client, citizen, read_code):
    client.cookies["panjara_language"] = "en"
    _start(client, "nobody@example.ge")
    page = _codes(client, "123456", "654321").content.decode()
    assert "You have 4 more tries" in page
    for _ in range(3):
        _codes(client, "123456", "654321")
    page = _codes(client, "123456", "654321").content.decode()
    assert "Too many wrong codes. Start again." in page


def test_an_email_code_works_for_10_minutes_and_an_sms_code_for_5(client, citizen, read_code, clock):
    """ASVS V6.5.5: out-of-band codes live at most 10 minutes."""
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    client.cookies["panjara_language"] = "en"
    page = client.post(reverse("identity:recover"), {"email": citizen.email}, follow=True).content.decode()
    assert "The e-mail code is valid for 10 minutes, the SMS code for 5." in page
    email_code, sms_code = read_code(citizen.email), read_code(citizen.mobile)
    assert "10 minutes" in Notification.objects.filter(to=citizen.email).latest("id").body
    clock.travel(minutes=9, seconds=59)
    page = _codes(client, email_code, sms_code).content.decode()
    # Each problem shows twice: in the summary at the top and next to its field.
    assert page.count("The code has expired. Start the recovery again.") == 2  # the SMS code only
    clock.travel(seconds=2)
    page = _codes(client, email_code, sms_code).content.decode()
    assert page.count("The code has expired. Start the recovery again.") == 4  # both now
