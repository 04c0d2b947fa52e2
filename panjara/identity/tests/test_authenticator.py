"""The authenticator app (identity issue, section 3): set up with the password confirmed again,
a QR code and the key as text, and a first code; then sign-in asks for its code instead of an
SMS, a code works once, an SMS remains the way out, and removing it needs the password again."""

import re

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from panjara.identity.models import AccountSession, AuthenticatorApp
from panjara.identity.testing import reauth_confirm
from panjara.notifications.models import Notification

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough pass phrase"  # citizen_create's


@pytest.fixture
def english(citizen_client, citizen):
    """The citizen uses the portal in English and gets messages in English too."""
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    citizen_client.cookies["panjara_language"] = "en"
    return citizen_client


def confirm_password(client, url: str) -> None:
    """The password and the SMS code (the app is not set up yet)."""
    reauth_confirm(client, url)


def code_at(secret: str, clock) -> str:
    return pyotp.TOTP(secret).at(clock())


def enrol(client, clock) -> str:
    """Set up the app as a person would, reading the key off the page; returns the key."""
    url = reverse("identity:authenticator_setup")
    confirm_password(client, url)
    page = client.get(url).content.decode()
    assert re.search(r'<img src="data:image/svg\+xml[^"]*"[^>]*alt="QR code', page)
    secret = (
        re.search(r'<code class="totp-secret" lang="en">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    )
    response = client.post(url, {"code": code_at(secret, clock)})
    assert response["Location"] == reverse("identity:authenticator")
    return secret


def sign_in_with_password(client, user):
    client.cookies["panjara_language"] = "en"
    response = client.post(reverse("identity:signin"), {"email": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("identity:signin_code")


def test_setting_up_the_app_needs_the_password_and_a_first_code(english, citizen, clock):
    setup = reverse("identity:authenticator_setup")
    assert english.get(setup)["Location"].startswith(reverse("identity:reauth"))
    confirm_password(english, setup)
    page = english.get(setup).content.decode()
    secret = (
        re.search(r'<code class="totp-secret" lang="en">([A-Z2-7 ]+)</code>', page).group(1).replace(" ", "")
    )
    assert "Cannot scan the code?" in page

    page = english.post(setup, {"code": "123456" if code_at(secret, clock) != "123456" else "654321"})
    assert "The code is not right" in page.content.decode()
    assert not AuthenticatorApp.objects.get(user=citizen).confirmed_at

    # A reload keeps the same key: a QR code already scanned keeps working.
    assert secret in english.get(setup).content.decode().replace(" ", "")
    english.post(setup, {"code": code_at(secret, clock)})
    assert AuthenticatorApp.objects.get(user=citizen).confirmed_at is not None

    status = english.get(reverse("identity:authenticator")).content.decode()
    assert "The authenticator app is set up." in status and "In use" in status
    assert "In use since" in english.get(reverse("identity:profile")).content.decode()
    assert "Authenticator app added" in english.get(reverse("identity:security")).content.decode()
    notices = Notification.objects.filter(
        template="security.notice", body__contains="authenticator app was added"
    )
    assert {n.to for n in notices} == {citizen.email, "+995555100001"}


def test_after_setup_sign_in_takes_the_app_code_instead_of_an_sms_and_each_code_works_once(
    english, citizen, clock
):
    secret = enrol(english, clock)
    clock.travel(seconds=30)  # the next code; the one used to confirm is spent
    texts_before = Notification.objects.filter(to="+995555100001", template="identity.code").count()

    phone = Client()
    sign_in_with_password(phone, citizen)
    page = phone.get(reverse("identity:signin_code")).content.decode()
    assert "Enter the code from your authenticator app" in page
    code = code_at(secret, clock)
    response = phone.post(reverse("identity:signin_code"), {"action": "check", "code": code})
    assert response.status_code == 302
    session = AccountSession.objects.get(session_key=phone.session.session_key)
    assert session.method == AccountSession.Method.PASSWORD_TOTP and session.assurance == "substantial"
    assert Notification.objects.filter(to="+995555100001", template="identity.code").count() == texts_before

    # The same code, still inside its 30 seconds, does not open a second session.
    laptop = Client()
    sign_in_with_password(laptop, citizen)
    page = laptop.post(reverse("identity:signin_code"), {"action": "check", "code": code}).content.decode()
    assert "The code is wrong" in page
    assert not laptop.get(reverse("web:help")).wsgi_request.user.is_authenticated


def test_a_person_without_their_phone_can_ask_for_an_sms_instead(english, citizen, clock, read_code):
    enrol(english, clock)
    other = Client()
    sign_in_with_password(other, citizen)
    assert "Send me a code by SMS instead" in other.get(reverse("identity:signin_code")).content.decode()
    other.post(reverse("identity:signin_code"), {"action": "use_sms"})
    response = other.post(
        reverse("identity:signin_code"), {"action": "check", "code": read_code("555100001")}
    )
    assert response.status_code == 302
    session = AccountSession.objects.get(session_key=other.session.session_key)
    assert session.method == AccountSession.Method.PASSWORD_SMS


def test_removing_the_app_needs_the_password_again_and_brings_back_sms(english, citizen, clock):
    secret = enrol(english, clock)
    clock.travel(minutes=6)  # the confirmation from setting up has run out
    remove = reverse("identity:authenticator_remove")
    assert english.post(remove)["Location"].startswith(reverse("identity:reauth"))
    assert AuthenticatorApp.objects.filter(user=citizen).exists()

    # With the app set up, confirming takes the password and the app's code (ASVS V7.5.1).
    reauth_confirm(english, remove, totp_secret=secret)
    assert "Remove the authenticator app" in english.get(remove).content.decode()
    response = english.post(remove)
    assert response["Location"] == reverse("identity:authenticator")
    assert not AuthenticatorApp.objects.filter(user=citizen).exists()
    assert "Authenticator app removed" in english.get(reverse("identity:security")).content.decode()
    assert Notification.objects.filter(
        to="+995555100001", template="security.notice", body__contains="authenticator app was removed"
    ).exists()

    phone = Client()
    sign_in_with_password(phone, citizen)
    assert (
        "Enter the code we sent to your mobile" in phone.get(reverse("identity:signin_code")).content.decode()
    )


def test_a_second_app_cannot_replace_the_first_without_removing_it(english, citizen, clock):
    secret = enrol(english, clock)
    response = english.get(reverse("identity:authenticator_setup"))
    assert response["Location"] == reverse("identity:authenticator")
    from panjara.identity.services.totp import totp_secret

    assert totp_secret(AuthenticatorApp.objects.get(user=citizen)) == secret


def test_one_persons_app_is_not_anothers(english, citizen, other_citizen, clock):
    enrol(english, clock)
    other = Client()
    other.cookies["panjara_language"] = "en"
    from panjara.identity.testing import sign_in

    sign_in(other, other_citizen)
    assert "Not set up" in other.get(reverse("identity:authenticator")).content.decode()
    assert "Not set up" in other.get(reverse("identity:profile")).content.decode()
    assert other.get(reverse("identity:authenticator_remove")).status_code == 302
    assert AuthenticatorApp.objects.filter(user=citizen, confirmed_at__isnull=False).exists()
