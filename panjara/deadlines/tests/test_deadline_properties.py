"""Properties of the deadline engine over random starts, holiday sets, pauses and month ends
(issue 5 "Done when"; R-S-3). Each property is something a person relies on: the last day is a
day the body works, waiting for their clarification never costs them time, an extension never
takes time away."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from panjara.deadlines.engine import Pause, Recorded, WorkCalendar, add_months, compute
from panjara.deadlines.rules import EXTENSIONS, RULES, Rule, Term, Unit

DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
HOLIDAYS = st.sets(DAYS, max_size=60).map(
    lambda days: WorkCalendar(days_off={d: ("დღე", "day") for d in days})
)
TERMS = st.builds(
    lambda amount, unit: Term(amount=amount, unit=unit),
    st.integers(min_value=0, max_value=40),
    st.sampled_from(list(Unit)),
).filter(lambda term: term.unit is not Unit.MONTHS or term.amount <= 12)
RULE = TERMS.map(lambda term: Rule(code="test", kind="letter", term=term, basis=("ka", "en")))


@st.composite
def pauses(draw, start: date):
    result = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        asked = start + timedelta(days=draw(st.integers(min_value=0, max_value=60)))
        length = draw(st.none() | st.integers(min_value=0, max_value=30))
        result.append(Pause(asked=asked, answered=None if length is None else asked + timedelta(days=length)))
    return result


@settings(max_examples=300, deadline=None)
@given(start=DAYS, rule=RULE, calendar=HOLIDAYS, data=st.data())
def test_a_deadline_never_falls_on_a_day_off_nor_before_the_request(start, rule, calendar, data):
    chosen = data.draw(pauses(start))
    deadline = compute(
        start=start, rule=rule, calendar=calendar, pauses=chosen, today=start + timedelta(days=90)
    )
    assert calendar.is_working(deadline.due)
    assert deadline.due >= start
    assert deadline.steps[-1].kind == "due" and deadline.steps[-1].day == deadline.due


@settings(max_examples=300, deadline=None)
@given(start=DAYS, amount=st.integers(min_value=1, max_value=40), calendar=HOLIDAYS)
def test_a_term_in_working_days_counts_exactly_that_many_working_days(start, amount, calendar):
    rule = Rule(code="t", kind="letter", term=Term(amount=amount, unit=Unit.WORKING_DAYS), basis=("ka", "en"))
    due = compute(start=start, rule=rule, calendar=calendar).due
    counted = sum(calendar.is_working(start + timedelta(days=n)) for n in range(1, (due - start).days + 1))
    assert counted == amount


@settings(max_examples=300, deadline=None)
@given(start=DAYS, rule=RULE, calendar=HOLIDAYS, data=st.data())
def test_pausing_and_resuming_never_shortens_a_deadline(start, rule, calendar, data):
    earlier = data.draw(pauses(start))
    more = data.draw(pauses(start))
    today = start + timedelta(days=120)
    without = compute(start=start, rule=rule, calendar=calendar, pauses=earlier, today=today).due
    with_more = compute(start=start, rule=rule, calendar=calendar, pauses=earlier + more, today=today).due
    assert with_more >= without


@settings(max_examples=200, deadline=None)
@given(start=DAYS, answered_after=st.integers(min_value=0, max_value=20))
def test_an_answered_clarification_moves_a_calendar_day_deadline_by_exactly_the_days_waited(
    start, answered_after
):
    # Without days off, nothing else can move the date: the shift is the waiting and only that.
    every_day = WorkCalendar(weekend=frozenset())
    rule = Rule(code="t", kind="letter", term=Term(amount=10, unit=Unit.CALENDAR_DAYS), basis=("ka", "en"))
    asked = start + timedelta(days=2)
    pause = Pause(asked=asked, answered=asked + timedelta(days=answered_after))
    plain = compute(start=start, rule=rule, calendar=every_day).due
    paused = compute(start=start, rule=rule, calendar=every_day, pauses=[pause]).due
    assert (paused - plain).days == answered_after


@settings(max_examples=300, deadline=None)
@given(start=DAYS, calendar=HOLIDAYS, kind=st.sampled_from(list(RULES)), data=st.data())
def test_an_extension_never_takes_time_away(start, calendar, kind, data):
    rule = RULES[kind]
    extension = data.draw(st.sampled_from([e for e in EXTENSIONS.values() if e.kind == kind]))
    on = start + timedelta(days=data.draw(st.integers(min_value=0, max_value=9)))
    before = compute(start=start, rule=rule, calendar=calendar).due
    after = compute(start=start, rule=rule, calendar=calendar, extensions=[Recorded(extension, on)]).due
    assert after >= before


@given(day=DAYS, count=st.integers(min_value=0, max_value=36))
def test_months_end_on_the_same_day_or_the_last_day_of_a_shorter_month(day, count):
    result = add_months(day, count)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == count
    if result.day != day.day:
        assume(day.day > 28)
        assert (result + timedelta(days=1)).month != result.month  # clipped to the month's end
        assert result.day < day.day
