import pytest
from django.urls import reverse

from panjara.audit.models import AuditEvent
from panjara.backoffice.demo import demo_halls
from panjara.backoffice.models import StaffProfile
from panjara.backoffice.roles import GROUP_NAMES, Role
from panjara.backoffice.services import hall_ensure, staff_create
from panjara.identity.testing import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = staff_create(
        email="admin@panjara.example",
        full_name="ადმინი",
        role=Role.ADMINISTRATOR,
        password="quiet river stones at dusk",
    )
    sign_in(client, user)
    return user


def test_administrator_sees_halls_staff_and_roles_on_accounts(client, administrator):
    hall = hall_ensure(**vars(demo_halls()[1]))
    staff_create(
        email="op@panjara.example",
        full_name="ოპერატორი",
        role=Role.HALL_OPERATOR,
        password="quiet river stones at dusk",
        hall=hall,
    )
    assert client.get(reverse("admin:backoffice_publicservicehall_changelist")).status_code == 200
    page = client.get(reverse("admin:backoffice_staffprofile_changelist"), headers={"accept-language": "en"})
    assert page.status_code == 200 and "op@panjara.example" in page.content.decode()
    users = client.get(reverse("admin:identity_user_changelist") + "?staff_profile__role=hall_operator")
    assert users.status_code == 200
    assert "op@panjara.example" in users.content.decode()
    change = client.get(reverse("admin:identity_user_change", args=[administrator.pk]))
    assert change.status_code == 200


def test_operator_has_no_admin_rights(client):
    hall = hall_ensure(**vars(demo_halls()[0]))
    operator = staff_create(
        email="op@panjara.example",
        full_name="O",
        role=Role.HALL_OPERATOR,
        password="quiet river stones at dusk",
        hall=hall,
    )
    sign_in(client, operator)
    assert client.get(reverse("admin:backoffice_staffprofile_changelist")).status_code == 403
    assert client.get(reverse("admin:exchange_agency_changelist")).status_code == 403


def test_adding_a_profile_in_the_admin_goes_through_the_service(client, administrator, django_user_model):
    citizen = django_user_model.objects.create_user("new@panjara.example", "pw")
    response = client.post(
        reverse("admin:backoffice_staffprofile_add"), {"user": citizen.pk, "role": Role.RS_CONSULTANT}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    citizen.refresh_from_db()
    assert citizen.is_staff
    assert StaffProfile.objects.get(user=citizen).role == Role.RS_CONSULTANT
    assert list(citizen.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.RS_CONSULTANT]]
    event = AuditEvent.objects.get(action="staff.role_assigned")
    assert event.actor_id == str(administrator.pk) and event.actor_kind == "staff"


def test_admin_refuses_an_operator_without_a_hall(client, administrator, django_user_model):
    citizen = django_user_model.objects.create_user("new@panjara.example", "pw")
    response = client.post(
        reverse("admin:backoffice_staffprofile_add"), {"user": citizen.pk, "role": Role.HALL_OPERATOR}
    )
    assert response.status_code == 200  # the form comes back with the error
    assert not StaffProfile.objects.filter(user=citizen).exists()
    citizen.refresh_from_db()
    assert not citizen.is_staff


def test_notifications_admin_is_read_only_with_a_status_filter(client, administrator):
    from panjara.notifications.services import notification_send

    notification_send(channel="sms", to="555123456", template="test", context={})
    listing = client.get(reverse("admin:notifications_notification_changelist") + "?status__exact=queued")
    assert listing.status_code == 200 and "+995555123456" in listing.content.decode()
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
