"""Writing to public bodies (issue 5 §1–§3): the directory and its search, drafts, sending with a
receipt, the deadline and how it was computed, clarifications, extensions, answers, refusals and
threads, across the desk's signed reports."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client

from panjara.audit.services import PORTAL
from panjara.correspondence.models import Letter
from panjara.correspondence.services import body_register
from panjara.desk.letters import (
    desk_letter_answer,
    desk_letter_clarify,
    desk_letter_extend,
    desk_letter_take,
)
from panjara.desk.models import DeskLetter
from panjara.exchange.models import OutboxMessage
from panjara.exchange.services import agency_register
from panjara.identity.testing import sign_in
from panjara.inbox.models import InboxMessage
from panjara.notifications.models import Notification

from .conftest import MONDAY, deliver, key_of, write

pytestmark = pytest.mark.django_db


def _person(citizen) -> Client:
    client = Client()
    sign_in(client, citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_person_finds_a_body_typed_in_latin_letters_and_sends_it_a_letter(citizen_client, ministry):
    """R-S-4: the directory's search folds Georgian typed in Latin letters; the receipt gives the
    registration number and time on screen, in the inbox and by SMS."""
    found = _text(citizen_client.get("/letters/new/", {"q": "iustitsiis saministro"}))
    assert "საქართველოს იუსტიციის სამინისტრო" in found
    assert _text(citizen_client.get("/bodies/", {"q": "iusticiis"})).count("/bodies/moj/") >= 1
    letter = write(citizen_client, subject="ქუჩის განათება", text="გთხოვთ, შეაკეთოთ განათება.")
    page = _text(citizen_client.get(f"/letters/{letter.pk}/"))
    assert letter.reference in page and letter.reference.startswith("LT-")
    assert InboxMessage.objects.filter(user=letter.user, subject_en__contains=letter.reference).exists()
    assert Notification.objects.filter(
        user=letter.user, channel="sms", template="correspondence.receipt"
    ).exists()
    body = OutboxMessage.objects.get(reference=f"letter:{letter.pk}").body["letter"]
    assert (body["id"], body["thread"], body["clarifies"], body["kind"]) == (
        str(letter.pk),
        str(letter.pk),
        None,
        "letter",
    )


def test_a_draft_survives_signing_out(client, citizen, ministry):
    """R-S-4: drafts as for applications."""
    sign_in(client, citizen)
    key = key_of(client.get("/bodies/moj/").content.decode())
    draft = client.post("/letters/new/", {"body": "moj", "key": key}).url
    client.post(
        draft,
        {"action": "save", "kind": "letter", "subject": "ჩემი შეკითხვა", "text": "ჯერ არ დამიმთავრებია"},
    )
    client.logout()
    again = Client()
    sign_in(again, citizen)
    assert "ჩემი შეკითხვა" in _text(again.get("/letters/"))
    assert "ჯერ არ დამიმთავრებია" in _text(again.get(draft))


def test_starting_and_sending_twice_with_one_key_makes_one_letter(citizen_client, ministry):
    key = key_of(citizen_client.get("/bodies/moj/").content.decode())
    first = citizen_client.post("/letters/new/", {"body": "moj", "key": key}).url
    second = citizen_client.post("/letters/new/", {"body": "moj", "key": key}).url
    assert first == second
    data = {"action": "send", "kind": "letter", "subject": "ერთი", "text": "ერთხელ"}
    citizen_client.post(first, data)
    citizen_client.post(first, data)
    assert Letter.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="letter.send").count() == 1


def test_a_letter_without_subject_or_text_is_not_sent_and_says_why(citizen_client, ministry):
    key = key_of(citizen_client.get("/bodies/moj/").content.decode())
    draft = citizen_client.post("/letters/new/", {"body": "moj", "key": key}).url
    response = citizen_client.post(draft, {"action": "send", "kind": "letter", "subject": "", "text": ""})
    assert response.status_code == 400
    assert "There is a problem" in _text(response) or "პრობლემა" in _text(response)
    assert not OutboxMessage.objects.exists()


def test_a_clarification_request_stops_the_clock_and_the_answer_restarts_it_later_by_the_days_waited(
    clock, client, citizen, ministry, official
):
    """R-S-3: a letter has a month (GAC Art. 100); waiting for the person's clarification does not
    count, and the page says the clock is stopped while it waits."""
    clock.set(MONDAY)
    citizen_client = _person(citizen)
    letter = write(citizen_client, subject="მიწის ნაკვეთი", text="რა სტატუსი აქვს ნაკვეთს?")
    assert letter.due_on == date(2027, 10, 6)
    desk = deliver(letter)
    assert desk_letter_take(letter=desk, official=official, token="a" * 32).done
    clock.travel(days=1)
    citizen_client = _person(citizen)  # a day later: the person signs in again
    assert desk_letter_clarify(
        letter=desk, official=official, token="b" * 32, text_ka="რომელი ნაკვეთი?", text_en="Which plot?"
    ).done
    letter.refresh_from_db()
    assert (letter.status, letter.paused) == ("clarification_needed", True)
    page = _text(citizen_client.get(f"/letters/{letter.pk}/"))
    assert "Which plot?" in page
    assert "The clock is stopped: the body is waiting for your clarification." in page
    clock.travel(days=2)
    citizen_client = _person(citizen)
    reply = citizen_client.post(f"/letters/{letter.pk}/reply/", {"key": key_of(page), "clarify": "1"})
    clarification = Letter.objects.get(pk=reply.url.split("/")[2])
    assert clarification.clarifies_id == letter.pk and clarification.thread == letter.thread
    citizen_client.post(reply.url, {"action": "send", "subject": "Re", "text": "ნაკვეთი 01.10.12.034"})
    letter.refresh_from_db()
    assert (letter.status, letter.paused) == ("in_progress", False)
    assert letter.due_on == date(2027, 10, 6) + timedelta(days=2)
    deliver(clarification)
    desk.refresh_from_db()
    assert desk.status == DeskLetter.Status.CLARIFIED


def test_an_extension_on_a_gac_article_40_ground_moves_public_information_to_ten_days_and_says_why(
    clock, client, citizen, ministry, official
):
    """R-S-3: public information is due at once; the body's ground moves it to 10 days."""
    clock.set(MONDAY)
    sign_in(client, citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    letter = write(client, kind="public_information", subject="Budget", text="The 2026 budget, please.")
    assert letter.due_on == date(2027, 9, 6)
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    assert desk_letter_extend(
        letter=desk, official=official, token="c" * 32, ground="public_information.search"
    ).done
    letter.refresh_from_db()
    assert (letter.status, letter.due_on) == ("extended", date(2027, 9, 16))
    page = _text(client.get(f"/letters/{letter.pk}/"))
    assert "searched for or retrieved from another unit" in page
    assert "General Administrative Code, Article 40" in page


def test_an_extension_ground_of_another_kind_is_refused_by_the_portal(citizen_client, ministry, official):
    letter = write(citizen_client, kind="public_information", subject="ა", text="ბ")
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    with pytest.raises(ValueError):
        desk_letter_extend(letter=desk, official=official, token="c" * 32, ground="letter.examination")


def test_the_answer_reaches_the_inbox_and_a_refusal_without_a_legal_ground_is_refused(
    citizen_client, ministry, official
):
    """R-S-4: a refusal must name its legal ground; the answer is shown unchanged."""
    letter = write(citizen_client, kind="public_information", subject="ხელშეკრულებები", text="გთხოვთ ასლები")
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    refused = desk_letter_answer(
        letter=desk, official=official, token="d" * 32, refused=True, text_ka="ვერ გაგიზიარებთ", text_en=""
    )
    assert (refused.outcome, refused.code) == ("refused", "ground_required")
    letter.refresh_from_db()
    assert letter.status == "in_progress"
    done = desk_letter_answer(
        letter=desk,
        official=official,
        token="e" * 32,
        refused=True,
        text_ka="ინფორმაცია კომერციული საიდუმლოებაა.",
        text_en="",
        ground_ka="ზოგადი ადმინისტრაციული კოდექსი, მუხლი 28",
        documents=[],
    )
    assert done.done
    letter.refresh_from_db()
    assert (letter.status, letter.outcome, letter.refusal_ground_ka) == (
        "refused",
        "refused",
        "ზოგადი ადმინისტრაციული კოდექსი, მუხლი 28",
    )
    assert letter.events.get(kind="answer").signed
    page = _text(citizen_client.get(f"/letters/{letter.pk}/"))
    assert "ინფორმაცია კომერციული საიდუმლოებაა." in page and "მუხლი 28" in page
    assert InboxMessage.objects.filter(user=letter.user, link=f"/letters/{letter.pk}/").count() >= 2


def test_a_reply_goes_in_the_same_thread(citizen_client, ministry, official):
    letter = write(citizen_client, subject="საწყისი", text="პირველი წერილი")
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    desk_letter_answer(
        letter=desk, official=official, token="f" * 32, refused=False, text_ka="პასუხი", text_en=""
    )
    page = citizen_client.get(f"/letters/{letter.pk}/").content.decode()
    reply = citizen_client.post(f"/letters/{letter.pk}/reply/", {"key": key_of(page)})
    citizen_client.post(
        reply.url, {"action": "send", "subject": "Re: საწყისი", "text": "მადლობა, კიდევ ერთი კითხვა"}
    )
    second = Letter.objects.exclude(pk=letter.pk).get()
    assert (second.thread, second.clarifies_id, second.status) == (letter.thread, None, "sent")
    body = OutboxMessage.objects.get(reference=f"letter:{second.pk}").body["letter"]
    assert body["thread"] == str(letter.pk) and body["id"] != str(letter.pk)
    assert second.reference in _text(citizen_client.get(f"/letters/{letter.pk}/"))


def test_a_report_about_an_unknown_letter_is_refused(ministry, official, citizen_client):
    letter = write(citizen_client, subject="ა", text="ბ")
    desk = deliver(letter)
    DeskLetter.objects.filter(pk=desk.pk).update(letter_id=uuid.uuid4())
    desk.refresh_from_db()
    result = desk_letter_take(letter=desk, official=official, token="a" * 32)
    assert (result.outcome, result.code) == ("refused", "unknown_letter")


def test_the_official_sees_letters_in_the_desk_queue_with_the_deadline(citizen_client, ministry, official):
    """R-S-3: the desk shows each open letter's due date and how it was computed."""
    letter = write(citizen_client, subject="სკვერი", text="სკვერის მოვლა")
    desk = deliver(letter)
    desk_client = Client()
    sign_in(desk_client, official)
    desk_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    queue = _text(desk_client.get("/backoffice/desk/"))
    assert desk.number in queue
    page = _text(desk_client.get(f"/backoffice/desk/letters/{desk.number}/"))
    assert "სკვერის მოვლა" in page and "General Administrative Code, Article 100" in page
    token = re.search(r'name="take-token" value="([0-9a-f]+)"', page).group(1)
    desk_client.post(f"/backoffice/desk/letters/{desk.number}/take/", {"take-token": token})
    letter.refresh_from_db()
    assert letter.status == "in_progress"


def test_a_letter_to_a_unit_of_an_exchange_body_leaves_in_the_outbox_with_the_contract_body(
    citizen_client, db
):
    """R-S-4: a body with its own system gets letter.send over the exchange; a unit's letter goes
    to its agency with the unit's code."""
    agency = agency_register(
        code="napr", name_ka="napr", name_en="napr", base_url="http://127.0.0.1:9", by=PORTAL
    )
    top = body_register(
        code="napr",
        name_ka="საჯარო რეესტრი",
        name_en="Public Registry",
        level="agency",
        agency=agency,
        by=PORTAL,
    )
    body_register(
        code="napr-archive",
        name_ka="არქივი",
        name_en="Archive",
        level="unit",
        parent=top,
        unit_code="archive",
        by=PORTAL,
    )
    letter = write(
        citizen_client, body="napr-archive", kind="personal_data", subject="ჩემი მონაცემები", text="გთხოვთ"
    )
    row = OutboxMessage.objects.get(reference=f"letter:{letter.pk}")
    assert (row.agency_code, row.kind, row.purpose, row.subject_person) == (
        "napr",
        "letter.send",
        "correspondence",
        letter.personal_number,
    )
    sent = row.body["letter"]
    assert set(sent) == {
        "id",
        "reference",
        "kind",
        "unit",
        "subject",
        "text",
        "language",
        "submitted_at",
        "thread",
        "clarifies",
        "attachments",
    }
    assert (sent["unit"], sent["kind"], sent["reference"], sent["attachments"]) == (
        "archive",
        "personal_data",
        letter.reference,
        [],
    )
