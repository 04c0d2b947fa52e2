"""An application to an agency without a system of its own, answered at the portal's agency desk
(issue 4 §6; R-S-2, R-P-3, R-P-4, R-V-1): delivered in-process with the desk's case number, taken
into work, more information asked for and received, decided with documents. The citizen sees the
same reports a remote agency would send, signed by the agency."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from panjara.applications.models import Application, ApplicationEvent
from panjara.backoffice.tests.pdf_text import pdf_text
from panjara.desk.intake import desk_receive
from panjara.desk.models import DeskAttachment, DeskCase, DeskCaseEvent
from panjara.exchange.keys import agency_public_key
from panjara.exchange.models import AgencyKey, ExchangeMessage, OutboxMessage
from panjara.inbox.models import InboxMessage
from panjara.vault.models import Document
from panjara.vault.selectors import vault_read
from panjara.vault.tests.samples import pdf, png
from panjara_protocol import Party, digest_of, new_envelope, open_message
from panjara_protocol.kinds import APPLICATION_SUPPLEMENT, CASE_STATUS

from .conftest import SEATING, attachment, deliver, supplement_row

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def token(page, form: str) -> str:
    """The one-time token of a form on the case page (each form has its own)."""
    match = re.search(rf'name="{form}-token" value="([0-9a-f]{{32}})"', page.content.decode())
    assert match, f"the page has no {form} form"
    return match.group(1)


def act(client, case: DeskCase, form: str, data: dict | None = None, **kwargs):
    page = client.get(f"/backoffice/desk/{case.number}/")
    payload = {f"{form}-token": token(page, form), **{f"{form}-{k}": v for k, v in (data or {}).items()}}
    return client.post(f"/backoffice/desk/{case.number}/{form}/", payload, **kwargs)


def test_an_application_to_a_desk_service_is_delivered_in_process_with_the_desk_case_number(delivered):
    """R-S-2: the portal's outbox delivers to the desk without HTTP and gets a signed ack."""
    application, case = delivered
    assert application.status == Application.Status.DELIVERED
    assert application.agency_case == case.number == "TBILISI-000001"
    assert case.reference == application.reference
    assert case.personal_number == application.personal_number
    assert case.data["business_name"] == "კაფე ფანჯარა"
    assert case.data["area_m2"] == 18.5
    assert case.status == DeskCase.Status.NEW
    # Ten working days from the day it arrived, never on a weekend.
    assert case.due_on is not None and case.due_on.weekday() < 5
    assert (case.due_on - case.received_at.date()).days >= 12
    # Logged like any exchange: the portal's request and the agency's signed ack.
    logged = list(
        ExchangeMessage.objects.filter(agency_code="tbilisi").values_list("direction", "status", "kind")
    )
    assert ("out", "sent", "application.submit") in logged
    assert ("in", "accepted", "ack") in logged


def test_the_official_sees_the_case_in_the_queue_takes_it_and_asks_for_information(
    delivered, official_client, citizen_client, citizen
):
    """R-P-4: the queue shows what is due; the applicant hears every step (R-P-3: unchanged)."""
    application, case = delivered
    queue = text(official_client.get("/backoffice/desk/"))
    assert case.number in queue
    assert "Seasonal outdoor seating on a sidewalk" in queue
    assert "1 open case, oldest first" in queue

    page = text(official_client.get(f"/backoffice/desk/{case.number}/"))
    # The form's own labels in the official's language, and the values as sent.
    assert "Name of the café or restaurant" in page and "კაფე ფანჯარა" in page
    assert "Sidewalk area (m²)" in page

    taken = act(official_client, case, "take", follow=True)
    assert "The case is in progress; the applicant was told." in text(taken)
    application.refresh_from_db()
    assert application.status == Application.Status.IN_PROGRESS
    reported = list(
        application.events.filter(kind=ApplicationEvent.Kind.STATUS).values_list("status", flat=True)
    )
    assert reported == ["received", "in_progress"]

    asked = act(
        official_client,
        case,
        "info",
        {"text_ka": "გთხოვთ, ატვირთოთ ტროტუარის გეგმა.", "text_en": ""},
        follow=True,
    )
    assert "The applicant was asked for more information." in text(asked)
    application.refresh_from_db()
    assert application.status == Application.Status.INFO_NEEDED
    question = application.events.get(status="info_needed")
    # English was left empty: the Georgian text is sent in both languages.
    assert question.detail["message"] == {
        "ka": "გთხოვთ, ატვირთოთ ტროტუარის გეგმა.",
        "en": "გთხოვთ, ატვირთოთ ტროტუარის გეგმა.",
    }
    inbox = InboxMessage.objects.filter(user=citizen).order_by("-pk").first()
    assert "გთხოვთ, ატვირთოთ ტროტუარის გეგმა." in inbox.body_ka
    assert "გთხოვთ, ატვირთოთ ტროტუარის გეგმა." in text(citizen_client.get(f"/applications/{application.pk}/"))
    case.refresh_from_db()
    assert case.status == DeskCase.Status.INFO_NEEDED
    assert case.assigned_to.email == "desk@panjara.example"


