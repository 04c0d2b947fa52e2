"""Step-up sign-in (issue 4 §4; R-AL-1: the session's assurance level gates each service): a
session weaker than "substantial" is raised with the second factor on /account/step-up/ and goes
on to the page that asked, without signing in again."""

import pyotp
import pytest
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.urls import reverse

from panjara.identity.models import AccountSession, Assurance, User
from panjara.identity.services.totp import totp_enrol_start, totp_secret, totp_verify
from panjara.identity.testing import sign_in
from panjara.notifications.models import Notification

pytestmark = pytest.mark.django_db
URL = "/account/step-up/"
NEXT = "/services/"


@pytest.fixture
def hall_session(client, citizen):
    """The citizen signed in with a hall's one-time password: assurance low."""
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    client.cookies["panjara_language"] = "en"
    sign_in(client, citizen, assurance=Assurance.LOW, method=AccountSession.Method.ONE_TIME_PASSWORD)
    return client


def _sms_count(citizen) -> int:
    return Notification.objects.filter(to=f"+995{citizen.mobile}", template="identity.code").count()


def test_the_page_has_the_address_and_name_other_apps_link_to():
    assert reverse("identity:step_up") == URL


def test_a_low_session_is_raised_with_an_sms_code_and_goes_on_to_the_page_that_asked(
    hall_session, citizen, read_code, settings
):
    """R-AL-1: the same session, now substantial, with a new id and an entry in the security log."""
    before = hall_session.cookies[settings.SESSION_COOKIE_NAME].value
    page = hall_session.get(f"{URL}?next={NEXT}").content.decode()
    assert "needs a stronger sign-in" in page and "5•• ••• 001" in page and "Send the code" in page
    assert _sms_count(citizen) == 0, "opening the page sends nothing"

    response = hall_session.post(URL, {"action": "start", "next": NEXT})
    assert response.status_code == 302 and response["Location"] == f"{URL}?next=%2Fservices%2F"
    assert _sms_count(citizen) == 1
    page = hall_session.get(response["Location"]).content.decode()
    assert "We sent a 6-digit code by SMS to 5•• ••• 001" in page

    right = read_code(citizen.mobile)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    page = hall_session.post(URL, {"action": "check", "code": wrong, "next": NEXT}).content.decode()
    assert "The code is wrong. You have 4 more tries." in page
    assert f'value="{wrong}"' in page, "the typed code stays in the field"
    assert AccountSession.objects.get(user=citizen).assurance == Assurance.LOW

    response = hall_session.post(URL, {"action": "check", "code": right, "next": NEXT})
    assert response.status_code == 302 and response["Location"] == NEXT
    after = hall_session.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before and not Session.objects.filter(session_key=before).exists()
    row = AccountSession.objects.get(user=citizen, ended_at__isnull=True)
    assert row.session_key == after
    assert row.assurance == Assurance.SUBSTANTIAL and row.method == AccountSession.Method.PASSWORD_SMS
    sessions = hall_session.get(reverse("identity:sessions")).content.decode()
    assert "assurance: substantial" in sessions
    log = hall_session.get(reverse("identity:security")).content.decode()
    assert "Sign-in confirmed with a code for a service that needs it" in log
    # Strong enough now: the page sends the person straight on.
    assert hall_session.get(f"{URL}?next={NEXT}")["Location"] == NEXT


def test_with_the_app_set_up_the_step_up_takes_its_code_and_sends_no_sms(hall_session, citizen, clock):
    secret = totp_secret(totp_enrol_start(user=citizen))
    assert totp_verify(user=citizen, code=pyotp.TOTP(secret).at(clock()), confirming=True)
    clock.travel(seconds=30)  # the code used to confirm the app is spent

    response = hall_session.get(f"{URL}?next={NEXT}")
    page = hall_session.get(response["Location"]).content.decode()
    assert "Open the authenticator app on your phone" in page
    assert "Send me a code by SMS instead" in page
    response = hall_session.post(
        URL, {"action": "check", "code": pyotp.TOTP(secret).at(clock()), "next": NEXT}
    )
    assert response["Location"] == NEXT
    assert _sms_count(citizen) == 0
    row = AccountSession.objects.get(user=citizen)
    assert row.assurance == Assurance.SUBSTANTIAL and row.method == AccountSession.Method.PASSWORD_TOTP


def test_a_substantial_session_goes_straight_on_and_next_stays_on_this_site(citizen_client):
    assert citizen_client.get(f"{URL}?next={NEXT}")["Location"] == NEXT
    assert citizen_client.get(f"{URL}?next=https://evil.example/")["Location"] == "/me/"


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in_and_back_here(client, db):
    response = client.get(f"{URL}?next={NEXT}")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:signin") + "?next=")
    assert "step-up" in response["Location"]


