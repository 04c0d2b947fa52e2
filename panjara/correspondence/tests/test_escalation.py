"""The escalation assistant (issue 5 §4): for an overdue or refused letter, a complaint to the
superior body (or a court claim outline for a body at the top) with the evidence, to send through
the portal or download as a PDF; nothing for a letter answered in time, and nothing for another
person's letter."""

from __future__ import annotations

import base64
import re
from datetime import date, datetime

import pypdfium2
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from panjara.audit.services import PORTAL
from panjara.correspondence.models import Letter, PublicBody
from panjara.correspondence.services import body_register
from panjara.desk.letters import desk_letter_answer, desk_letter_take
from panjara.exchange.models import OutboxMessage
from panjara.identity.testing import sign_in

from .conftest import MONDAY, TBILISI, deliver, key_of, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(ministry):
    """A unit under the Ministry of Justice: the ministry is its superior body."""
    return body_register(
        code="moj-archive",
        name_ka="იუსტიციის სამინისტროს არქივი",
        name_en="Archive of the Ministry of Justice",
        level=PublicBody.Level.UNIT,
        parent=ministry,
        unit_code="archive",
        by=PORTAL,
    )


def _person(user, language: str = "en") -> Client:
    client = Client()
    sign_in(client, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(content)
    return " ".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def _overdue_letter(clock, citizen, body: str = "moj-archive") -> Letter:
    clock.set(MONDAY)
    letter = write(
        _person(citizen), body=body, subject="Street lights", text="Please repair the lights on our street."
    )
    clock.set(datetime(2027, 10, 7, 9, 0, tzinfo=TBILISI))
    call_command("letters_overdue", stdout=None)
    letter.refresh_from_db()
    assert letter.is_overdue
    return letter


def test_the_complaint_names_the_superior_body_and_carries_the_deadline_and_how_it_was_computed(
    clock, citizen, archive
):
    """R-S-3: the evidence shows the computed deadline with its explanation."""
    letter = _overdue_letter(clock, citizen)
    page = _text(_person(citizen).get(f"/letters/{letter.pk}/complaint/"))
    assert "Complain to the superior body" in page
    assert "Superior body" in page and "Ministry of Justice of Georgia" in page
    assert "The body had to answer by 6 October 2027." in page
    assert (
        "Registered on 6 September 2027; the term is 1 month" in page
        and "The deadline is 6 October 2027." in page
    )
    assert "General Administrative Code, Article 100" in page
    assert "Registered on" in page and letter.reference in page
    assert "Nothing was answered by" in page
    assert "Please repair the lights on our street." in page
    assert "It has not answered by" in page  # the pre-filled complaint
    georgian = _person(citizen, "ka").get(f"/letters/{letter.pk}/complaint/")
    html = georgian.content.decode()
    assert "საჩივარი ზემდგომ ორგანოში" in html and "ზემდგომი ორგანო" in html
    assert html.count("<h1") == 1 and '<html lang="ka"' in html
    assert "no-store" in georgian["Cache-Control"]


def test_sending_the_complaint_makes_one_letter_to_the_superior_body_with_the_evidence_pdf(
    clock, citizen, archive
):
    """R-S-4: the complaint travels like any letter, once, in a new thread, with a real PDF."""
    letter = _overdue_letter(clock, citizen)
    client = _person(citizen)
    key = key_of(client.get(f"/letters/{letter.pk}/complaint/").content.decode())
    data = {
        "key": key,
        "action": "send",
        "text": "I complain: nobody answered my letter about street lights.",
    }
    first = client.post(f"/letters/{letter.pk}/complaint/", data)
    second = client.post(f"/letters/{letter.pk}/complaint/", data)
    assert first.status_code == second.status_code == 302
    complaint = Letter.objects.get(escalates=letter)
    assert first.url == second.url == f"/letters/{complaint.pk}/"
    assert (complaint.body.code, complaint.kind, complaint.status) == ("moj", "letter", "sent")
    assert complaint.thread == complaint.pk != letter.thread
    assert complaint.reference.startswith("LT-") and letter.reference in complaint.subject
    rows = OutboxMessage.objects.filter(reference=f"letter:{complaint.pk}")
    assert rows.count() == 1
    (attached,) = rows.get().body["letter"]["attachments"]
    assert attached["media_type"] == "application/pdf"
    content = base64.b64decode(attached["content"])
    text = _pdf_text(content)
    assert "nobody answered my letter" in text and letter.reference in text
    page = _text(client.get(f"/letters/{letter.pk}/complaint/"))
    assert "You already sent a complaint about this letter" in page and complaint.reference in page


def test_the_complaint_downloads_as_a_pdf_with_the_edited_text(clock, citizen, archive):
    letter = _overdue_letter(clock, citizen)
    client = _person(citizen)
    response = client.post(
        f"/letters/{letter.pk}/complaint/",
        {"key": "k" * 32, "action": "download", "text": "My own words about the missing answer."},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{letter.reference}-complaint.pdf"'
    text = _pdf_text(response.content)
    assert "My own words about the missing answer." in text
    assert "Ministry of Justice of Georgia" in text and "Evidence" in text
    assert not Letter.objects.filter(escalates=letter).exists()


def test_an_empty_complaint_is_not_sent_and_says_why(clock, citizen, archive):
    letter = _overdue_letter(clock, citizen)
    response = _person(citizen).post(
        f"/letters/{letter.pk}/complaint/", {"key": "k" * 32, "action": "send", "text": ""}
    )
    assert response.status_code == 400
    assert "There is a problem" in _text(response) and "Write your complaint." in _text(response)
    assert not Letter.objects.filter(escalates=letter).exists()


def test_a_refusal_by_a_body_at_the_top_gets_a_court_claim_outline(clock, citizen, ministry, official):
    """Issue 5 §4: a body with no superior: the district (city) court's administrative chamber."""
    clock.set(MONDAY)
    letter = write(_person(citizen), body="moj", subject="Contracts", text="Copies of the contracts, please.")
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    assert desk_letter_answer(
        letter=desk,
        official=official,
        token="b" * 32,
        refused=True,
        text_ka="ვერ გაგიზიარებთ.",
        text_en="We cannot share them.",
        ground_ka="ზოგადი ადმინისტრაციული კოდექსი, მუხლი 28",
        ground_en="General Administrative Code, Article 28",
    ).done
    client = _person(citizen)
    assert "Complain to the superior body" in _text(client.get(f"/letters/{letter.pk}/"))
    page = _text(client.get(f"/letters/{letter.pk}/complaint/"))
    assert "Court claim outline" in page
    assert "administrative chamber of the district (city) court" in page
    assert "Administrative Procedure Code of Georgia" in page
    assert "General Administrative Code, Article 28" in page and "We cannot share them." in page
    assert 'value="send"' not in page
    georgian = _text(_person(citizen, "ka").get(f"/letters/{letter.pk}/complaint/"))
    assert "სარჩელის მონახაზი" in georgian and "ადმინისტრაციულ საქმეთა კოლეგია" in georgian


def test_another_person_gets_404_for_the_complaint_page(clock, citizen, other_citizen, archive):
    """Person B cannot see or send A's complaint."""
    letter = _overdue_letter(clock, citizen)
    stranger = _person(other_citizen)
    assert stranger.get(f"/letters/{letter.pk}/complaint/").status_code == 404
    response = stranger.post(
        f"/letters/{letter.pk}/complaint/", {"key": "k" * 32, "action": "send", "text": "x"}
    )
    assert response.status_code == 404
    assert not Letter.objects.filter(escalates=letter).exists()


def test_a_letter_answered_in_time_offers_no_complaint(clock, citizen, archive, official):
    clock.set(MONDAY)
    letter = write(_person(citizen), body="moj-archive", subject="Lights", text="Please repair them.")
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    desk_letter_answer(
        letter=desk, official=official, token="b" * 32, refused=False, text_ka="შეკეთდა", text_en=""
    )
    clock.set(datetime(2028, 1, 10, 9, 0, tzinfo=TBILISI))
    call_command("letters_overdue", stdout=None)
    client = _person(citizen)
    assert "Complain to the superior body" not in _text(client.get(f"/letters/{letter.pk}/"))
    assert client.get(f"/letters/{letter.pk}/complaint/").status_code == 404
    assert date(2027, 10, 6) == Letter.objects.get(pk=letter.pk).due_on
