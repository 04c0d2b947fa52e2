"""Rotating SECRET_KEY (ADR 0008): the new key goes into SECRET_KEY, the old one into
SECRET_KEY_FALLBACKS. Authenticator apps and codes sent before the rotation keep working while
the old key is a fallback; an app is moved to the new key when it is next used; once the old key
is dropped, an app nobody used in between gives way to SMS codes instead of an error page."""

import hashlib
import logging
import os
import re

import pyotp
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.test import Client
from django.urls import reverse

from panjara.identity.keys import FOR_TOTP, current_key
from panjara.identity.models import AccountSession, AuthenticatorApp
from panjara.identity.services.totp import totp_enrol_start, totp_secret, totp_verify
from panjara.identity.testing import CITIZEN_PASSWORD, reauth_confirm, sign_in

pytestmark = pytest.mark.django_db

NEW_KEY = "the-new-secret-key-after-the-rotation-0123456789-abcdefghijklmnop"
APP_PAGE_TEXT = "Enter the code from your authenticator app"
SMS_PAGE_TEXT = "Enter the code we sent to your mobile"


@pytest.fixture
def old_key(settings) -> str:
    return settings.SECRET_KEY


def rotate(settings, *, fallbacks: list[str]) -> None:
    """What the operator does: a new SECRET_KEY, the old one (or none) kept as a fallback."""
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = fallbacks


def set_up_app(user, clock) -> str:
    """An app set up and confirmed with a first code; returns its secret. The next code is
    30 seconds on, as the confirming one is spent."""
    secret = totp_secret(totp_enrol_start(user=user))
    assert totp_verify(user=user, code=pyotp.TOTP(secret).at(clock()), confirming=True)
    clock.travel(seconds=30)
    return secret


def start_sign_in(user) -> tuple[Client, str]:
    """A fresh browser through the password step; returns it and the code page's text."""
    browser = Client()
    browser.cookies["panjara_language"] = "en"
    response = browser.post(reverse("identity:signin"), {"email": user.email, "password": CITIZEN_PASSWORD})
    assert response["Location"] == reverse("identity:signin_code")
    return browser, browser.get(reverse("identity:signin_code")).content.decode()


def type_code(browser: Client, code: str):
    return browser.post(reverse("identity:signin_code"), {"action": "check", "code": code})


def session_method(browser: Client) -> str:
    return AccountSession.objects.get(session_key=browser.session.session_key).method


def test_an_app_set_up_under_the_old_key_works_after_the_rotation_and_moves_to_the_new_key(
    settings, old_key, citizen, clock
):
    secret = set_up_app(citizen, clock)
    old_id = AuthenticatorApp.objects.get(user=citizen).key_id
    assert old_id == current_key(FOR_TOTP).id

    rotate(settings, fallbacks=[old_key])
    browser, page = start_sign_in(citizen)
    assert APP_PAGE_TEXT in page
    assert type_code(browser, pyotp.TOTP(secret).at(clock())).status_code == 302
    assert session_method(browser) == AccountSession.Method.PASSWORD_TOTP

    app = AuthenticatorApp.objects.get(user=citizen)
    assert app.key_id == current_key(FOR_TOTP).id != old_id
    # Re-encrypted, not just relabelled: with the old key gone too, the same app still signs in.
    rotate(settings, fallbacks=[])
    clock.travel(seconds=30)
    browser, page = start_sign_in(citizen)
    assert APP_PAGE_TEXT in page
    assert type_code(browser, pyotp.TOTP(secret).at(clock())).status_code == 302
    assert session_method(browser) == AccountSession.Method.PASSWORD_TOTP


def test_once_the_old_key_is_dropped_an_app_not_used_in_between_gives_way_to_sms(
    settings, old_key, citizen, clock, read_code, caplog
):
    set_up_app(citizen, clock)
    rotate(settings, fallbacks=[])

    with caplog.at_level(logging.WARNING, logger="panjara.identity"):
        browser, page = start_sign_in(citizen)
    assert SMS_PAGE_TEXT in page and APP_PAGE_TEXT not in page
    assert "is not configured" in caplog.text, "the operator is told which app lost its key"
    assert type_code(browser, read_code(citizen.mobile)).status_code == 302
    assert session_method(browser) == AccountSession.Method.PASSWORD_SMS

    # Confirming it is them takes an SMS code too; then they can remove the app and set up a new one.
    browser.cookies["panjara_language"] = "en"
    remove = reverse("identity:authenticator_remove")
    reauth_confirm(browser, remove)
    assert browser.post(remove)["Location"] == reverse("identity:authenticator")
    setup = reverse("identity:authenticator_setup")
    page = browser.get(setup).content.decode()
    new_secret = re.search(r'<code class="totp-secret" lang="en">([A-Z2-7 ]+)</code>', page).group(1)
    code = pyotp.TOTP(new_secret.replace(" ", "")).at(clock())
    assert browser.post(setup, {"code": code})["Location"] == reverse("identity:authenticator")
    assert AuthenticatorApp.objects.get(user=citizen).key_id == current_key(FOR_TOTP).id


def test_an_unfinished_set_up_whose_key_was_dropped_starts_again_with_a_new_secret(
    settings, client, citizen, clock
):
    """The set-up page was opened long ago and the first code never typed; since then the key
    it was sealed under has been rotated out altogether."""
    abandoned = totp_secret(totp_enrol_start(user=citizen))
    rotate(settings, fallbacks=[])

    sign_in(client, citizen)  # after the rotation: sessions signed with a dropped key end
    client.cookies["panjara_language"] = "en"
    setup = reverse("identity:authenticator_setup")
    reauth_confirm(client, setup)
    page = client.get(setup)
    assert page.status_code == 200
    shown = re.search(r'<code class="totp-secret" lang="en">([A-Z2-7 ]+)</code>', page.content.decode())
    secret = shown.group(1).replace(" ", "")
    assert secret != abandoned
    assert client.post(setup, {"code": pyotp.TOTP(secret).at(clock())})["Location"] == reverse(
        "identity:authenticator"
    )


def test_an_sms_code_sent_just_before_the_rotation_is_accepted_after_it(
    settings, old_key, citizen, read_code
):
    browser, page = start_sign_in(citizen)
    assert SMS_PAGE_TEXT in page
    code = read_code(citizen.mobile)

    rotate(settings, fallbacks=[old_key])
    assert type_code(browser, code).status_code == 302
    assert session_method(browser) == AccountSession.Method.PASSWORD_SMS


def test_an_app_set_up_before_key_ids_were_kept_still_works_after_a_rotation(
    settings, old_key, citizen, clock
):
    # Sealed as the first release did: the same key derivation, no key id on the row.
    secret = pyotp.random_base32()
    key = hashlib.sha256(b"panjara-totp-secret:" + old_key.encode()).digest()
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(key).encrypt(nonce, secret.encode(), str(citizen.pk).encode())
    AuthenticatorApp.objects.create(user=citizen, secret_encrypted=sealed, confirmed_at=clock())

    rotate(settings, fallbacks=[old_key])
    browser, page = start_sign_in(citizen)
    assert APP_PAGE_TEXT in page
    assert type_code(browser, pyotp.TOTP(secret).at(clock())).status_code == 302
    assert session_method(browser) == AccountSession.Method.PASSWORD_TOTP
    assert AuthenticatorApp.objects.get(user=citizen).key_id == current_key(FOR_TOTP).id