def test_five_wrong_codes_end_the_session(hall_session, citizen, read_code):
    hall_session.post(URL, {"action": "start", "next": NEXT})
    right = read_code(citizen.mobile)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1):
        page = hall_session.post(URL, {"action": "check", "code": wrong}).content.decode()
        assert f"You have {left} more tries" in page
    response = hall_session.post(URL, {"action": "check", "code": wrong})
    assert response["Location"] == reverse("identity:signin")
    page = hall_session.get(response["Location"]).content.decode()
    assert "You typed a wrong code too many times, so we signed you out." in page
    assert not hall_session.get(reverse("web:help")).wsgi_request.user.is_authenticated
    assert AccountSession.objects.get(user=citizen).ended_at is not None
    # Separate from the password: nothing is disabled.
    citizen.refresh_from_db()
    assert citizen.password_disabled_at is None


def test_resends_are_limited_like_at_sign_in(hall_session, citizen, clock):
    hall_session.post(URL, {"action": "start", "next": NEXT})
    page = hall_session.post(URL, {"action": "resend", "next": NEXT}, follow=True).content.decode()
    assert "Wait" in page and "before asking for another code" in page
    for _ in range(3):
        clock.travel(seconds=31)
        hall_session.post(URL, {"action": "resend", "next": NEXT})
    clock.travel(seconds=31)
    page = hall_session.post(URL, {"action": "resend", "next": NEXT}, follow=True).content.decode()
    assert "No more codes can be sent" in page
    assert _sms_count(citizen) == 4


def test_without_a_confirmed_mobile_the_account_gate_first_asks_for_one(hall_session, citizen, read_code):
    """Through the whole stack: an account without a second factor cannot reach any page but its
    first-login step, which confirms a mobile by code and so raises the session itself."""
    User.objects.filter(pk=citizen.pk).update(mobile_confirmed_at=None)
    response = hall_session.get(f"{URL}?next={NEXT}")
    assert response["Location"] == reverse("identity:setup_mobile")
    hall_session.post(response["Location"], {"action": "send", "mobile": "555100001"})
    hall_session.post(response["Location"], {"action": "check", "code": read_code("555100001")})
    assert AccountSession.objects.get(user=citizen).assurance == Assurance.SUBSTANTIAL
    assert hall_session.get(f"{URL}?next={NEXT}")["Location"] == NEXT


def test_without_a_mobile_or_an_app_the_page_says_what_to_do(citizen, client):
    """The page itself, for an account the gate lets through without a second factor (none does
    today: the gate asks for a mobile first, see the test above)."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.utils import translation

    from panjara.identity.step_up_views import step_up

    sign_in(client, citizen, assurance=Assurance.LOW, method=AccountSession.Method.ONE_TIME_PASSWORD)
    User.objects.filter(pk=citizen.pk).update(mobile_confirmed_at=None)
    request = RequestFactory().get(f"{URL}?next={NEXT}")
    request.session = client.session
    request.user = User.objects.get(pk=citizen.pk)
    request._messages = FallbackStorage(request)
    with translation.override("en"):
        page = step_up(request).content.decode()
    assert "no confirmed mobile number and no authenticator app" in page
    assert f'href="{reverse("identity:change_mobile")}"' in page and "Public Service Hall" in page
    assert "Send the code" not in page


def test_the_pages_speak_georgian_by_default(client, citizen, read_code):
    sign_in(client, citizen, assurance=Assurance.LOW, method=AccountSession.Method.ONE_TIME_PASSWORD)
    page = client.get(f"{URL}?next={NEXT}").content.decode()
    assert "დაადასტურეთ შესვლა კოდით" in page and "კოდის გაგზავნა" in page
    client.post(URL, {"action": "start", "next": NEXT})
    page = client.get(f"{URL}?next={NEXT}").content.decode()
    assert "6-ციფრიანი კოდი SMS-ით გამოგიგზავნეთ ნომერზე 5•• ••• 001" in page
    client.post(URL, {"action": "check", "code": read_code(citizen.mobile), "next": NEXT})
    confirm = client.get(reverse("identity:change_mobile"))["Location"]
    client.post(confirm, {"password": "a long enough pass phrase"})
    page = client.get(confirm).content.decode()
    assert "პაროლი სწორია. ახლა შეიყვანეთ 6-ციფრიანი კოდი" in page
