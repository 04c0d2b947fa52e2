import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from panjara.audit.models import AuditEvent
from panjara.backoffice.demo import DEMO_STAFF_PASSWORD, demo_halls, demo_staff
from panjara.backoffice.models import PublicServiceHall, StaffProfile
from panjara.backoffice.roles import GROUP_NAMES, Role
from panjara.backoffice.selectors import staff_list, staff_role
from panjara.backoffice.services import backoffice_demo_seed, hall_ensure, staff_create, staff_ensure
from panjara.exchange.models import Agency

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall():
    return hall_ensure(**vars(demo_halls()[0]))


@pytest.fixture
def agency():
    return Agency.objects.create(
        code="psda",
        name_ka="სერვისების განვითარების სააგენტო",
        name_en="Public Service Development Agency",
        base_url="http://127.0.0.1:8100/psda/",
    )


def test_groups_exist_and_only_the_administrator_has_admin_rights():
    groups = {group.name: group for group in Group.objects.filter(name__in=GROUP_NAMES.values())}
    assert set(groups) == set(GROUP_NAMES.values())
    admin_codenames = set(
        groups[GROUP_NAMES[Role.ADMINISTRATOR]].permissions.values_list("codename", flat=True)
    )
    for codename in (
        "add_agency",
        "change_agencykey",
        "delete_publicservicehall",
        "change_staffprofile",
        "add_user",
        "view_auditevent",
        "view_notification",
    ):
        assert codename in admin_codenames
    assert "delete_auditevent" not in admin_codenames
    assert "change_notification" not in admin_codenames
    for role in (Role.HALL_OPERATOR, Role.RS_CONSULTANT, Role.AGENCY_OFFICIAL):
        assert not groups[GROUP_NAMES[role]].permissions.exists()


def test_staff_create_makes_a_staff_account_in_its_group_and_audits(hall):
    user = staff_create(
        email="Operator@Panjara.Example",
        full_name="გიორგი კაპანაძე",
        role=Role.HALL_OPERATOR,
        password="S3cret-pass",
        hall=hall,
    )
    assert user.email == "operator@panjara.example"
    assert user.is_staff and not user.is_superuser
    assert user.check_password("S3cret-pass")
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.HALL_OPERATOR]]
    assert user.staff_profile.hall == hall
    assert staff_role(user=user) == Role.HALL_OPERATOR
    event = AuditEvent.objects.get(action="staff.created")
    assert event.object_id == str(user.pk)
    assert event.detail == {"email": user.email, "role": "hall_operator", "hall": "tbilisi", "agency": ""}


def test_administrator_can_use_the_admin_and_others_cannot(agency, hall):
    admin_user = staff_create(
        email="a@panjara.example",
        full_name="A",
        role=Role.ADMINISTRATOR,
        password="quiet river stones at dusk",
    )
    operator = staff_create(
        email="o@panjara.example",
        full_name="O",
        role=Role.HALL_OPERATOR,
        password="quiet river stones at dusk",
        hall=hall,
    )
    user_model = get_user_model()
    admin_user, operator = user_model.objects.get(pk=admin_user.pk), user_model.objects.get(pk=operator.pk)
    assert admin_user.has_perm("exchange.change_agency")
    assert admin_user.has_perm("backoffice.add_staffprofile")
    assert not operator.has_perm("exchange.change_agency")
    assert not operator.has_perm("identity.view_user")


def test_password_none_leaves_no_usable_password():
    user = staff_create(email="c@panjara.example", full_name="C", role=Role.RS_CONSULTANT, password=None)
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    ("role", "with_hall", "with_agency", "field"),
    [
        (Role.HALL_OPERATOR, False, False, "hall"),
        (Role.AGENCY_OFFICIAL, False, False, "agency"),
        (Role.ADMINISTRATOR, True, False, "hall"),
        (Role.ADMINISTRATOR, False, True, "agency"),
    ],
)
def test_role_requirements_are_validated(role, with_hall, with_agency, field, hall, agency):
    with pytest.raises(ValidationError) as error:
        staff_create(
            email="x@panjara.example",
            full_name="X",
            role=role,
            password="quiet river stones at dusk",
            hall=hall if with_hall else None,
            agency=agency if with_agency else None,
        )
    assert field in error.value.message_dict
    # Nothing half-made stays behind.
    assert not get_user_model().objects.filter(email="x@panjara.example").exists()
    assert not AuditEvent.objects.filter(action="staff.created").exists()


def test_database_refuses_an_operator_without_a_hall():
    user = get_user_model().objects.create_user("raw@panjara.example", "x")
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffProfile.objects.create(user=user, role=Role.HALL_OPERATOR)


