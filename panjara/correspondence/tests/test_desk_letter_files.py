"""The files a person sends with a letter, as the desk-served body's official opens them (issue 5
§1, ADR 0006): a download, never shown inline, recorded as a read of the writer's data; another
agency's official does not find them."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from panjara.audit.models import AuditEvent
from panjara.audit.services import PORTAL
from panjara.backoffice.roles import Role
from panjara.backoffice.services import staff_create
from panjara.correspondence.models import Letter
from panjara.desk.models import DeskLetterAttachment
from panjara.desk.services import desk_agency_register
from panjara.identity.testing import sign_in
from panjara.vault.tests.samples import pdf

from .conftest import deliver, key_of

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _letter_with_a_file(client: Client, content: bytes) -> Letter:
    """The person writes to the ministry from its page, attaches a PDF from the computer, sends."""
    key = key_of(client.get("/bodies/moj/").content.decode())
    letter = Letter.objects.get(
        pk=client.post("/letters/new/", {"body": "moj", "key": key}).url.split("/")[2]
    )
    fields = {"kind": "letter", "subject": "საჯარო სკვერი", "text": "გთხოვთ, იხილოთ თანდართული გეგმა."}
    attached = client.post(
        f"/letters/{letter.pk}/",
        {
            **fields,
            "action": "attach",
            "attach-file": SimpleUploadedFile("plan.pdf", content, "application/pdf"),
        },
    )
    assert attached.status_code == 302, attached.content.decode()[:2000]
    sent = client.post(f"/letters/{letter.pk}/", {**fields, "action": "send"})
    assert sent.status_code == 302, sent.content.decode()[:2000]
    letter.refresh_from_db()
    return letter


def test_the_official_downloads_a_letters_file_and_the_writer_sees_the_read(
    citizen_client, ministry, official
):
    """R-S-4, R-P-3: the official gets the very bytes the person sent, as a download that the
    browser may not sniff, and the person's data-use log names the read."""
    content = pdf("plan of the square")
    letter = _letter_with_a_file(citizen_client, content)
    desk = deliver(letter)
    stored = DeskLetterAttachment.objects.get(letter=desk)
    desk_client = _signed_in(official)

    page = desk_client.get(f"/backoffice/desk/letters/{desk.number}/").content.decode()
    link = f"/backoffice/desk/letters/{desk.number}/files/{stored.pk}/"
    assert f'href="{link}"' in page

    response = desk_client.get(link)
    assert response.status_code == 200
    assert b"".join(response) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "plan.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    read = AuditEvent.objects.get(action="desk.letter_attachment_read")
    assert read.subject_person == letter.personal_number
    assert read.object_id == desk.number


def test_an_official_of_another_desk_agency_gets_404_for_a_letters_file(citizen_client, ministry):
    """R-S-4: letters and their files stay with the body they were written to."""
    desk = deliver(_letter_with_a_file(citizen_client, pdf()))
    stored = DeskLetterAttachment.objects.get(letter=desk)
    other_agency = desk_agency_register(
        code="mof",
        name_ka="ფინანსთა სამინისტრო",
        name_en="Ministry of Finance",
        kind="state",
        services=[],
        by=PORTAL,
    )
    stranger = staff_create(
        email="desk-mof@panjara.example",
        full_name="გიორგი მაისურაძე",
        role=Role.AGENCY_OFFICIAL,
        password=None,
        agency=other_agency,
    )
    response = _signed_in(stranger).get(f"/backoffice/desk/letters/{desk.number}/files/{stored.pk}/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="desk.letter_attachment_read").exists()
