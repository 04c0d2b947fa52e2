"""The language a signed-in person switches to is also the language of their notices (SMS,
e-mail), which go out when no browser is there to ask (R-P-1)."""

import pytest
from django.urls import reverse

from panjara.identity.services.notices import security_notice
from panjara.notifications.models import Notification

pytestmark = pytest.mark.django_db
SWITCH = reverse("set_language")


def test_switching_to_english_when_signed_in_sends_later_notices_in_english(
    citizen_client, citizen, settings
):
    assert citizen.language == "ka"
    response = citizen_client.post(SWITCH, {"language": "en", "next": "/help/"})
    assert response["Location"] == "/help/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    citizen.refresh_from_db()
    assert citizen.language == "en"
    security_notice(user=citizen, event="password_changed")
    assert Notification.objects.filter(to=citizen.email, body__contains="Your password was changed").exists()

    citizen_client.post(SWITCH, {"language": "ka", "next": "/help/"})
    citizen.refresh_from_db()
    assert citizen.language == "ka"


def test_an_unknown_language_or_a_visitor_changes_no_account(client, citizen_client, citizen):
    citizen_client.post(SWITCH, {"language": "fr", "next": "/help/"})
    citizen.refresh_from_db()
    assert citizen.language == "ka"
    response = client.post(SWITCH, {"language": "en", "next": "/help/"})
    assert response.status_code == 302 and response.cookies["panjara_language"].value == "en"
