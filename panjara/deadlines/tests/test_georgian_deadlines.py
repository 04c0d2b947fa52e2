"""Deadlines on the real Georgian calendar, explained in the reader's language (R-S-3)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from panjara.deadlines.engine import Pause, Recorded, compute
from panjara.deadlines.explain import explanation
from panjara.deadlines.models import DayOff
from panjara.deadlines.rules import EXTENSIONS, LETTER, PERSONAL_DATA, PUBLIC_INFORMATION, rule_for
from panjara.deadlines.selectors import local_date, work_calendar


@pytest.mark.django_db
def test_ten_days_over_orthodox_easter_2026_end_after_the_holidays_and_say_so():
    # Registered Wednesday 1 April 2026; the body states the information must be searched for.
    start = date(2026, 4, 1)
    calendar = work_calendar(around=start)
    deadline = compute(
        start=start,
        rule=rule_for(PUBLIC_INFORMATION),
        calendar=calendar,
        extensions=[Recorded(EXTENSIONS["public_information.search"], start)],
    )
    # 1 + 10 calendar days = Saturday 11 April (Holy Saturday); 12 Easter, 13 Easter Monday: Tuesday 14.
    assert deadline.due == date(2026, 4, 14)
    with translation.override("en"):
        text = " ".join(explanation(deadline))
    assert "General Administrative Code, Article 40" in text
    assert "searched for" in text
    assert "next working day, 14 April 2026" in text
    with translation.override("ka"):
        georgian = " ".join(explanation(deadline))
    assert "ზოგადი ადმინისტრაციული კოდექსი" in georgian


@pytest.mark.django_db
def test_public_information_is_due_the_day_it_arrives_or_the_next_working_day():
    rule = rule_for(PUBLIC_INFORMATION)
    assert compute(
        start=date(2026, 11, 20), rule=rule, calendar=work_calendar(around=date(2026, 11, 20))
    ).due == (date(2026, 11, 20))
    # Saturday 21 November, then Monday 23 November is St George's Day (Giorgoba): Tuesday 24.
    saturday = date(2026, 11, 21)
    deadline = compute(start=saturday, rule=rule, calendar=work_calendar(around=saturday))
    assert deadline.due == date(2026, 11, 24)


@pytest.mark.django_db
def test_a_one_off_day_off_added_by_the_administrator_is_not_counted_and_named():
    start = date(2026, 10, 1)
    rule = rule_for(LETTER)  # one month: 1 November 2026 is a Sunday, so Monday 2 November
    assert compute(start=start, rule=rule, calendar=work_calendar(around=start)).due == date(2026, 11, 2)
    DayOff.objects.create(day=date(2026, 11, 2), name_ka="არჩევნების დღე", name_en="Election day")
    deadline = compute(start=start, rule=rule, calendar=work_calendar(around=start))
    assert deadline.due == date(2026, 11, 3)
    with translation.override("en"):
        assert any("Election day" in line for line in explanation(deadline))


@pytest.mark.django_db
def test_a_clarification_stops_the_clock_and_the_explanation_shows_it():
    start = date(2026, 6, 1)  # Monday
    calendar = work_calendar(around=start)
    rule = rule_for(PERSONAL_DATA)
    extension = [Recorded(EXTENSIONS["personal_data.search"], start)]
    plain = compute(start=start, rule=rule, calendar=calendar, extensions=extension)
    waiting = compute(
        start=start,
        rule=rule,
        calendar=calendar,
        extensions=extension,
        pauses=[Pause(asked=date(2026, 6, 3), answered=None)],
        today=date(2026, 6, 8),
    )
    assert waiting.paused and waiting.due > plain.due
    answered = compute(
        start=start,
        rule=rule,
        calendar=calendar,
        extensions=extension,
        pauses=[Pause(asked=date(2026, 6, 3), answered=date(2026, 6, 8))],
    )
    assert answered.due == date(2026, 6, 16)  # 11 June + 5 days waited
    with translation.override("en"):
        assert any("stood still from 3 June 2026 to 8 June 2026" in line for line in explanation(answered))


def test_the_registration_day_is_the_day_in_tbilisi():
    # 21:30 UTC on 20 November is 01:30 on 21 November in Tbilisi (UTC+4).
    assert local_date(datetime(2026, 11, 20, 21, 30, tzinfo=UTC)) == date(2026, 11, 21)
