"""Registration at a Public Service Hall (R-ID-2, R-ID-3, R-ID-7), end to end: the operator's pages,
the civil registry asked through the exchange over real HTTP (the demo agencies on loopback), the
identity services, the audit log and the printed application."""

import re
import secrets
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from panjara.audit.models import AuditEvent
from panjara.backoffice.demo import demo_halls
from panjara.backoffice.hall import LOOKUP_KEY
from panjara.backoffice.roles import Role
from panjara.backoffice.services import backoffice_demo_seed, hall_ensure, staff_create
from panjara.backoffice.tests.pdf_text import pdf_fonts, pdf_text
from panjara.identity.models import OneTimePassword, Person
from panjara.identity.services.signin import PasswordOutcome, password_step
from panjara.identity.testing import sign_in

pytestmark = pytest.mark.django_db

LEVAN = "60001077004"  # ლევან წიკლაური, only psda.person knows him
DAVIT = "01030057007"  # დავით მაისურაძე
UNKNOWN = "01999999999"
PASSPORT = {"document_type": "passport", "document_number": "15AB12345", "document_valid_until": "2031-03-27"}


@pytest.fixture
def hall():
    return hall_ensure(**vars(demo_halls()[0]))


@pytest.fixture
def operator(hall):
    return staff_create(
        email="operator@panjara.example",
        full_name="გიორგი კაპანაძე",
        role=Role.HALL_OPERATOR,
        password="quiet river stones at dusk",
        hall=hall,
    )


@pytest.fixture
def operator_client(client, operator, agencies):
    sign_in(client, operator)
    client.cookies["panjara_language"] = "en"
    return client


@pytest.fixture
def terms():
    from panjara.consent.demo import demo_terms
    from panjara.consent.services import terms_publish

    admin = get_user_model().objects.create_superuser("dea@panjara.example", "pw")
    return terms_publish(**demo_terms(), published_by=admin)


def look_up(client, number: str):
    return client.post(reverse("backoffice:hall"), {"personal_number": number}, follow=True)


def register(client, *, email: str, language: str = "ka", **document):
    data = {**PASSPORT, **document, "email": email, "language": language}
    return client.post(reverse("backoffice:hall_person"), data)


def one_time_password(response) -> str:
    match = re.search(r'id="one-time-password"[^>]*>([^<]+)<', response.content.decode())
    assert match, "the result page shows no one-time password"
    return match.group(1).strip()


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def accounts() -> int:
    return get_user_model().objects.filter(person__isnull=False).count()


# Who may use the workspace


def test_anonymous_visitors_are_sent_to_the_sign_in(client):
    for name in ("backoffice:home", "backoffice:hall", "backoffice:hall_person"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("identity:signin") + "?next=")


