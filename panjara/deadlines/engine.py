"""Computing a deadline and how it was computed (R-S-3). Pure: dates in, a date and its steps out,
so it can be checked over any start, calendar and pause (tests/test_deadline_properties.py).

How the law counts, as implemented:
- the term runs from the day after the registration day;
- in working days, Saturdays, Sundays, public holidays and one-off days off do not count;
- in calendar days every day counts, but a term never ends on a day off: it ends on the next
  working day;
- months end on the same day of the month (or the month's last day: 31 January + 1 month is
  28 or 29 February), then as calendar days;
- while the body waits for the person's clarification the clock stops: the days after the
  question up to and including the answer's day do not count, whatever the unit;
- an extension either sets another term from the registration day (a ground the body states) or
  adds a term after the deadline as it stood.
"""

from __future__ import annotations

import calendar as months
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from .rules import Extension, Mode, Rule, Term, Unit

DAY = timedelta(days=1)
SATURDAY, SUNDAY = 5, 6


@dataclass(frozen=True)
class WorkCalendar:
    """Days off by date, with their names (ka, en); weekends are off without being listed."""

    days_off: Mapping[date, tuple[str, str]] = field(default_factory=dict)
    weekend: frozenset[int] = frozenset({SATURDAY, SUNDAY})

    def is_working(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.days_off


@dataclass(frozen=True)
class Pause:
    """The body asked for a clarification on `asked`; the person answered on `answered` (None:
    not yet)."""

    asked: date
    answered: date | None = None

    def holds(self, day: date, *, today: date) -> bool:
        end = self.answered if self.answered is not None else today
        return self.asked < day <= end


@dataclass(frozen=True)
class Recorded:
    extension: Extension
    on: date


@dataclass(frozen=True, kw_only=True)
class Step:
    """One line of the explanation. `kind` says which: start, holiday, weekends, pause, extension,
    rolled, due."""

    kind: str
    day: date | None = None
    until: date | None = None
    count: int = 0
    names: tuple[str, str] | None = None
    term: Term | None = None
    basis: tuple[str, str] | None = None
    ground: tuple[str, str] | None = None


@dataclass(frozen=True, kw_only=True)
class Deadline:
    due: date
    steps: tuple[Step, ...]
    paused: bool  # a clarification is still awaited: the date moves on each day until answered


def add_months(day: date, count: int) -> date:
    month_index = day.month - 1 + count
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, months.monthrange(year, month)[1]))


class _Walk:
    """Counts days forward, noting what it skipped, so the explanation is the computation."""

    def __init__(self, *, calendar: WorkCalendar, pauses: tuple[Pause, ...], today: date) -> None:
        self.calendar = calendar
        self.pauses = pauses
        self.today = today
        self.holidays: dict[date, tuple[str, str]] = {}
        self.weekend_days: set[date] = set()
        self.paused_days: set[date] = set()

    def _paused(self, day: date) -> bool:
        return any(pause.holds(day, today=self.today) for pause in self.pauses)

    def count(self, *, start: date, amount: int, working: bool) -> date:
        day, counted = start, 0
        while counted < amount:
            day += DAY
            if self._paused(day):
                self.paused_days.add(day)
                continue
            if working and not self.calendar.is_working(day):
                self._note_off(day)
                continue
            counted += 1
        return day

    def _note_off(self, day: date) -> None:
        if day in self.calendar.days_off:
            self.holidays[day] = self.calendar.days_off[day]
        else:
            self.weekend_days.add(day)

    def run(self, *, start: date, term: Term) -> date:
        if term.unit is Unit.WORKING_DAYS:
            return self.count(start=start, amount=term.amount, working=True)
        amount = term.amount
        if term.unit is Unit.MONTHS:
            amount = (add_months(start, term.amount) - start).days
        return self.count(start=start, amount=amount, working=False)

    def roll(self, day: date) -> date:
        """A term never ends on a day off, nor on a day the clock stands still."""
        while not self.calendar.is_working(day) or self._paused(day):
            if self._paused(day):
                self.paused_days.add(day)
            else:
                self._note_off(day)
            day += DAY
        return day


def compute(
    *,
    start: date,
    rule: Rule,
    calendar: WorkCalendar,
    pauses: Iterable[Pause] = (),
    extensions: Iterable[Recorded] = (),
    today: date | None = None,
) -> Deadline:
    """The deadline of a request registered on `start` (the Tbilisi date)."""
    pauses = tuple(sorted(pauses, key=lambda pause: pause.asked))
    today = today or start
    walk = _Walk(calendar=calendar, pauses=pauses, today=today)
    steps = [Step(kind="start", day=start, term=rule.term, basis=rule.basis)]
    due = walk.run(start=start, term=rule.term)
    for recorded in sorted(extensions, key=lambda item: item.on):
        extension = recorded.extension
        if extension.mode is Mode.REPLACE:
            # A ground never shortens what the person was already promised.
            due = max(due, walk.run(start=start, term=extension.term))
        else:
            due = walk.run(start=due, term=extension.term)
        steps.append(
            Step(
                kind="extension",
                day=recorded.on,
                term=extension.term,
                basis=extension.basis,
                ground=extension.ground,
            )
        )
    last_counted = due
    due = walk.roll(due)
    steps.extend(_skipped(walk=walk, until=due))
    steps.extend(_pauses(pauses=pauses, today=today))
    if due != last_counted:
        steps.append(Step(kind="rolled", day=last_counted, until=due))
    steps.append(Step(kind="due", day=due))
    waiting = any(pause.answered is None for pause in pauses)
    return Deadline(due=due, steps=tuple(steps), paused=waiting)


def _skipped(*, walk: _Walk, until: date) -> list[Step]:
    steps = [
        Step(kind="holiday", day=day, names=names)
        for day, names in sorted(walk.holidays.items())
        if day <= until
    ]
    weekend = [day for day in walk.weekend_days if day <= until]
    if weekend:
        steps.append(Step(kind="weekends", day=min(weekend), until=max(weekend), count=len(weekend)))
    return steps


def _pauses(*, pauses: tuple[Pause, ...], today: date) -> list[Step]:
    return [
        Step(
            kind="pause",
            day=pause.asked,
            until=pause.answered,
            count=max(0, ((pause.answered or today) - pause.asked).days),
        )
        for pause in pauses
    ]
