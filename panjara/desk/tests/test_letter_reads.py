"""Opening a letter at the desk is a read of the writer's data (ADR 0006, issue §8 "who used my
data"), recorded under the writer's personal number as opening a case is, and the person sees
both on their "who used my data" page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation

from panjara.audit.models import AuditEvent
from panjara.audit.selectors import audit_events_about, data_uses
from panjara.audit.services import PORTAL
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.correspondence.models import PublicBody
from panjara.correspondence.services import body_register
from panjara.correspondence.tests.conftest import deliver, write
from panjara.desk.services import desk_agency_register

from .conftest import official_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry_official(db):
    """The Ministry of Justice served at the desk, as the demo seeds it, and its official."""
    agency = desk_agency_register(
        code="moj",
        name_ka="საქართველოს იუსტიციის სამინისტრო",
        name_en="Ministry of Justice of Georgia",
        kind="state",
        services=[],
        by=PORTAL,
    )
    body_register(
        code="moj",
        name_ka=agency.name_ka,
        name_en=agency.name_en,
        level=PublicBody.Level.MINISTRY,
        agency=agency,
        by=PORTAL,
    )
    return staff_create(
        email="desk-moj@panjara.example",
        full_name="Nino Beridze",
        role=Role.AGENCY_OFFICIAL,
        password=None,
        agency=agency,
    )


def _uses_by(official, citizen) -> list:
    """The uses of the citizen's data by the official, as the citizen is shown them."""
    events = audit_events_about(personal_number=citizen.personal_number).filter(
        actor_kind=AuditEvent.ActorKind.STAFF, actor_id=str(official.pk)
    )
    with translation.override("en"):
        return data_uses(events=events, viewer_id=citizen.pk)


def test_an_official_opening_a_letter_is_listed_among_the_uses_of_the_writers_data(
    citizen, citizen_client, other_citizen, ministry_official
):
    letter = write(citizen_client, subject="საჯარო სკვერი", text="გთხოვთ, მაცნობოთ სკვერის გეგმა.")
    desk = deliver(letter)
    assert _uses_by(ministry_official, citizen) == []

    page = official_client_for(ministry_official).get(f"/backoffice/desk/letters/{desk.number}/")
    assert page.status_code == 200

    [use] = _uses_by(ministry_official, citizen)
    assert (use.by_kind, use.by_name) == ("staff", "Nino Beridze")
    assert use.place == "Ministry of Justice of Georgia"
    assert (use.record_kind, use.record, use.service) == ("letter", letter.reference, "")
    read = AuditEvent.objects.get(actor_id=str(ministry_official.pk))
    assert (read.object_type, read.object_id) == ("desk_letter", desk.number)
    assert _uses_by(ministry_official, other_citizen) == []


def _rows(response) -> list[str]:
    """Each row of the "who used my data" table as the person reads it."""
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>")[:-1]]


def test_the_writer_sees_on_their_data_use_page_who_read_their_letter_and_their_application(
    citizen, citizen_client, delivered, official_client, ministry_official
):
    """R-P-3: the person sees each official's read at the desk: who, at which body, which of their
    applications or letters (by the number the portal gave it, not as if it were a service), why;
    and nobody "answered" it, as nothing was asked of another agency."""
    application, case = delivered
    desk = deliver(write(citizen_client, subject="საჯარო სკვერი", text="გთხოვთ, მაცნობოთ სკვერის გეგმა."))
    letter_page = official_client_for(ministry_official).get(f"/backoffice/desk/letters/{desk.number}/")
    assert letter_page.status_code == 200
    assert official_client.get(f"/backoffice/desk/{case.number}/").status_code == 200

    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = citizen_client.get("/me/data-use/")
    assert response.status_code == 200
    case_read, letter_read = _rows(response)[:2]  # newest first
    assert "Agency official Nino Beridze Ministry of Justice of Georgia" in letter_read
    assert f"Your letter {desk.reference}" in letter_read
    assert "Correspondence with a public body" in letter_read
    assert letter_read.endswith("—")
    assert "Agency official ეკა წერეთელი Tbilisi City Hall" in case_read
    assert f"Your application {application.reference}" in case_read
    assert "An application you made" in case_read
    assert case_read.endswith("—")
