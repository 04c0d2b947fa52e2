"""The public timeliness page of a body (issue 5 §5): requests by kind, median answer time, share
answered in time, extensions by ground, refusals by ground and requests overdue now, for a body
with its units, with no personal data and no count under 5.

Most letters here are ORM rows shaped as the services leave them (a sent letter's registration
day, cached due date, answer time, outcome and refusal ground; an `extended` status event with its
ground): twenty letters through the pages and the desk would take long and prove nothing more
about counting. One test sends its letters through the real pages, the outbox and the desk's
signed reports, to show the real path lands in the same columns."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.test import Client

from panjara.audit.services import PORTAL
from panjara.correspondence.models import Letter, LetterEvent, PublicBody
from panjara.correspondence.services import body_register
from panjara.desk.letters import desk_letter_answer, desk_letter_take

from .conftest import TBILISI, deliver, write

pytestmark = pytest.mark.django_db

TODAY = datetime(2027, 10, 15, 12, 0, tzinfo=TBILISI)
REGISTERED = date(2027, 9, 6)
RARE_GROUND = "უარი, რადგან ნინო კაპანაძემ ითხოვა"  # a ground worded so it names the person


@pytest.fixture
def unit(ministry):
    return body_register(
        code="moj-archive",
        name_ka="იუსტიციის სამინისტროს არქივი",
        name_en="Archive of the Ministry of Justice",
        level=PublicBody.Level.UNIT,
        parent=ministry,
        unit_code="archive",
        by=PORTAL,
    )


def _letter(citizen, body, *, kind="letter", status="sent", registered=REGISTERED, **fields) -> Letter:
    number = uuid.uuid4().hex[:10].upper()
    at = datetime.combine(registered, datetime.min.time(), tzinfo=TBILISI) + timedelta(hours=10)
    return Letter.objects.create(
        user=citizen,
        personal_number=citizen.person.personal_number,
        body=body,
        kind=kind,
        status=status,
        reference=f"LT-{number}",
        subject=f"საგანი {number}",
        text=f"ტექსტი {number}",
        submitted_at=at,
        registered_on=registered,
        **fields,
    )


def _answered(citizen, body, *, days: int, due: date, refused_on: str = "", **fields) -> Letter:
    answered_at = datetime.combine(REGISTERED + timedelta(days=days), datetime.min.time(), tzinfo=TBILISI)
    return _letter(
        citizen,
        body,
        status="refused" if refused_on else "answered",
        outcome="refused" if refused_on else "answered",
        answered_at=answered_at + timedelta(hours=15),
        due_on=due,
        refusal_ground_ka=refused_on,
        refusal_ground_en=refused_on,
        **fields,
    )


@pytest.fixture
def history(citizen, ministry, unit, clock):
    """19 requests registered on 6 September 2027 (and some that do not count), seen on 15 October."""
    clock.set(TODAY)
    letters = [_answered(citizen, unit, days=10, due=date(2027, 10, 6)) for _ in range(6)]
    for _ in range(5):
        late = _answered(
            citizen,
            ministry,
            kind="public_information",
            days=14,
            due=date(2027, 9, 16),
            refused_on="ზოგადი ადმინისტრაციული კოდექსი, მუხლი 28",
        )
        LetterEvent.objects.create(
            letter=late,
            kind=LetterEvent.Kind.STATUS,
            status=Letter.Status.EXTENDED,
            extension="public_information.search",
            at=TODAY - timedelta(days=35),
        )
        letters.append(late)
    letters += [
        _answered(
            citizen,
            ministry,
            kind="public_information",
            days=14,
            due=date(2027, 9, 16),
            refused_on=RARE_GROUND,
        )
        for _ in range(2)
    ]
    letters += [_letter(citizen, unit, status="in_progress", due_on=date(2027, 10, 6)) for _ in range(5)]
    letters.append(
        _letter(citizen, ministry, status="clarification_needed", due_on=date(2027, 9, 7), paused=True)
    )
    # Not requests of this period: a draft, a letter of 2026, a clarification of another letter.
    letters.append(_letter(citizen, ministry, status="draft"))
    letters.append(_letter(citizen, ministry, registered=date(2026, 3, 2), due_on=date(2026, 4, 2)))
    letters.append(_letter(citizen, ministry, clarifies=letters[-3]))
    return letters


def _page(path: str, language: str = "en") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def _cell(page: str, row: str) -> str:
    found = re.search(rf'<th scope="row">{re.escape(row)}</th><td>([^<]*)</td>', page)
    assert found, f"no row {row!r}"
    return found.group(1).strip()


def test_the_page_counts_requests_answers_extensions_refusals_and_overdue_ones_for_a_body_with_its_units(
    history,
):
    """R-S-3, R-S-4: the public sees how the body (with its archive unit) answers, without signing in."""
    page = _page("/bodies/moj/timeliness/")
    assert _cell(page, "All requests") == "19"
    assert _cell(page, "Letter") == "12"
    assert _cell(page, "Public information request") == "7"
    assert _cell(page, "Request for your own personal data") == "fewer than 5"
    assert _cell(page, "Answered or refused") == "13"
    # Six answers after 10 days, seven after 14: the middle one of thirteen took 14 days.
    assert _cell(page, "Median answer time, in days") == "14"
    assert _cell(page, "Answered within the deadline") == "46%"
    # The five in progress past 6 October, and the letter of 2026 never answered: overdue now
    # whatever the period; the paused one is not.
    assert _cell(page, "Overdue today (all open requests)") == "6"
    assert _cell(page, "All extensions") == "5"
    assert (
        _cell(
            page,
            "the information must be searched for or retrieved from another unit or institution "
            "(General Administrative Code, Article 40)",
        )
        == "5"
    )
    assert _cell(page, "All refusals") == "7"
    assert _cell(page, "ზოგადი ადმინისტრაციული კოდექსი, მუხლი 28") == "5"
    assert _cell(page, "Grounds named in fewer than 5 refusals each") == "fewer than 5"


def test_the_unit_alone_shows_only_its_own_requests_and_a_year_can_be_chosen(history):
    unit_page = _page("/bodies/moj-archive/timeliness/")
    assert _cell(unit_page, "All requests") == "11"
    assert _cell(unit_page, "Answered within the deadline") == "100%"
    year_2026 = _page("/bodies/moj/timeliness/?period=2026")
    assert "Year 2026" in year_2026
    assert _cell(year_2026, "All requests") == "fewer than 5"
    assert _cell(year_2026, "Median answer time, in days") == "not shown: fewer than 5 answers"


def test_the_page_shows_no_names_personal_numbers_subjects_texts_or_rare_refusal_grounds(history, citizen):
    """R-S-4: only totals are public; a refusal ground used by fewer than 5 refusals is not named."""
    for language in ("en", "ka"):
        page = _page("/bodies/moj/timeliness/", language)
        assert citizen.person.personal_number not in page
        for name in (citizen.full_name, citizen.email, RARE_GROUND):
            assert name and name not in page
        for letter in history:
            assert letter.subject not in page and letter.text not in page and letter.reference not in page
    assert "ნაკლები 5-ზე" in _page("/bodies/moj/timeliness/", "ka")


def test_a_body_with_few_requests_shows_fewer_than_5_instead_of_numbers(citizen, ministry, clock):
    clock.set(TODAY)
    _answered(citizen, ministry, days=3, due=date(2027, 10, 6))
    _answered(citizen, ministry, days=40, due=date(2027, 10, 6), refused_on=RARE_GROUND)
    page = _page("/bodies/moj/timeliness/")
    for row in ("All requests", "Letter", "Answered or refused", "All refusals"):
        assert _cell(page, row) == "fewer than 5"
    assert _cell(page, "Answered within the deadline") == "not shown: fewer than 5 answers"
    assert RARE_GROUND not in page


def test_letters_sent_to_a_unit_and_answered_at_the_desk_count_toward_its_ministry(
    citizen_client, ministry, unit, official
):
    """R-S-4: five letters to the archive unit, through the pages, the outbox and the desk's
    signed answers, appear on the ministry's page and in the directory's summary."""
    for index in range(5):
        letter = write(citizen_client, body="moj-archive", subject=f"საქმე {index}", text="გთხოვთ, მიპასუხოთ")
        desk = deliver(letter)
        assert desk.unit == "archive"
        assert desk_letter_take(letter=desk, official=official, token=f"{index:032x}").done
        token = f"{index + 100:032x}"
        answer = desk_letter_answer(
            letter=desk, official=official, token=token, refused=False, text_ka="პასუხი", text_en="Answer"
        )
        assert answer.done
    page = _page("/bodies/moj/timeliness/")
    assert _cell(page, "All requests") == "5"
    assert _cell(page, "Answered within the deadline") == "100%"
    assert _cell(page, "Median answer time, in days") == "0"
    directory = _page("/bodies/")
    assert "5 requests in 12 months, 100% answered in time" in directory
    assert 'href="/bodies/moj/timeliness/"' in _page("/bodies/moj/")
