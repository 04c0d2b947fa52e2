"""Reading the working calendar: Georgia's public holidays from the `holidays` library (it knows
the Orthodox Easter dates), plus the one-off days off the administrator added."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from .engine import WorkCalendar
from .models import DayOff

TBILISI = ZoneInfo("Asia/Tbilisi")
# Deadlines run at most a few months past their start; three years around it always suffice.
YEARS_AHEAD = 2


def local_date(moment: datetime) -> date:
    """The day in Tbilisi: a request sent at 23:30 in Tbilisi is registered that day, whatever
    the server's clock zone."""
    return moment.astimezone(TBILISI).date()


@lru_cache(maxsize=32)
def _public_holidays(year: int) -> dict[date, tuple[str, str]]:
    georgian = holidays.country_holidays("GE", years=year, language="ka")
    english = holidays.country_holidays("GE", years=year, language="en_US")
    return {day: (name, english.get(day, name)) for day, name in georgian.items()}


def work_calendar(*, around: date) -> WorkCalendar:
    years = range(around.year - 1, around.year + YEARS_AHEAD + 1)
    days_off: dict[date, tuple[str, str]] = {}
    for year in years:
        days_off.update(_public_holidays(year))
    for day_off in DayOff.objects.filter(day__year__in=list(years)):
        days_off[day_off.day] = (day_off.name_ka, day_off.name_en)
    return WorkCalendar(days_off=days_off)
