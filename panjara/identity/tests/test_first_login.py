"""First login after registration at a hall (R-ID-2, R-ID-3, R-ID-6, R-C-1): the one-time password
works once and expires; then a new password, the mobile and the e-mail confirmed with codes and
the terms — no step can be skipped, and leaving and coming back resumes the pending one."""

from datetime import date

import pytest
from django.urls import reverse

from panjara.backoffice.demo import demo_halls
from panjara.backoffice.roles import Role
from panjara.backoffice.services import hall_ensure, staff_create
from panjara.consent.services import terms_publish
from panjara.identity.models import AccountSession
from panjara.identity.services.accounts import PersonData, citizen_register
from panjara.identity.services.signin import PasswordOutcome, password_step

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "tbilisi rain in november"


@pytest.fixture
def registered(db):
    hall = hall_ensure(**vars(demo_halls()[0]))
    operator = staff_create(
        email="operator@example.ge",
        full_name="ოპერატორი",
        role=Role.HALL_OPERATOR,
        password="quiet river stones at dusk",
        hall=hall,
    )
    terms_publish(text_ka="პირობები", text_en="Terms", summary_ka="", summary_en="", published_by=operator)
    issued = citizen_register(
        person=PersonData(
            personal_number="60001077004",
            given_name_ka="ლევან",
            surname_ka="წიკლაური",
            given_name_en="Levan",
            surname_en="Tsiklauri",
            birth_date=date(1991, 7, 23),
        ),
        email="Levan.Tsiklauri@Example.ge",
        document={"type": "id_card", "number": "12AB34567"},
        operator=operator,
        hall_code="tbilisi-1",
    )
    return issued


def test_the_one_time_password_is_long_random_and_works_once(registered):
    plain = registered.password.replace("-", "")
    assert len(plain) >= 10
    email = registered.user.email
    assert email == "levan.tsiklauri@example.ge"
    assert password_step(email=email, password=registered.password, ip="").outcome is PasswordOutcome.ONE_TIME
    assert password_step(email=email, password=registered.password, ip="").outcome is PasswordOutcome.WRONG


def test_the_one_time_password_expires_after_72_hours(registered, clock):
    clock.travel(hours=72, seconds=1)
    result = password_step(email=registered.user.email, password=registered.password, ip="")
    assert result.outcome is PasswordOutcome.WRONG


def test_the_whole_first_login_cannot_skip_a_step_and_resumes_where_it_left(client, registered, read_code):
    client.cookies["panjara_language"] = "en"
    user = registered.user
    response = client.post(reverse("identity:signin"), {"email": user.email, "password": registered.password})
    assert response["Location"] == reverse("identity:setup_password")
    # Any other page leads back to the pending step.
    for url in ("/me/", "/services/", reverse("identity:setup_email"), reverse("consent:decide")):
        assert client.get(url)["Location"] == reverse("identity:setup_password")
    # The policy explains itself and keeps nothing typed wrong silently.
    page = client.post(
        reverse("identity:setup_password"), {"password": "password1", "password_again": "password1"}
    ).content.decode()
    assert "most common" in page
    page = client.post(
        reverse("identity:setup_password"),
        {"password": "levan-tsiklauri-77", "password_again": "levan-tsiklauri-77"},
    ).content.decode()
    assert "Do not use your name" in page
    response = client.post(
        reverse("identity:setup_password"), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("identity:setup_mobile")
    assert client.get("/me/")["Location"] == reverse("identity:setup_mobile")
    # A wrong number shape is explained, and the typed value stays in the box.
    page = client.post(
        reverse("identity:setup_mobile"), {"action": "send", "mobile": "12345"}
    ).content.decode()
    assert "starts with 5" in page and 'value="12345"' in page
    client.post(reverse("identity:setup_mobile"), {"action": "send", "mobile": "555 10 00 04"})
    # Leave and come back: the pending code is still asked for.
    assert "555100004" in client.get(reverse("identity:setup_mobile")).content.decode()
    response = client.post(
        reverse("identity:setup_mobile"), {"action": "check", "code": read_code("555100004")}
    )
    assert response["Location"] == reverse("identity:setup_email")
    assert AccountSession.objects.get(user=user).assurance == "substantial"
    client.post(reverse("identity:setup_email"), {"action": "send"})
    response = client.post(
        reverse("identity:setup_email"), {"action": "check", "code": read_code(user.email)}
    )
    assert response["Location"] == reverse("consent:decide")
    assert client.get("/me/")["Location"] == reverse("consent:decide")
    user.refresh_from_db()
    assert user.mobile == "555100004" and user.mobile_confirmed_at and user.email_confirmed_at
    assert not user.must_change_password
    # The next sign-in uses the new password and an SMS code; the one-time password is spent.
    client.post(reverse("identity:logout"))
    assert password_step(email=user.email, password=NEW_PASSWORD, ip="").outcome is PasswordOutcome.OK


def test_a_person_who_lost_a_factor_gets_a_new_one_time_password_at_a_hall(registered, client, read_code):
    from panjara.identity.services.accounts import one_time_password_reissue

    user = registered.user
    operator = registered.user.__class__.objects.get(email="operator@example.ge")
    again = one_time_password_reissue(
        user=user, operator=operator, hall_code="tbilisi-1", document={"type": "passport"}
    )
    assert (
        password_step(email=user.email, password=registered.password, ip="").outcome is PasswordOutcome.WRONG
    )
    response = client.post(reverse("identity:signin"), {"email": user.email, "password": again.password})
    assert response["Location"] == reverse("identity:setup_password")
