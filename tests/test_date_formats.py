"""Dates and times read the same way on every page, in both languages: day, month name, year and a
24-hour clock (panjara.formats). Django's own Georgian format gave "02:30 p.m.", and a sentence
ending in it read "p.m.."."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

TBILISI = ZoneInfo("Asia/Tbilisi")


def _sentence(when: datetime, language: str) -> str:
    """A sentence ending in a date-time, as the pages write one."""
    with translation.override(language):
        return Template('Sent on {{ when|date:"DATETIME_FORMAT" }}.').render(Context({"when": when}))


@pytest.mark.parametrize(
    ("language", "afternoon", "morning"),
    [
        ("ka", "5 იანვარი 2026, 14:30", "5 იანვარი 2026, 09:05"),
        ("en", "5 January 2026, 14:30", "5 January 2026, 09:05"),
    ],
)
def test_a_date_time_reads_with_a_24_hour_clock_and_one_full_stop(language, afternoon, morning):
    assert _sentence(datetime(2026, 1, 5, 14, 30, tzinfo=TBILISI), language) == f"Sent on {afternoon}."
    assert _sentence(datetime(2026, 1, 5, 9, 5, tzinfo=TBILISI), language) == f"Sent on {morning}."


def test_a_georgian_date_has_no_weekday_and_a_short_date_is_numeric():
    day = datetime(2026, 11, 23, 18, 0, tzinfo=TBILISI)
    with translation.override("ka"):
        text = Template('{{ day|date:"DATE_FORMAT" }} / {{ day|date:"SHORT_DATETIME_FORMAT" }}').render(
            Context({"day": day})
        )
    assert text == "23 ნოემბერი 2026 / 23.11.2026 18:00"