def test_a_supplement_arrives_encrypted_and_shows_on_the_case(delivered, official_client):
    """R-V-1: the applicant's answer and its file reach the official; the file is sealed at rest
    and downloads only as an attachment."""
    application, case = delivered
    act(official_client, case, "take")
    act(official_client, case, "info", {"text_ka": "გეგმა გვჭირდება.", "text_en": "We need the plan."})
    plan = png(size=(120, 80))
    row = supplement_row(
        application, text="გეგმა თან ერთვის.", attachments=[attachment("გეგმა.png", plan, "image/png")]
    )
    delivered_row = deliver(row.reference)
    assert delivered_row.status == OutboxMessage.Status.DELIVERED, delivered_row.last_error
    assert delivered_row.answer_body == {"case": case.number, "repeat": False}
    case.refresh_from_db()
    assert case.status == DeskCase.Status.SUPPLEMENTED

    stored = DeskAttachment.objects.get(case=case)
    assert bytes(stored.sealed)[:4] == b"PJV1" and plan not in bytes(stored.sealed)
    page = text(official_client.get(f"/backoffice/desk/{case.number}/"))
    assert "გეგმა თან ერთვის." in page and "გეგმა.png" in page
    assert "Continue the work" in page

    download = official_client.get(f"/backoffice/desk/{case.number}/files/{stored.pk}/")
    assert download.status_code == 200
    assert download.content == plan
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_the_same_supplement_delivered_twice_is_kept_once(delivered, official_client):
    """The outbox is at least once: the agency recognises a repeat by the supplement's id."""
    application, case = delivered
    row = supplement_row(application, text="პასუხი", attachments=[])
    deliver(row.reference)
    again = new_envelope(
        iss="portal",
        aud="tbilisi",
        kind=APPLICATION_SUPPLEMENT,
        purpose="application",
        service=SEATING,
        subject=Party(kind="person", id=application.personal_number),
        body=row.body,
    )
    answer = open_message(
        desk_receive(again),
        key_for=lambda kid: agency_public_key(AgencyKey.objects.get(kid=kid).public_jwk),
        expected_aud="portal",
    )
    assert answer.body == {"case": case.number, "repeat": True}
    assert case.supplements.count() == 1


def test_an_approval_with_an_uploaded_pdf_puts_the_letter_and_the_upload_in_the_citizens_vault(
    delivered, official_client, citizen, citizen_client
):
    """R-V-1, R-P-3: the answer and its documents land in the vault, issued by the agency."""
    application, case = delivered
    act(official_client, case, "take")
    plan = pdf("Permit map")
    upload = SimpleUploadedFile("რუკა.pdf", plan, content_type="application/pdf")
    decided = act(
        official_client,
        case,
        "decide",
        {
            "decision": "approved",
            "reasons_ka": "ფართობი შეესაბამება წესებს.",
            "reasons_en": "",
            "documents": upload,
        },
        follow=True,
    )
    assert "The application is approved; the applicant received the decision." in text(decided)
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    issued = {
        d.name: d for d in Document.objects.filter(person=citizen.person, origin=Document.Origin.ISSUED)
    }
    assert set(issued) == {"TBILISI-000001-decision.pdf", "რუკა.pdf"}
    assert all(d.issuer == "tbilisi" for d in issued.values())
    assert vault_read(document=issued["რუკა.pdf"]) == plan
    letter = re.sub(r"\s+", " ", pdf_text(vault_read(document=issued["TBILISI-000001-decision.pdf"])))
    for expected in (
        "TBILISI-000001",
        "თბილისის მერია",
        "Tbilisi City Hall",
        "The application is approved.",
        "ფართობი შეესაბამება წესებს.",
        application.reference,
    ):
        assert expected in letter
    case.refresh_from_db()
    assert case.status == DeskCase.Status.APPROVED and case.decided_at is not None
    assert "This case is decided." in text(official_client.get(f"/backoffice/desk/{case.number}/"))
    # The citizen's page shows the decision and the two documents.
    page = text(citizen_client.get(f"/applications/{application.pk}/"))
    assert "TBILISI-000001-decision.pdf" in page and "რუკა.pdf" in page


