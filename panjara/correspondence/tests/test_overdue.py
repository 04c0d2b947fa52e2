"""The daily overdue job (issue 5 §4, R-S-3): with time travel, a letter turns overdue the day
after its deadline and not before, never while the body waits for the person's clarification and
never once answered; the job run twice marks once and tells once; the person and the body hear
of it."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from panjara.audit.services import PORTAL
from panjara.core.schedule import registered_jobs
from panjara.correspondence.models import Letter, LetterEvent
from panjara.correspondence.services import body_register
from panjara.deadlines.models import DayOff
from panjara.desk.letters import (
    desk_letter_answer,
    desk_letter_clarify,
    desk_letter_take,
    desk_letters_queue,
)
from panjara.exchange.models import OutboxMessage
from panjara.exchange.services import agency_register
from panjara.identity.preferences import STATUS, channels_for
from panjara.identity.testing import sign_in
from panjara.inbox.models import InboxMessage
from panjara.notifications.models import Notification

from .conftest import MONDAY, TBILISI, deliver, key_of, write

pytestmark = pytest.mark.django_db

# A letter sent on MONDAY (6 September 2027) is due a month later, on Wednesday 6 October.
DUE = date(2027, 10, 6)


def _on(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=TBILISI)


def _person(citizen) -> Client:
    client = Client()
    sign_in(client, citizen)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _page(client: Client, letter: Letter) -> str:
    return re.sub(r"\s+", " ", client.get(f"/letters/{letter.pk}/").content.decode())


def _run() -> str:
    out = io.StringIO()
    call_command("letters_overdue", stdout=out)
    return out.getvalue()


def _sent_letter(clock, citizen, **kwargs) -> Letter:
    clock.set(MONDAY)
    return write(_person(citizen), subject="ქუჩის განათება", text="გთხოვთ, შეაკეთოთ.", **kwargs)


def test_a_letter_is_not_overdue_on_its_due_day_and_is_overdue_the_next_day(
    clock, citizen, ministry, official
):
    """R-S-3: the deadline day itself still belongs to the body."""
    letter = _sent_letter(clock, citizen)
    deliver(letter)
    assert letter.due_on == DUE
    clock.set(_on(DUE))
    assert "marked=0" in _run()
    letter.refresh_from_db()
    assert letter.overdue_at is None
    assert "Complain to the superior body" not in _page(_person(citizen), letter)

    clock.set(_on(date(2027, 10, 7)))
    assert "marked=1" in _run()
    letter.refresh_from_db()
    assert letter.overdue_at == clock.moment
    page = _page(_person(citizen), letter)
    assert "overdue" in page and "The deadline passed without an answer" in page
    assert "Complain to the superior body" in page
    assert "officials were told by e-mail" in page
    told = InboxMessage.objects.get(user=citizen, kind="letter", reference=f"letter-overdue:{letter.pk}")
    assert letter.reference in told.subject_en and "overdue" in told.subject_en
    assert "ვადაგადაცილებულია" in told.subject_ka
    channels = channels_for(user=citizen, group=STATUS)
    assert channels, "the test citizen has confirmed contacts"
    assert sorted(
        Notification.objects.filter(user=citizen, template="correspondence.overdue").values_list(
            "channel", flat=True
        )
    ) == sorted(channels)
    to_desk = Notification.objects.get(template="correspondence.overdue_body")
    assert (to_desk.channel, to_desk.to, to_desk.user) == ("email", official.email, official)
    assert letter.reference in to_desk.subject


def test_a_day_off_added_after_sending_moves_the_deadline_before_the_job_judges_it(clock, citizen, ministry):
    """R-S-3: the job recomputes with today's calendar, not the cached date."""
    letter = _sent_letter(clock, citizen)
    DayOff.objects.create(day=DUE, name_ka="არჩევნების დღე", name_en="Election day")
    clock.set(_on(date(2027, 10, 7)))
    assert "marked=0" in _run()
    letter.refresh_from_db()
    assert (letter.overdue_at, letter.due_on) == (None, date(2027, 10, 7))
    clock.set(_on(date(2027, 10, 8)))
    assert "marked=1" in _run()


def test_a_letter_waiting_for_the_persons_clarification_does_not_turn_overdue(
    clock, citizen, ministry, official
):
    """R-S-3: the clock stops while the body waits for the person."""
    letter = _sent_letter(clock, citizen)
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    clock.travel(days=3)
    assert desk_letter_clarify(
        letter=desk, official=official, token="b" * 32, text_ka="რომელი ქუჩა?", text_en=""
    ).done
    clock.set(_on(date(2027, 12, 1)))
    assert "marked=0" in _run()
    letter.refresh_from_db()
    assert (letter.status, letter.overdue_at) == ("clarification_needed", None)
    assert not InboxMessage.objects.filter(reference=f"letter-overdue:{letter.pk}").exists()


