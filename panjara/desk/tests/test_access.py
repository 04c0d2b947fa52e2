"""Who may use the agency desk (issue 4 §6): only officials of an agency served there, and each
only for their own agency's cases."""

from __future__ import annotations

import pytest

from panjara.audit.models import AuditEvent
from panjara.audit.services import PORTAL
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.desk.models import DeskAttachment
from panjara.desk.services import desk_agency_register
from panjara.exchange.models import Agency
from panjara.vault.tests.samples import pdf

from .conftest import deliver, official_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_official(tbilisi):
    """An official of another agency served at the desk."""
    other = desk_agency_register(
        code="rustavi",
        name_ka="რუსთავის მერია",
        name_en="Rustavi City Hall",
        kind="state",
        services=[],
        by=PORTAL,
    )
    user = staff_create(
        email="rustavi@panjara.example",
        full_name="ლევან ბაქრაძე",
        role=Role.AGENCY_OFFICIAL,
        password=None,
        agency=other,
    )
    return official_client_for(user)


def test_an_official_of_another_agency_gets_404_for_a_case(delivered, other_official):
    _application, case = delivered
    assert other_official.get("/backoffice/desk/").status_code == 200
    assert case.number not in other_official.get("/backoffice/desk/").content.decode()
    assert other_official.get(f"/backoffice/desk/{case.number}/").status_code == 404
    assert (
        other_official.post(f"/backoffice/desk/{case.number}/take/", {"take-token": "0" * 32}).status_code
        == 404
    )
    case.refresh_from_db()
    assert case.status == "new"


def test_an_official_of_another_agency_cannot_download_a_file_of_the_case(delivered, other_official):

    from .test_casework import attachment, supplement_row

    application, case = delivered
    deliver(
        supplement_row(
            application, text="", attachments=[attachment("a.pdf", pdf(), "application/pdf")]
        ).reference
    )
    stored = DeskAttachment.objects.get(case=case)
    assert other_official.get(f"/backoffice/desk/{case.number}/files/{stored.pk}/").status_code == 404


def test_a_citizen_gets_403_and_a_visitor_is_sent_to_sign_in(delivered, citizen_client, client):
    _application, case = delivered
    response = citizen_client.get("/backoffice/desk/")
    assert response.status_code == 403
    assert citizen_client.get(f"/backoffice/desk/{case.number}/").status_code == 403
    assert citizen_client.post(f"/backoffice/desk/{case.number}/take/", {}).status_code == 403
    client.logout()
    anonymous = client.get("/backoffice/desk/")
    assert anonymous.status_code == 302 and "next=/backoffice/desk/" in anonymous.url


def test_an_official_of_an_agency_with_its_own_system_is_told_the_desk_is_not_theirs(tbilisi):
    psda = Agency.objects.get(code="psda")
    user = staff_create(
        email="official@panjara.example",
        full_name="დავით ჯანელიძე",
        role=Role.AGENCY_OFFICIAL,
        password=None,
        agency=psda,
    )
    response = official_client_for(user).get("/backoffice/desk/")
    assert response.status_code == 403
    assert "answers applications in its own system" in response.content.decode()


def test_the_back_office_home_links_the_desk_for_its_officials(official_client):
    home = official_client.get("/backoffice/").content.decode()
    assert 'href="/backoffice/desk/"' in home


def test_reading_a_case_is_in_the_applicants_data_use_log(delivered, official_client, official):
    """The applicant can see that an official of the agency read their application."""
    application, case = delivered
    official_client.get(f"/backoffice/desk/{case.number}/")
    read = AuditEvent.objects.get(action="desk.case_read")
    assert read.subject_person == application.personal_number
    assert read.object_id == case.number
