"""Who used my data (issue section 8): a person sees every read of their data — by the portal,
by a Public Service Hall operator, by a scheduled job, by an official at the agency desk — with
when, by whom, what was read, why and which agency answered; and never anything about anyone
else."""

import re

from django.urls import reverse

from panjara.audit.models import AuditEvent
from panjara.audit.services import PORTAL, Actor, audit_record, audit_record_many
from panjara.backoffice.demo import demo_halls
from panjara.backoffice.roles import Role
from panjara.backoffice.services import hall_ensure, staff_create
from panjara.desk.services import desk_agency_register
from panjara.exchange.client import Request
from panjara.exchange.services import exchange_ask_sync
from panjara.identity.testing import sign_in
from panjara_protocol import Party

PAGE = reverse("audit:data_use")


def _ask(*, personal_number: str, service: str, purpose: str, by: Actor = PORTAL) -> None:
    request = Request(
        agency=service.split(".")[0],
        kind="query",
        service=service,
        purpose=purpose,
        subject=Party(kind="person", id=personal_number),
    )
    [outcome] = exchange_ask_sync([request], on_behalf=by)
    assert outcome.ok, outcome.reason


def _rows(response) -> list[str]:
    """Each row of the table as a person reads it."""
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>")[:-1]]


def test_an_exchange_query_for_the_person_is_listed_with_agency_service_and_purpose(
    catalog, citizen, other_citizen, citizen_client
):
    _ask(personal_number=citizen.personal_number, service="psda.person", purpose="personal_page")
    _ask(personal_number=other_citizen.personal_number, service="mia.vehicles", purpose="personal_page")
    citizen_client.cookies["panjara_language"] = "en"
    response = citizen_client.get(PAGE)
    assert response.status_code == 200
    [row] = _rows(response)
    assert "The portal, for you" in row
    assert "Personal data" in row  # the service, named from the catalog
    assert "Showing your data on your personal page" in row
    assert row.endswith("psda")  # the agency that answered (the fixture names agencies by code)
    html = response.content.decode()
    assert "Vehicle ownership" not in html and other_citizen.personal_number not in html


def test_an_operator_lookup_names_the_operator_and_their_hall(catalog, citizen, citizen_client):
    hall = hall_ensure(**vars(demo_halls()[0]))
    operator = staff_create(
        email="operator@halls.example",
        full_name="Eka Operator",
        role=Role.HALL_OPERATOR,
        password=None,
        hall=hall,
    )
    by = Actor(kind="staff", id=str(operator.pk), label=operator.email)
    _ask(personal_number=citizen.personal_number, service="psda.person", purpose="registration", by=by)
    citizen_client.cookies["panjara_language"] = "en"
    [row] = _rows(citizen_client.get(PAGE))
    assert "Public Service Hall operator Eka Operator" in row
    assert "Tbilisi Public Service Hall, Tbilisi" in row
    assert "Registering you at a Public Service Hall" in row
    assert "operator@halls.example" not in row


def test_the_page_speaks_georgian_by_default(catalog, citizen, citizen_client):
    _ask(personal_number=citizen.personal_number, service="psda.family", purpose="personal_page")
    [row] = _rows(citizen_client.get(PAGE))
    assert "ოჯახის წევრები" in row


def test_an_unknown_service_or_purpose_is_shown_as_recorded_not_hidden(citizen, citizen_client):
    audit_record(
        actor=Actor(kind="agency", id="gone", label="A closed agency"),
        action="exchange.query",
        subject_person=citizen.personal_number,
        object_type="service",
        object_id="gone.records",
        purpose="inspection",
        detail={"agency": "gone", "result": "unavailable"},
    )
    citizen_client.cookies["panjara_language"] = "en"
    [row] = _rows(citizen_client.get(PAGE))
    assert "Agency: A closed agency" in row
    assert "gone.records" in row and "inspection" in row
    assert "did not answer in time" in row


