"""Confirming it is you before a sensitive change takes the full set of factors (ASVS V7.5.1):
the password, then the authenticator app's code or, without the app, a code sent by SMS."""

import pyotp
import pytest
from django.urls import reverse

from panjara.identity.services.totp import totp_enrol_start, totp_secret, totp_verify
from panjara.notifications.models import Notification

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough pass phrase"  # citizen_create's
URL = "/account/mobile/"


@pytest.fixture
def english(citizen_client, citizen):
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    citizen_client.cookies["panjara_language"] = "en"
    return citizen_client


def _sms_count(citizen) -> int:
    return Notification.objects.filter(to=f"+995{citizen.mobile}", template="identity.code").count()


def test_the_password_alone_is_not_enough_an_sms_code_follows(english, citizen, read_code):
    confirm = english.get(URL)["Location"]
    assert confirm.startswith(reverse("identity:reauth"))
    page = english.get(confirm).content.decode()
    assert "your password, then a code" in page and 'type="password"' in page

    response = english.post(confirm, {"password": PASSWORD})
    assert response["Location"] == confirm
    assert english.get(URL)["Location"] == confirm, "the password alone does not open the page"
    page = english.get(confirm).content.decode()
    assert "Now type the 6-digit code we sent by SMS to 5•• ••• 001" in page
    assert 'autocomplete="one-time-code"' in page

    right = read_code(citizen.mobile)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    page = english.post(confirm, {"action": "check", "code": wrong}).content.decode()
    assert "The code is wrong. You have 4 more tries." in page
    assert f'value="{wrong}"' in page, "the typed code stays in the field"
    assert english.post(confirm, {"action": "check", "code": right})["Location"] == URL
    assert english.get(URL).status_code == 200
    log = english.get(reverse("identity:security")).content.decode()
    assert "Confirmed it is you before a change" in log


def test_with_the_app_set_up_the_confirmation_takes_its_code_and_sends_no_sms(english, citizen, clock):
    secret = totp_secret(totp_enrol_start(user=citizen))
    assert totp_verify(user=citizen, code=pyotp.TOTP(secret).at(clock()), confirming=True)
    clock.travel(seconds=30)
    texts = _sms_count(citizen)

    confirm = english.get(URL)["Location"]
    english.post(confirm, {"password": PASSWORD})
    page = english.get(confirm).content.decode()
    assert "open the authenticator app on your phone" in page
    assert (
        english.post(confirm, {"action": "check", "code": pyotp.TOTP(secret).at(clock())})["Location"] == URL
    )
    assert _sms_count(citizen) == texts


def test_five_wrong_codes_on_the_confirmation_sign_the_person_out(english, citizen, read_code):
    confirm = english.get(URL)["Location"]
    english.post(confirm, {"password": PASSWORD})
    wrong = f"{(int(read_code(citizen.mobile)) + 1) % 10**6:06d}"
    for _ in range(4):
        english.post(confirm, {"action": "check", "code": wrong})
    response = english.post(confirm, {"action": "check", "code": wrong})
    assert response["Location"] == reverse("identity:signin")
    assert "so we signed you out" in english.get(response["Location"]).content.decode()
    assert not english.get(reverse("web:help")).wsgi_request.user.is_authenticated
    citizen.refresh_from_db()
    assert citizen.password_disabled_at is None and citizen.password_failures == 0


def test_starting_again_asks_for_the_password_again(english, citizen):
    confirm = english.get(URL)["Location"]
    english.post(confirm, {"password": PASSWORD})
    assert english.post(confirm, {"action": "restart"})["Location"] == confirm
    page = english.get(confirm).content.decode()
    assert 'type="password"' in page and "one-time-code" not in page