def test_the_persons_clarification_has_no_deadline_of_its_own_and_waits_in_no_queue(
    clock, citizen, ministry, official
):
    """R-S-3: the clarification restarts the asked letter's clock; it is not a new request the
    body owes an answer to, so the job never calls it overdue and the desk lists only the letter
    it clarifies."""
    letter = _sent_letter(clock, citizen)
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    desk_letter_clarify(letter=desk, official=official, token="b" * 32, text_ka="რომელი ქუჩა?", text_en="")
    clock.travel(days=2)
    person = _person(citizen)
    page = person.get(f"/letters/{letter.pk}/").content.decode()
    reply = person.post(f"/letters/{letter.pk}/reply/", {"key": key_of(page), "clarify": "1"})
    clarification = Letter.objects.get(pk=reply.url.split("/")[2])
    person.post(reply.url, {"action": "send", "subject": "Re", "text": "ჭავჭავაძის გამზირი"})
    deliver(clarification)
    clarification.refresh_from_db()
    assert clarification.due_on is None
    assert [queued.letter.pk for queued in desk_letters_queue(agency=ministry.agency)] == [desk.pk]

    clock.set(_on(date(2027, 10, 9)))  # past the asked letter's deadline (6 October + 2 days)
    assert "marked=1" in _run()
    assert list(Letter.objects.exclude(overdue_at=None).values_list("pk", flat=True)) == [letter.pk]
    assert not InboxMessage.objects.filter(reference=f"letter-overdue:{clarification.pk}").exists()


def test_an_answered_letter_never_turns_overdue(clock, citizen, ministry, official):
    letter = _sent_letter(clock, citizen)
    desk = deliver(letter)
    desk_letter_take(letter=desk, official=official, token="a" * 32)
    desk_letter_answer(
        letter=desk, official=official, token="c" * 32, refused=False, text_ka="შეკეთდა", text_en=""
    )
    for day in (date(2027, 10, 7), date(2028, 3, 1)):
        clock.set(_on(day))
        assert "marked=0" in _run()
    letter.refresh_from_db()
    assert (letter.status, letter.overdue_at) == ("answered", None)
    assert not LetterEvent.objects.filter(kind=LetterEvent.Kind.OVERDUE).exists()


def test_the_daily_job_run_twice_marks_once_and_tells_once(clock, citizen, ministry, official):
    """Issue 5 §4: idempotent; the scheduled task and the command are the same job."""
    letter = _sent_letter(clock, citizen)
    clock.set(_on(date(2027, 10, 8)))
    job = registered_jobs()["correspondence.overdue"]
    assert job.every.days == 1
    assert job.task.call() == 1
    told = Notification.objects.count(), InboxMessage.objects.count()
    assert job.task.call() == 0
    assert "marked=0" in _run()
    clock.travel(days=5)
    assert "marked=0" in _run()
    assert (Notification.objects.count(), InboxMessage.objects.count()) == told
    assert LetterEvent.objects.filter(letter=letter, kind=LetterEvent.Kind.OVERDUE).count() == 1
    assert Notification.objects.filter(template="correspondence.overdue_body").count() == 1


def test_a_body_with_its_own_system_is_sent_one_reminder_through_the_exchange(clock, citizen, db):
    """Protocol §6.8: the mark and its `letter.reminder` are written together, once."""
    agency = agency_register(
        code="napr", name_ka="napr", name_en="napr", base_url="http://127.0.0.1:9", by=PORTAL
    )
    body_register(
        code="napr",
        name_ka="საჯარო რეესტრი",
        name_en="Public Registry",
        level="agency",
        agency=agency,
        by=PORTAL,
    )
    letter = _sent_letter(clock, citizen, body="napr")
    clock.set(_on(date(2027, 10, 7)))
    assert "marked=1" in _run()
    letter.refresh_from_db()
    assert letter.overdue_at == clock.moment
    [reminder] = OutboxMessage.objects.filter(kind="letter.reminder")
    assert (reminder.agency_code, reminder.reference) == ("napr", f"letter-reminder:{letter.pk}")
    assert reminder.subject_person == letter.personal_number
    assert reminder.body == {
        "letter": {
            "id": str(letter.pk),
            "reference": letter.reference,
            "agency_case": "",
            "due_on": "2027-10-06",
            "overdue_since": "2027-10-07",
        }
    }
    clock.travel(days=1)
    assert "marked=0" in _run()
    assert OutboxMessage.objects.filter(kind="letter.reminder").count() == 1
    page = _page(_person(citizen), letter)
    assert "The body was sent a reminder through the exchange" in page
    assert "through the portal only" not in page
    assert not Notification.objects.filter(template="correspondence.overdue_body").exists()
