"""Sessions (identity issue, section 3): 30 minutes idle and 12 hours absolute, measured on the
portal's clock; the sessions list; signing out the others; personal pages are never cached."""

import pytest
from django.test import Client
from django.urls import reverse

from panjara.identity.models import AccountSession
from panjara.identity.testing import sign_in

pytestmark = pytest.mark.django_db
PASSWORD = "a long enough pass phrase"  # citizen_create's


def _signed_in(citizen_client) -> bool:
    response = citizen_client.get(reverse("web:help"))
    return response.wsgi_request.user.is_authenticated


def test_a_session_ends_after_30_idle_minutes(client, citizen, clock):
    sign_in(client, citizen)
    clock.travel(minutes=29)
    assert _signed_in(client)
    clock.travel(minutes=29)  # active a minute ago: still alive, the idle clock restarted
    assert _signed_in(client)
    clock.travel(minutes=30, seconds=1)
    response = client.get(reverse("web:help"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("identity:signin"))
    assert not _signed_in(client)
    row = AccountSession.objects.get(user=citizen)
    assert row.ended_at is not None


def test_a_session_ends_after_12_hours_however_active(client, citizen, clock):
    sign_in(client, citizen)
    for _ in range(24):
        clock.travel(minutes=29)
        assert _signed_in(client)
    clock.travel(minutes=25)  # 12 h 1 min since sign-in
    response = client.get(reverse("web:help"))
    assert response.status_code == 302
    assert not _signed_in(client)


def test_a_session_not_opened_by_the_portal_sign_in_is_not_trusted(client, citizen):
    client.force_login(citizen)
    response = client.get(reverse("web:help"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("identity:signin"))


def test_signing_out_the_other_sessions_ends_them_on_the_server(citizen):
    phone, laptop = Client(), Client()
    sign_in(phone, citizen)
    sign_in(laptop, citizen)
    page = laptop.get(reverse("identity:sessions")).content.decode()
    assert page.count('class="session-list__item') == 2
    # ASVS V7.5.2: the password first; without it the button ends nothing.
    response = laptop.post(reverse("identity:sessions"), {"action": "end_others"})
    assert response["Location"].startswith(reverse("identity:reauth"))
    assert _signed_in(phone)
    response = laptop.post(response["Location"], {"password": PASSWORD})
    assert response["Location"] == reverse("identity:sessions")
    laptop.post(reverse("identity:sessions"), {"action": "end_others"})
    assert _signed_in(laptop)
    assert not _signed_in(phone)
    assert AccountSession.objects.filter(user=citizen, ended_at__isnull=True).count() == 1


def test_pages_for_a_signed_in_person_are_never_stored_by_caches(citizen_client):
    response = citizen_client.get(reverse("web:help"))
    assert "no-store" in response["Cache-Control"]
