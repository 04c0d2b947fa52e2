"""The account admin (ASVS V7.4.5, V6.2.1): an administrator ends every session of the chosen
accounts on the server, audited; passwords set in the admin follow the portal policy."""

import pytest
from django.test import Client
from django.urls import reverse

from panjara.audit.models import AuditEvent
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.identity.models import AccountSession
from panjara.identity.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db):
    administrator = staff_create(
        email="admin@panjara.example", full_name="ადმინი", role=Role.ADMINISTRATOR, password=None
    )
    client = Client()
    client.cookies["panjara_language"] = "en"
    sign_in(client, administrator)
    client.administrator = administrator
    return client


def _signed_in(client) -> bool:
    return client.get(reverse("web:help")).wsgi_request.user.is_authenticated


def test_an_administrator_signs_a_person_out_of_every_session(admin_client, citizen, other_citizen):
    citizen.language = "en"
    citizen.save(update_fields=["language"])
    phone, laptop, bystander = Client(), Client(), Client()
    sign_in(phone, citizen)
    sign_in(laptop, citizen)
    sign_in(bystander, other_citizen)
    changelist = reverse("admin:identity_user_changelist")
    assert "Sign out of every session" in admin_client.get(changelist).content.decode()

    response = admin_client.post(
        changelist, {"action": "end_sessions", "_selected_action": [citizen.pk]}, follow=True
    )
    assert "Sessions ended for 1 account: 2 in all." in response.content.decode()
    assert not _signed_in(phone) and not _signed_in(laptop)
    assert _signed_in(bystander) and _signed_in(admin_client)
    assert not AccountSession.objects.filter(user=citizen, ended_at__isnull=True).exists()
    citizen.refresh_from_db()
    assert citizen.is_active, "the account itself stays usable"

    event = AuditEvent.objects.get(action="session.ended_by_administrator")
    assert event.object_id == str(citizen.pk) and event.actor_kind == "staff"
    assert event.actor_id == str(admin_client.administrator.pk) and event.detail == {"count": 2}
    sign_in(phone, citizen)
    phone.cookies["panjara_language"] = "en"
    log = phone.get(reverse("identity:security")).content.decode()
    assert "All sessions ended by a portal administrator" in log and "a portal administrator" in log


def test_a_password_set_in_the_admin_follows_the_portal_policy(admin_client, citizen):
    url = reverse("admin:auth_user_password_change", args=[citizen.pk])
    page = admin_client.post(
        url, {"password1": "short", "password2": "short", "usable_password": "true"}
    ).content.decode()
    assert "Use at least 8 characters." in page
    citizen.refresh_from_db()
    assert citizen.check_password("a long enough pass phrase")
    response = admin_client.post(
        url, {"password1": "four calm rivers", "password2": "four calm rivers", "usable_password": "true"}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.check_password("four calm rivers")