def test_unknown_role_and_duplicate_email_are_refused(agency):
    with pytest.raises(ValidationError):
        staff_create(
            email="y@panjara.example", full_name="Y", role="janitor", password="quiet river stones at dusk"
        )
    staff_create(
        email="y@panjara.example",
        full_name="Y",
        role=Role.AGENCY_OFFICIAL,
        password="quiet river stones at dusk",
        agency=agency,
    )
    with pytest.raises(ValidationError) as error:
        staff_create(
            email="Y@panjara.example",
            full_name="Y",
            role=Role.RS_CONSULTANT,
            password="quiet river stones at dusk",
        )
    assert "email" in error.value.message_dict


def test_staff_ensure_is_idempotent_and_moves_roles(hall, agency):
    user, created = staff_ensure(
        email="z@panjara.example", full_name="Z", role=Role.RS_CONSULTANT, password="first quiet river stones"
    )
    assert created
    again, created = staff_ensure(
        email="z@panjara.example",
        full_name="Z",
        role=Role.RS_CONSULTANT,
        password="second quiet river stones",
    )
    assert (again.pk, created) == (user.pk, False)
    again.refresh_from_db()
    assert again.check_password("first quiet river stones")  # an existing password is left alone
    assert AuditEvent.objects.filter(object_id=str(user.pk)).count() == 1

    staff_ensure(
        email="z@panjara.example", full_name="Z", role=Role.AGENCY_OFFICIAL, password=None, agency=agency
    )
    user.refresh_from_db()
    assert list(user.groups.values_list("name", flat=True)) == [GROUP_NAMES[Role.AGENCY_OFFICIAL]]
    assert user.staff_profile.agency == agency
    changed = AuditEvent.objects.get(action="staff.role_assigned")
    assert changed.detail["before"]["role"] == "rs_consultant"
    assert changed.detail["after"]["role"] == "agency_official"
    assert [p.user for p in staff_list(role=Role.AGENCY_OFFICIAL)] == [user]


def test_demo_data_has_one_account_per_role_and_real_hall_cities():
    # Every role, and two officials: one of an agency with its own system, one served at the desk.
    assert {s.role for s in demo_staff()} == set(Role.values)
    assert [s.agency_code for s in demo_staff() if s.role == Role.AGENCY_OFFICIAL] == ["psda", "tbilisi"]
    assert {s.email.split("@")[0] for s in demo_staff()} == {
        "admin",
        "operator",
        "consultant",
        "official",
        "desk",
    }
    assert {h.city_en for h in demo_halls()} >= {"Tbilisi", "Kutaisi", "Batumi", "Rustavi"}


def test_demo_seed_is_idempotent(agency, settings):
    settings.DEMO_MODE = True
    # The demo's agency served at the desk (panjara.desk), which has an official of its own.
    Agency.objects.create(
        code="tbilisi", name_ka="თბილისის მერია", name_en="Tbilisi City Hall", channel="desk"
    )
    first = backoffice_demo_seed()
    second = backoffice_demo_seed()
    assert [login.email for login in first] == [login.email for login in second]
    assert all(login.password == DEMO_STAFF_PASSWORD and not login.skipped for login in second)
    assert PublicServiceHall.objects.count() == len(demo_halls())
    assert StaffProfile.objects.count() == 5
    operator = get_user_model().objects.get(email="operator@panjara.example")
    assert operator.check_password(DEMO_STAFF_PASSWORD)
    assert operator.staff_profile.hall.code == "tbilisi"


def test_demo_seed_skips_the_official_until_the_agency_exists(settings):
    settings.DEMO_MODE = True
    logins = backoffice_demo_seed()
    assert [login.skipped != "" for login in logins] == [s.agency_code != "" for s in demo_staff()]


def test_demo_seed_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(RuntimeError):
        backoffice_demo_seed()
    assert not StaffProfile.objects.exists()


def test_hall_names_follow_the_language(hall):
    from django.utils import translation

    with translation.override("en"):
        assert str(hall) == "Tbilisi Public Service Hall" and hall.city == "Tbilisi"
    with translation.override("ka"):
        assert str(hall) == "თბილისის იუსტიციის სახლი" and hall.city == "თბილისი"


@pytest.mark.parametrize(
    ("weak", "reason"),
    [
        ("pw", "Use at least 8 characters."),
        ("password1", "This password is one of the most common ones"),
        ("dispatcher-2025", "Do not use your name, personal number or e-mail"),
    ],
)
def test_staff_create_refuses_a_password_the_portal_policy_refuses(weak, reason):
    """ASVS V6.2.1, V6.2.4: staff passwords follow the citizens' policy, and nothing is created."""
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        staff_create(
            email="dispatcher@panjara.example", full_name="D", role=Role.RS_CONSULTANT, password=weak
        )
    assert any(reason in message for message in refused.value.message_dict["password"])
    assert not get_user_model().objects.filter(email="dispatcher@panjara.example").exists()
    assert not AuditEvent.objects.filter(action="staff.created").exists()
