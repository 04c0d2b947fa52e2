"""The profile (identity issue, sections 3 and 4): confirming the password again before a
sensitive change, changing the mobile and the e-mail with a code to the new contact (R-ID-6),
notification preferences, and every page showing the signed-in person's own data only."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from panjara.identity import preferences
from panjara.identity.models import User
from panjara.identity.preferences import channels_for
from panjara.identity.services.signin import PasswordOutcome, password_step
from panjara.identity.testing import reauth_confirm, sign_in
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
    """Open `url`, get sent to the confirmation, confirm with the password and the SMS code, and
    land back on `url`."""
    reauth_confirm(client, url)


def notices_to(address: str) -> list[str]:
    return list(
        Notification.objects.filter(to=address, template="security.notice").values_list("body", flat=True)
    )


def test_changing_the_mobile_needs_the_password_and_a_code_from_the_new_number(english, citizen, read_code):
    """R-ID-6: the new number is confirmed before it replaces the old one, and the old number is
    told about the change."""
    url = reverse("identity:change_mobile")
    confirm_password(english, url)
    response = english.post(url, {"action": "send", "mobile": "555 20 03 00"})
    assert response.status_code == 302
    page = english.get(url).content.decode()
    assert "We sent a 6-digit code by SMS to 555200300" in page
    citizen.refresh_from_db()
    assert citizen.mobile == "555100001", "nothing changes before the code is typed"

    page = english.post(url, {"action": "check", "code": "000000"}).content.decode()
    assert "The code is wrong" in page
    response = english.post(url, {"action": "check", "code": read_code("555200300")})
    assert response["Location"] == reverse("identity:profile")

    citizen.refresh_from_db()
    assert citizen.mobile == "555200300" and citizen.mobile_confirmed_at is not None
    assert any("mobile number of your account was changed" in body for body in notices_to("+995555100001"))
    profile = english.get(reverse("identity:profile")).content.decode()
    assert "Your mobile number is changed." in profile and "555200300" in profile
    log = english.get(reverse("identity:security")).content.decode()
    assert "Mobile number changed" in log


def test_changing_the_email_needs_a_code_from_the_new_address_and_the_new_address_signs_in(
    english, citizen, read_code
):
    old = citizen.email
    url = reverse("identity:change_email")
    confirm_password(english, url)
    english.post(url, {"action": "send", "email": "Giorgi.New@Example.GE"})
    assert "We sent a 6-digit code to giorgi.new@example.ge" in english.get(url).content.decode()
    response = english.post(url, {"action": "check", "code": read_code("giorgi.new@example.ge")})
    assert response["Location"] == reverse("identity:profile")

    citizen.refresh_from_db()
    assert citizen.email == "giorgi.new@example.ge"
    assert any("e-mail address of your account was changed" in body for body in notices_to(old))
    assert "E-mail address changed" in english.get(reverse("identity:security")).content.decode()
    # The e-mail is the username (R-ID-3): the new one signs in, the old one no longer does.
    assert (
        password_step(email="giorgi.new@example.ge", password=PASSWORD, ip="").outcome is PasswordOutcome.OK
    )
    assert password_step(email=old, password=PASSWORD, ip="").outcome is PasswordOutcome.WRONG


def test_an_email_used_by_another_account_is_refused_without_saying_whose(english, citizen, other_citizen):
    url = reverse("identity:change_email")
    confirm_password(english, url)
    User.objects.filter(pk=other_citizen.pk).update(email="taken@example.ge")
    other_citizen.refresh_from_db()
    taken = "Taken@Example.ge"
    page = english.post(url, {"action": "send", "email": taken}).content.decode()
    assert "already used by another account" in page
    assert f'value="{taken}"' in page, "the typed address stays in the field"
    assert "Nino" not in page and "ნინო" not in page and other_citizen.personal_number not in page
    assert not Notification.objects.filter(to="taken@example.ge").exists()
    citizen.refresh_from_db()
    assert citizen.email != other_citizen.email


def test_typed_values_stay_and_the_current_number_is_not_accepted_as_new(english):
    url = reverse("identity:change_mobile")
    confirm_password(english, url)
    page = english.post(url, {"action": "send", "mobile": "12345"}).content.decode()
    assert 'value="12345"' in page and "There is a problem" in page
    page = english.post(url, {"action": "send", "mobile": "555100001"}).content.decode()
    assert "This is already your mobile number" in page


def test_using_a_different_number_brings_back_the_one_typed_to_correct_it(english, read_code):
    url = reverse("identity:change_mobile")
    confirm_password(english, url)
    english.post(url, {"action": "send", "mobile": "555200399"})
    english.post(url, {"action": "change"})
    page = english.get(url).content.decode()
    assert 'value="555200399"' in page and "Send the code" in page


def test_a_password_confirmation_lasts_five_minutes(english, clock):
    url = reverse("identity:change_mobile")
    confirm_password(english, url)
    clock.travel(minutes=4)
    assert english.get(url).status_code == 200
    clock.travel(minutes=1, seconds=1)
    assert english.get(url)["Location"].startswith(reverse("identity:reauth"))


def test_a_password_confirmation_does_not_carry_over_to_another_session(citizen, english):
    confirm_password(english, reverse("identity:change_mobile"))
    laptop = Client()
    sign_in(laptop, citizen)
    assert laptop.get(reverse("identity:change_mobile"))["Location"].startswith(reverse("identity:reauth"))


def test_five_wrong_passwords_on_the_confirmation_sign_the_person_out(english, citizen):
    url = f"{reverse('identity:reauth')}?next={reverse('identity:change_email')}"
    for left in (4, 3, 2, 1):
        page = english.post(url, {"password": "not my password"}).content.decode()
        assert f"After {left} more wrong tr" in page
    response = english.post(url, {"password": "not my password"})
    assert response["Location"] == reverse("identity:signin")
    assert not english.get(reverse("web:help")).wsgi_request.user.is_authenticated
    # Unlike sign-in failures, these do not count towards disabling the password.
    citizen.refresh_from_db()
    assert citizen.password_failures == 0 and citizen.password_disabled_at is None


def test_the_confirmation_refuses_a_next_address_on_another_site(english, citizen, read_code):
    response = english.post(
        f"{reverse('identity:reauth')}?next=https://evil.example/", {"password": PASSWORD}
    )
    assert "evil.example" not in response["Location"]
    response = english.post(response["Location"], {"action": "check", "code": read_code(citizen.mobile)})
    assert response["Location"] == reverse("identity:profile")


def test_the_profile_shows_the_person_contacts_and_every_account_link(english, citizen):
    page = english.get(reverse("identity:profile")).content.decode()
    for text in ("Giorgi Beridze", "01024085001", citizen.email, "555100001", "Confirmed on", "Not set up"):
        assert text in page
    for name in (
        "identity:change_mobile",
        "identity:change_email",
        "identity:notifications",
        "identity:authenticator",
        "identity:sessions",
        "identity:security",
        "consent:history",
        "consent:export",
    ):
        assert f'href="{reverse(name)}"' in page


def test_the_profile_needs_signing_in(client):
    for name in ("identity:profile", "identity:change_mobile", "identity:notifications", "identity:reauth"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("identity:signin"))


def test_notification_preferences_are_saved_and_read_back_by_other_apps(english, citizen):
    """Defaults first: e-mail for everything, SMS too for status changes and answers."""
    assert channels_for(user=citizen, group=preferences.STATUS) == ["email", "sms"]
    assert channels_for(user=citizen, group=preferences.TERMS) == ["email"]
    page = english.get(reverse("identity:notifications")).content.decode()
    assert "cannot be turned off" in page
    assert len(re.findall(r'<input type="checkbox"[^>]*checked', page)) == 6

    response = english.post(
        reverse("identity:notifications"),
        {"status": ["sms"], "terms": ["email", "sms"], "deadlines": ["sms"]},  # answers: none
    )
    assert response["Location"] == reverse("identity:notifications")
    citizen.refresh_from_db()
    assert channels_for(user=citizen, group=preferences.STATUS) == ["sms"]
    assert channels_for(user=citizen, group=preferences.ANSWERS) == []
    assert channels_for(user=citizen, group=preferences.TERMS) == ["email", "sms"]
    assert channels_for(user=citizen, group=preferences.DEADLINES) == ["sms"]
    assert channels_for(user=citizen, group=preferences.SECURITY) == ["email", "sms"]
    page = english.get(reverse("identity:notifications")).content.decode()
    assert "Your notification preferences are saved." in page
    assert len(re.findall(r'<input type="checkbox"[^>]*checked', page)) == 4
    assert "Notification preferences changed" in english.get(reverse("identity:security")).content.decode()


def test_security_notices_cannot_be_turned_off_and_unknown_groups_fail_loudly(english, citizen):
    english.post(reverse("identity:notifications"), {"security": [], "status": ["email"]})
    citizen.refresh_from_db()
    assert "security" not in citizen.notification_preferences
    assert channels_for(user=citizen, group=preferences.SECURITY) == ["email", "sms"]
    with pytest.raises(ValueError):
        channels_for(user=citizen, group="newsletter")


def test_a_channel_whose_contact_is_not_confirmed_is_not_used(citizen):
    User.objects.filter(pk=citizen.pk).update(mobile_confirmed_at=None)
    citizen.refresh_from_db()
    assert channels_for(user=citizen, group=preferences.STATUS) == ["email"]
    assert channels_for(user=citizen, group=preferences.SECURITY) == ["email"]


def test_each_person_sees_and_changes_only_their_own_profile(citizen, other_citizen, read_code):
    a, b = Client(), Client()
    for client, user in ((a, citizen), (b, other_citizen)):
        client.cookies["panjara_language"] = "en"
        sign_in(client, user)
    page_b = b.get(reverse("identity:profile")).content.decode()
    assert other_citizen.email in page_b and "01017029002" in page_b and "555100002" in page_b
    assert citizen.email not in page_b and "01024085001" not in page_b and "555100001" not in page_b

    # A starts a mobile change; B cannot finish it with A's code, and B's account is untouched.
    confirm_password(a, reverse("identity:change_mobile"))
    a.post(reverse("identity:change_mobile"), {"action": "send", "mobile": "555300300"})
    confirm_password(b, reverse("identity:change_mobile"))
    response = b.post(reverse("identity:change_mobile"), {"action": "check", "code": read_code("555300300")})
    assert response.status_code == 302
    other_citizen.refresh_from_db()
    assert other_citizen.mobile == "555100002"
    a.post(reverse("identity:change_mobile"), {"action": "check", "code": read_code("555300300")})
    citizen.refresh_from_db()
    assert citizen.mobile == "555300300"

    b.post(reverse("identity:notifications"), {"status": []})
    citizen.refresh_from_db()
    other_citizen.refresh_from_db()
    assert channels_for(user=other_citizen, group=preferences.STATUS) == []
    assert channels_for(user=citizen, group=preferences.STATUS) == ["email", "sms"]
    sessions_b = b.get(reverse("identity:sessions")).content.decode()
    assert sessions_b.count('class="session-list__item') == 1
    log_b = b.get(reverse("identity:security")).content.decode()
    assert "Notification preferences changed" in log_b
    assert "Notification preferences changed" not in a.get(reverse("identity:security")).content.decode()
