"""Changing the password while signed in (identity issue, section 3; ASVS V6.2.2, V6.2.3, V7.4.3),
re-authentication giving the session a new id (V7.2.4), and the same policy for passwords set
through Django (V6.2.1, V6.2.4)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from panjara.identity.models import AccountSession
from panjara.identity.services.signin import PasswordOutcome, password_step
from panjara.identity.testing import reauth_confirm, sign_in
from panjara.notifications.models import Notification

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough pass phrase"  # citizen_create's
NEW = "seven blue kites over batumi"
URL = "/account/password/"


@pytest.fixture
def english(citizen_client, citizen):
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    citizen_client.cookies["panjara_language"] = "en"
    return citizen_client


def _confirm(client, url=URL):
    reauth_confirm(client, url)


def _change(client, current=PASSWORD, new=NEW, again=None):
    return client.post(URL, {"current_password": current, "password": new, "password_again": again or new})


def test_the_profile_links_to_the_change_password_page(english):
    assert reverse("identity:change_password") == URL
    assert f'href="{URL}"' in english.get(reverse("identity:profile")).content.decode()


def test_changing_the_password_needs_the_current_one_ends_other_sessions_and_tells_the_person(
    english, citizen
):
    phone = Client()
    sign_in(phone, citizen)
    _confirm(english)
    page = english.get(URL).content.decode()
    assert "Current password" in page and 'autocomplete="new-password"' in page

    page = _change(english, current="not my password").content.decode()
    assert "The password is wrong. After 4 more wrong tries you will be signed out." in page
    page = _change(english, new="password1").content.decode()
    assert "This password is one of the most common ones" in page
    page = _change(english, new=NEW, again=NEW + "x").content.decode()
    assert "The two passwords are not the same." in page
    assert password_step(email=citizen.email, password=PASSWORD, ip="").outcome is PasswordOutcome.OK

    response = _change(english)
    assert response["Location"] == reverse("identity:profile")
    profile = english.get(reverse("identity:profile")).content.decode()
    assert "Your password is changed. 1 other session was signed out." in profile
    assert password_step(email=citizen.email, password=NEW, ip="").outcome is PasswordOutcome.OK
    assert password_step(email=citizen.email, password=PASSWORD, ip="").outcome is PasswordOutcome.WRONG
    # This session goes on; the phone's has ended on the server.
    assert english.get(reverse("web:help")).wsgi_request.user.is_authenticated
    assert not phone.get(reverse("web:help")).wsgi_request.user.is_authenticated
    assert AccountSession.objects.filter(user=citizen, ended_at__isnull=True).count() == 1
    notices = Notification.objects.filter(
        template="security.notice", body__contains="Your password was changed"
    )
    assert {n.to for n in notices} == {citizen.email, "+995555100001"}
    log = english.get(reverse("identity:security")).content.decode()
    assert "Password changed" in log and "Wrong password when confirming a change" in log


def test_the_page_needs_a_fresh_confirmation_and_wrong_current_passwords_sign_out(english, citizen, clock):
    _confirm(english)
    clock.travel(minutes=5, seconds=1)
    response = _change(english)
    assert response["Location"].startswith(reverse("identity:reauth"))
    assert password_step(email=citizen.email, password=PASSWORD, ip="").outcome is PasswordOutcome.OK
    _confirm(english)
    for _ in range(4):
        _change(english, current="not my password")
    assert _change(english, current="not my password")["Location"] == reverse("identity:signin")
    assert not english.get(reverse("web:help")).wsgi_request.user.is_authenticated
    citizen.refresh_from_db()
    assert citizen.password_disabled_at is None


def test_confirming_the_password_gives_the_session_a_new_id(english, citizen, settings):
    """ASVS V7.2.4; the session keeps its sign-in and its row in the sessions list."""
    before = english.cookies[settings.SESSION_COOKIE_NAME].value
    _confirm(english, reverse("identity:change_mobile"))
    after = english.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=before).exists()
    row = AccountSession.objects.get(user=citizen, ended_at__isnull=True)
    assert row.session_key == after and row.assurance == "substantial"
    assert english.get(reverse("identity:change_mobile")).status_code == 200


def test_django_password_forms_follow_the_portal_policy(citizen):
    """AUTH_PASSWORD_VALIDATORS: createsuperuser and the admin's password forms call this."""
    cases = (
        ("short", "Use at least 8 characters."),
        ("password1", "This password is one of the most common ones"),
        ("beridze-01024085001", "Do not use your name, personal number or e-mail"),
    )
    with translation.override("en"):
        for weak, reason in cases:
            with pytest.raises(ValidationError) as refused:
                validate_password(weak, user=citizen)
            assert any(reason in message for message in refused.value.messages)
        validate_password("all lower case words are fine", user=citizen)  # no composition rules