def test_only_reads_of_the_persons_own_data_are_listed(citizen, other_citizen, citizen_client):
    audit_record(actor=PORTAL, action="exchange.query", subject_person=other_citizen.personal_number)
    audit_record(actor=PORTAL, action="terms.published")  # about nobody
    citizen_client.cookies["panjara_language"] = "en"
    assert (
        "Nobody has read data about you through the portal yet." in citizen_client.get(PAGE).content.decode()
    )


def test_an_account_without_a_person_sees_an_empty_list(client, django_user_model):
    # Events about nobody (subject_person "") must never show up as "yours".
    audit_record(actor=PORTAL, action="exchange.query", object_id="psda.person", purpose="catalog")
    staff = django_user_model.objects.create_user("staff@panjara.example", "a long enough pass phrase")
    sign_in(client, staff)
    client.cookies["panjara_language"] = "en"
    html = client.get(PAGE).content.decode()
    assert "Nobody has read data about you through the portal yet." in html
    assert "<tbody>" not in html


def test_the_list_is_paginated_newest_first(citizen, citizen_client):
    audit_record_many(
        events=[
            dict(
                actor=PORTAL,
                action="exchange.query",
                subject_person=citizen.personal_number,
                object_type="service",
                object_id=f"test.service-{n:02d}",
                purpose="personal_page",
            )
            for n in range(51)
        ]
    )
    citizen_client.cookies["panjara_language"] = "en"
    first = citizen_client.get(PAGE)
    rows = _rows(first)
    assert len(rows) == 50
    assert "test.service-50" in rows[0] and "test.service-01" in rows[-1]
    assert 'href="?page=2"' in first.content.decode() and "Page 1 of 2" in first.content.decode()
    last = _rows(citizen_client.get(PAGE, {"page": 2}))
    assert len(last) == 1 and "test.service-00" in last[0]
    assert AuditEvent.objects.filter(subject_person=citizen.personal_number).count() >= 51


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:signin"))


def test_files_read_at_the_desk_are_named_with_the_persons_application_or_letter(citizen, citizen_client):
    """R-P-3: a desk read is of the person's own application or letter, not of a service: the row
    names the file and what it belongs to (here by the desk's number, as no desk row exists to give
    the portal's), the official and the body whose desk it was, and no agency that answered."""
    ministry = desk_agency_register(
        code="moj",
        name_ka="საქართველოს იუსტიციის სამინისტრო",
        name_en="Ministry of Justice of Georgia",
        kind="state",
        services=[],
        by=PORTAL,
    )
    official = staff_create(
        email="desk-moj@panjara.example",
        full_name="Nino Beridze",
        role=Role.AGENCY_OFFICIAL,
        password=None,
        agency=ministry,
    )
    for action, object_type, number, purpose in (
        ("desk.attachment_read", "desk_case", "MOJ-000007", "application"),
        ("desk.letter_attachment_read", "desk_letter", "MOJ-L-000003", "correspondence"),
    ):
        audit_record(
            actor=Actor(kind="staff", id=str(official.pk), label=official.email),
            action=action,
            subject_person=citizen.personal_number,
            object_type=object_type,
            object_id=number,
            purpose=purpose,
            detail={"agency": "moj", "attachment": "plan.pdf"},
        )
    citizen_client.cookies["panjara_language"] = "en"
    letter, application = _rows(citizen_client.get(PAGE))
    assert "Agency official Nino Beridze Ministry of Justice of Georgia" in application
    assert "The file “plan.pdf” of your application MOJ-000007" in application
    assert "An application you made" in application and application.endswith("—")
    assert "The file “plan.pdf” of your letter MOJ-L-000003" in letter
    assert "Correspondence with a public body" in letter and letter.endswith("—")

    citizen_client.cookies["panjara_language"] = "ka"
    letter, _application = _rows(citizen_client.get(PAGE))
    assert "საქართველოს იუსტიციის სამინისტრო" in letter
    assert "თქვენი წერილის MOJ-L-000003 ფაილი „plan.pdf“" in letter