def test_staff_without_the_operator_role_get_403_and_citizens_too(client, agencies, citizen):
    consultant = staff_create(
        email="consultant@panjara.example",
        full_name="C",
        role=Role.RS_CONSULTANT,
        password="quiet river stones at dusk",
    )
    sign_in(client, consultant)
    client.cookies["panjara_language"] = "en"
    for name in ("backoffice:hall", "backoffice:hall_person", "backoffice:hall_reissue"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "Only Public Service Hall operators can register citizens." in text(response)
    assert client.post(reverse("backoffice:hall"), {"personal_number": LEVAN}).status_code == 403
    assert client.get(reverse("backoffice:hall_application", args=[citizen.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="exchange.query").exists()
    # A staff member still has a back office, only without the hall workspace in it.
    home = client.get(reverse("backoffice:home"))
    assert home.status_code == 200 and reverse("backoffice:hall") not in text(home)

    client.logout()
    sign_in(client, citizen)
    assert client.get(reverse("backoffice:home")).status_code == 403
    assert client.get(reverse("backoffice:hall")).status_code == 403


def test_the_demo_operator_finds_the_workspace_from_the_back_office_home(client, agencies, settings):
    settings.DEMO_MODE = True
    backoffice_demo_seed()
    demo_operator = get_user_model().objects.get(email="operator@panjara.example")
    sign_in(client, demo_operator)
    home = client.get(reverse("backoffice:home"))
    assert home.status_code == 200
    assert f'href="{reverse("backoffice:hall")}"' in home.content.decode()
    workspace = client.get(reverse("backoffice:hall"))
    assert workspace.status_code == 200
    assert "თბილისის იუსტიციის სახლი" in text(workspace)


# Step 1: the civil registry


def test_the_lookup_shows_the_registry_record_and_is_audited(operator_client, operator):
    """R-ID-2: the operator compares the registry's name, birth, ID card and photo."""
    response = look_up(operator_client, LEVAN)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("backoffice:hall_person")
    page = text(response)
    for shown in ("ლევან წიკლაური", "Levan Tsiklauri", "23 July 1991", "Athens, Greece", LEVAN):
        assert shown in page
    assert 'src="data:image/png;base64,' in page
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="exchange.query", subject_person=LEVAN)
    assert (event.actor_kind, event.actor_id) == ("staff", str(operator.pk))
    assert event.purpose == "registration" and event.object_id == "psda.person"
    assert not Person.objects.filter(personal_number=LEVAN).exists()


def test_a_malformed_personal_number_is_refused_without_asking_the_registry(operator_client):
    response = look_up(operator_client, "0103005700")
    assert "Enter the personal number as 11 digits, like 01024085001." in text(response)
    assert 'value="0103005700"' in text(response)
    assert not AuditEvent.objects.filter(action="exchange.query").exists()


def test_an_unknown_personal_number_is_reported_in_georgian_and_nothing_is_created(
    client, operator, agencies
):
    sign_in(client, operator)
    response = look_up(client, UNKNOWN)
    assert response.status_code == 200
    page = text(response)
    assert "სამოქალაქო რეესტრში ამ პირადი ნომრით პირი არ მოიძებნა." in page
    assert f'value="{UNKNOWN}"' in page
    assert AuditEvent.objects.filter(action="exchange.query", subject_person=UNKNOWN).exists()
    assert not Person.objects.exists() and accounts() == 0
    assert LOOKUP_KEY not in client.session


def test_when_the_registry_does_not_answer_nothing_is_created_and_the_operator_tries_again(
    operator_client, agencies
):
    agencies["psda"].hang = True
    response = look_up(operator_client, DAVIT)
    page = text(response)
    assert "The civil registry did not answer, so the person could not be checked." in page
    assert "Nothing was saved. Try again in a minute." in page
    assert f'value="{DAVIT}"' in page
    assert not Person.objects.exists() and accounts() == 0
    # Straight to the registration form does not work without a lookup either.
    skipped = register(operator_client, email="davit@example.ge")
    assert skipped.status_code == 302 and skipped["Location"] == reverse("backoffice:hall")
    assert accounts() == 0

    agencies["psda"].hang = False
    assert "დავით მაისურაძე" in text(look_up(operator_client, DAVIT))


# Step 2: the account and its one-time password


def test_registering_opens_one_account_with_a_one_time_password_that_works_once(
    operator_client, operator, hall
):
    """R-ID-2, R-ID-3: the e-mail is the username, the password is one-time and must be changed."""
    look_up(operator_client, LEVAN)
    with mock.patch.object(secrets, "choice", wraps=secrets.choice) as csprng:
        response = register(operator_client, email="Levan.Tsiklauri@Example.GE", language="en")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    password = one_time_password(response)
    assert len(re.sub(r"[^A-Z0-9]", "", password)) >= 10
    assert csprng.call_count >= 10  # drawn from the operating system's CSPRNG (secrets)
    assert "levan.tsiklauri@example.ge" in text(response) and "72 hours" in text(response)

    user = get_user_model().objects.get(person__personal_number=LEVAN)
    assert accounts() == 1
    assert user.email == "levan.tsiklauri@example.ge"
    assert user.must_change_password and not user.has_usable_password()
    assert user.language == "en"
    assert (user.person.given_name_ka, user.person.surname_ka) == ("ლევან", "წიკლაური")
    assert (user.person.given_name_en, user.person.surname_en) == ("Levan", "Tsiklauri")
    assert str(user.person.birth_date) == "1991-07-23"
    # Only its hash is stored.
    row = OneTimePassword.objects.get(user=user)
    assert password.replace("-", "") not in row.password_hash and row.hall_code == hall.code
    assert row.expires_at - row.issued_at == timedelta(hours=72)
    event = AuditEvent.objects.get(action="account.registered")
    assert event.subject_person == LEVAN and event.actor_id == str(operator.pk)
    assert event.detail["document"] == {
        "type": "passport",
        "number": "15AB12345",
        "valid_until": "2031-03-27",
    }

    first = password_step(email="levan.tsiklauri@example.ge", password=password, ip="127.0.0.1")
    assert first.outcome == PasswordOutcome.ONE_TIME
    again = password_step(email="levan.tsiklauri@example.ge", password=password, ip="127.0.0.1")
    assert again.outcome != PasswordOutcome.ONE_TIME

    # The lookup is spent: the same confirmation cannot open a second account.
    assert register(operator_client, email="other@example.ge").status_code == 302
    assert accounts() == 1


def test_the_one_time_password_no_longer_works_after_72_hours(operator_client, clock):
    look_up(operator_client, DAVIT)
    password = one_time_password(register(operator_client, email="davit@example.ge"))
    clock.travel(hours=73)
    late = password_step(email="davit@example.ge", password=password, ip="127.0.0.1")
    assert late.outcome != PasswordOutcome.ONE_TIME


def test_each_registration_gets_its_own_password(operator_client):
    look_up(operator_client, LEVAN)
    first = one_time_password(register(operator_client, email="levan@example.ge"))
    look_up(operator_client, DAVIT)
    second = one_time_password(register(operator_client, email="davit@example.ge"))
    assert first != second


def test_an_email_already_used_is_refused_and_what_was_typed_is_kept(operator_client, citizen):
    look_up(operator_client, LEVAN)
    response = register(operator_client, email=citizen.email.upper())
    page = text(response)
    assert "This e-mail address is already the username of another account." in page
    assert 'value="15AB12345"' in page and 'value="2031-03-27"' in page
    assert f'value="{citizen.email.upper()}"' in page
    assert not Person.objects.filter(personal_number=LEVAN).exists() and accounts() == 1
    assert not AuditEvent.objects.filter(action="account.registered").exists()
    # The operator corrects the address and goes on from the same lookup.
    assert register(operator_client, email="levan@example.ge").status_code == 200
    assert accounts() == 2


def test_an_expired_document_or_another_id_card_is_refused(operator_client, clock):
    look_up(operator_client, LEVAN)
    yesterday = (clock.moment - timedelta(days=1)).date().isoformat()
    expired = text(register(operator_client, email="levan@example.ge", document_valid_until=yesterday))
    assert "Only a valid document can be accepted." in expired
    card = operator_client.session[LOOKUP_KEY]["person"]["id_card_number"]
    other_card = {"document_type": "id_card", "document_number": "01AB00001"}
    wrong = text(register(operator_client, email="levan@example.ge", **other_card))
    assert "The civil registry knows another ID card for this person." in wrong
    assert accounts() == 0
    right = register(operator_client, email="levan@example.ge", document_type="id_card", document_number=card)
    assert right.status_code == 200 and accounts() == 1


# Already registered: a new one-time password instead (R-ID-7)


def test_a_registered_person_is_offered_a_new_one_time_password_instead(operator_client, operator, citizen):
    page = look_up(operator_client, citizen.personal_number)
    assert "This person already has an account" in text(page)
    assert f'href="{reverse("backoffice:hall_reissue")}"' in page.content.decode()
    refused = register(operator_client, email="giorgi.new@example.ge")
    assert refused.status_code == 200 and "This person already has an account" in text(refused)
    assert accounts() == 1 and not OneTimePassword.objects.exists()
    assert not get_user_model().objects.filter(email="giorgi.new@example.ge").exists()

    form = operator_client.get(reverse("backoffice:hall_reissue"))
    assert form.status_code == 200 and citizen.email in text(form)
    missing = operator_client.post(reverse("backoffice:hall_reissue"), {"document_type": "passport"})
    assert "Enter the document number." in text(missing) and not OneTimePassword.objects.exists()
    issued = operator_client.post(reverse("backoffice:hall_reissue"), PASSPORT)
    assert issued.status_code == 200 and "New one-time password issued" in text(issued)
    password = one_time_password(issued)
    citizen.refresh_from_db()
    assert citizen.must_change_password and accounts() == 1
    event = AuditEvent.objects.get(action="credential.one_time_password_issued")
    assert event.actor_id == str(operator.pk) and event.detail["document"]["number"] == "15AB12345"
    old = password_step(email=citizen.email, password="a long enough pass phrase", ip="127.0.0.1")
    assert old.outcome != PasswordOutcome.OK
    assert (
        password_step(email=citizen.email, password=password, ip="127.0.0.1").outcome
        == PasswordOutcome.ONE_TIME
    )


# The application to sign


def test_the_application_is_a_pdf_with_the_persons_data_and_the_terms_but_no_password(
    operator_client, operator, terms
):
    look_up(operator_client, LEVAN)
    issued = register(operator_client, email="levan@example.ge")
    password = one_time_password(issued)
    user = get_user_model().objects.get(email="levan@example.ge")
    url = reverse("backoffice:hall_application", args=[user.pk])
    assert url in issued.content.decode()

    response = operator_client.get(url, {"language": "ka"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    georgian = re.sub(r"\s+", " ", pdf_text(response.content))
    # Set in the portal's own Noto Sans Georgian, with no character left unrenderable.
    assert {"Panjara-Georgian", "Panjara-Georgian-Bold"} <= pdf_fonts(response.content)
    assert "\ufffd" not in georgian
    for shown in (
        "ლევან წიკლაური",
        "Levan Tsiklauri",
        LEVAN,
        "levan@example.ge",
        "15AB12345",
        "თბილისის იუსტიციის სახლი",
        "პორტალზე რეგისტრაციის განცხადება",
        "მოქალაქის ხელმოწერა და თარიღი",
        "კონტაქტი",  # the last section of the Georgian terms: the full text is there
    ):
        assert shown in georgian, shown
    assert password not in georgian and password.replace("-", "") not in georgian.replace("-", "")

    english = re.sub(r"\s+", " ", pdf_text(operator_client.get(url, {"language": "en"}).content))
    assert "Application for registration on the citizen portal" in english
    assert "Tbilisi Public Service Hall" in english and "ლევან წიკლაური" in english
    assert terms.text_en.split("\n")[0].removeprefix("## ").strip() in english

    printed = AuditEvent.objects.filter(action="registration.application_printed")
    assert printed.count() == 2
    event = printed.first()
    assert (event.subject_person, event.object_type, event.object_id) == (LEVAN, "account", str(user.pk))
    assert event.actor_id == str(operator.pk)


def test_the_application_is_printed_only_by_the_same_operator_shortly_after(operator_client, hall, clock):
    look_up(operator_client, LEVAN)
    register(operator_client, email="levan@example.ge")
    user = get_user_model().objects.get(email="levan@example.ge")
    url = reverse("backoffice:hall_application", args=[user.pk])

    colleague = staff_create(
        email="colleague@panjara.example",
        full_name="K",
        role=Role.HALL_OPERATOR,
        password="quiet river stones at dusk",
        hall=hall,
    )
    from django.test import Client

    other = Client()
    sign_in(other, colleague)
    refused = other.get(url)
    assert refused.status_code == 404 and refused["Content-Type"].startswith("text/html")
    assert operator_client.get(reverse("backoffice:hall_application", args=[user.pk + 1])).status_code == 404
    # Half an hour later (the operator kept working, so the session itself is still open).
    clock.travel(minutes=20)
    assert operator_client.get(reverse("backoffice:hall")).status_code == 200
    clock.travel(minutes=11)
    assert operator_client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="registration.application_printed").exists()
