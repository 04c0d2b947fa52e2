"""The card filters write dates with their own month tables (Django's general formatter was a
fifth of the page's rendering); the text must stay exactly what Django's formatter writes."""

from datetime import UTC, date, datetime

import pytest
from django.utils import dateformat, timezone, translation

from panjara.personal.templatetags.personal_data import (
    DATE,
    DATETIME,
    MONTH,
    day,
    format_date,
    format_moment,
    moment,
    period,
)


@pytest.mark.parametrize("language", ["ka", "en"])
def test_dates_read_as_djangos_formatter_writes_them(language):
    with translation.override(language):
        for month in range(1, 13):
            when = datetime(2024, month, 7, 9, 5)
            assert format_date(when.date()) == dateformat.format(when.date(), DATE)
            assert format_moment(when) == dateformat.format(when, DATETIME)
            assert period(f"2024-{month:02d}") == dateformat.format(when.date(), MONTH)
        assert format_date(date(812, 1, 31)) == dateformat.format(date(812, 1, 31), DATE)


def test_each_language_gets_its_own_month_names():
    with translation.override("en"):
        english = day("1984-05-17")
    with translation.override("ka"):
        georgian = day("1984-05-17")
    assert "May" in english
    assert georgian != english and "May" not in georgian


def test_a_moment_is_shown_in_tbilisi_time():
    when = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
    with translation.override("en"):
        text = moment(when)
        expected = dateformat.format(timezone.localtime(when), DATETIME)
    assert text.endswith(f">{expected}</time>")
    assert "2 March 2026, 00:30" in text  # UTC+4


def test_a_cards_link_is_its_services_page():
    from django.urls import reverse

    from panjara.personal.cards import Card, CardState

    card = Card(code="mia.fines", name="", agency_name="", area="", template="", state=CardState.FRESH)
    assert card.url == reverse("personal:service", args=["mia.fines"]) == "/me/data/mia.fines/"


def test_the_same_instant_keeps_the_offset_it_came_with():
    from datetime import timedelta
    from datetime import timezone as tz

    utc = datetime(2026, 3, 1, 20, 30, tzinfo=UTC)
    tbilisi = utc.astimezone(tz(timedelta(hours=4)))
    assert utc == tbilisi
    assert 'datetime="2026-03-01T20:30:00+00:00"' in moment(utc)
    assert 'datetime="2026-03-02T00:30:00+04:00"' in moment(tbilisi)