def test_a_refusal_without_reasons_is_refused_with_a_field_error(delivered, official_client):
    application, case = delivered
    act(official_client, case, "take")
    response = act(
        official_client, case, "decide", {"decision": "refused", "reasons_ka": "", "reasons_en": ""}
    )
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "A refusal must give its reasons. Write them in Georgian." in page
    assert 'href="#id_decide-reasons_ka"' in page
    application.refresh_from_db()
    assert application.status == Application.Status.IN_PROGRESS
    assert not case.events.filter(kind=DeskCaseEvent.Kind.ANSWER).exists()


def test_a_refusal_with_reasons_reaches_the_citizen_in_both_languages(delivered, official_client, citizen):
    application, case = delivered
    act(official_client, case, "take")
    act(
        official_client,
        case,
        "decide",
        {
            "decision": "refused",
            "reasons_ka": "ტროტუარი ვიწროა.",
            "reasons_en": "The sidewalk is too narrow.",
        },
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REFUSED
    answer = application.events.get(kind=ApplicationEvent.Kind.ANSWER)
    assert answer.detail["message"] == {"ka": "ტროტუარი ვიწროა.", "en": "The sidewalk is too narrow."}
    # The refusal comes with its letter too: the reasons the person may appeal against.
    assert [d["name"] for d in answer.detail["documents"]] == ["TBILISI-000001-decision.pdf"]


def test_a_double_submitted_action_reports_once(delivered, official_client):
    application, case = delivered
    page = official_client.get(f"/backoffice/desk/{case.number}/")
    data = {"take-token": token(page, "take")}
    first = official_client.post(f"/backoffice/desk/{case.number}/take/", data, follow=True)
    second = official_client.post(f"/backoffice/desk/{case.number}/take/", data, follow=True)
    assert "The case is in progress" in text(first)
    assert "This form was already submitted; it was not sent again." in text(second)
    assert list(
        application.events.filter(kind=ApplicationEvent.Kind.STATUS).values_list("status", flat=True)
    ) == [
        "received",
        "in_progress",
    ]
    assert case.events.filter(kind=DeskCaseEvent.Kind.STATUS).count() == 2


def test_a_report_the_portal_refuses_shows_a_clear_message(delivered, official_client):
    """If the desk's state and the portal's disagree (here: the desk lost its decision), the
    portal's refusal is shown to the official and nothing changes."""
    application, case = delivered
    act(official_client, case, "take")
    act(official_client, case, "decide", {"decision": "approved", "reasons_ka": "", "reasons_en": ""})
    DeskCase.objects.filter(pk=case.pk).update(status=DeskCase.Status.IN_PROGRESS)
    again = act(
        official_client,
        case,
        "decide",
        {"decision": "refused", "reasons_ka": "არა.", "reasons_en": ""},
        follow=True,
    )
    assert "The portal refused the report: this application was already decided." in text(again)
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED
    refused = case.events.get(outcome=DeskCaseEvent.Outcome.REFUSED)
    assert refused.outcome_code == "case_closed"


def test_the_desks_reports_are_kept_signed_and_verify_with_the_agencys_key(delivered, official_client):
    """R-P-3: what the person is shown can be proven to be what the agency said."""
    application, case = delivered
    act(official_client, case, "take")
    keys = AgencyKey.objects.filter(agency__code="tbilisi", is_active=True)
    assert keys.count() == 1
    key = keys.get()
    for event in application.events.filter(by="tbilisi", kind=ApplicationEvent.Kind.STATUS):
        signed = bytes(event.signed)
        report = open_message(
            signed,
            key_for={key.kid: agency_public_key(key.public_jwk)}.get,
            expected_aud=settings.EXCHANGE["PARTY"],
            expected_iss="tbilisi",
            window=None,
        )
        assert report.kind == CASE_STATUS
        assert report.body["application"] == str(application.pk)
        assert report.body["status"] == event.status
        assert event.digest == digest_of(signed)
        assert ExchangeMessage.objects.filter(
            message_id=report.id, direction="in", status="accepted", digest=event.digest
        ).exists()
