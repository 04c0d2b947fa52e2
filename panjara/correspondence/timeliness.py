"""Public timeliness statistics of a public body (issue 5 §5, R-S-3, R-S-4): how many requests it
received, how fast and how often in time it answered, the extensions it used and the grounds of
its refusals, and how many requests are overdue now. A body counts together with its units.

Only aggregates leave this module, each computed by the database (a handful of grouped queries,
never a loop over letters). Every count below SMALL is shown as "fewer than 5": a small count of
requests to one body in one period, put beside what people know about their own letters, can
point at a person (a refusal ground used once is one person's refusal), so a number is shown only
where at least five requests stand behind it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, Q, QuerySet
from django.db.models.functions import TruncDate

from panjara.core import clock
from panjara.deadlines.rules import EXTENSIONS
from panjara.deadlines.selectors import TBILISI, local_date

from .models import KIND_CHOICES, Letter, LetterEvent, PublicBody

SMALL = 5
_CLOSED = ("answered", "refused")


@dataclass(frozen=True)
class Figure:
    """A count as the public page may show it: `hidden` when fewer than SMALL requests."""

    value: int

    @property
    def hidden(self) -> bool:
        return self.value < SMALL


@dataclass(frozen=True, kw_only=True)
class Period:
    start: date
    end: date
    year: int | None  # None: the twelve months up to `end`


def period_of(*, year: int | None, today: date) -> Period:
    if year is not None:
        return Period(start=date(year, 1, 1), end=min(date(year, 12, 31), today), year=year)
    # 29 February has no twin a year before; the 28th is the same twelve months.
    year_ago = today.replace(
        year=today.year - 1, day=28 if (today.month, today.day) == (2, 29) else today.day
    )
    return Period(start=year_ago + timedelta(days=1), end=today, year=None)


@dataclass(frozen=True, kw_only=True)
class Timeliness:
    period: Period
    received: Figure
    by_kind: list[tuple[str, Figure]]
    closed: Figure  # answered or refused
    median_days: float | None  # None when fewer than SMALL closed
    in_time: Figure
    in_time_percent: int | None  # None when fewer than SMALL closed
    extensions: Figure
    extensions_by_ground: list[tuple[str, Figure]]
    refused: Figure
    # Grounds used at least SMALL times, by name; the others only as one total, unnamed: a
    # ground's own words, used once, could say whose request it was.
    refusals_by_ground: list[tuple[str, Figure]]
    refusals_other: Figure
    overdue: Figure


def body_with_units(body: PublicBody) -> list[int]:
    """The body's id and those of every body under it (the directory is small: one query)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in PublicBody.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [body.pk]
    while todo:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children.get(pk, []))
    return found


def _requests(bodies: list[int] | None) -> QuerySet[Letter]:
    """Sent requests (of these bodies, or of all), with the Tbilisi day each was answered."""
    letters = Letter.objects.all() if bodies is None else Letter.objects.filter(body_id__in=bodies)
    # A clarification is the person's answer inside another request, not a request of its own.
    return (
        letters.filter(clarifies__isnull=True, registered_on__isnull=False)
        .exclude(status=Letter.Status.DRAFT)
        .annotate(answered_on=TruncDate("answered_at", tzinfo=TBILISI))
    )


def _median(histogram: list[tuple[timedelta, int]]) -> float | None:
    """The median of the days in a (days, how many) histogram sorted by days."""
    total = sum(n for _days, n in histogram)
    if total == 0:
        return None
    wanted = [(total - 1) // 2, total // 2]
    values, seen = [], 0
    for days, n in histogram:
        values += [days.days for position in wanted if seen <= position < seen + n]
        seen += n
    return sum(values) / len(values)


def _grouped(rows: QuerySet, key: str) -> dict[str, int]:
    return {row[key]: row["n"] for row in rows.values(key).annotate(n=Count("pk")).order_by()}


def body_timeliness(*, body: PublicBody, period: Period, today: date, language: str) -> Timeliness:
    bodies = body_with_units(body)
    requests = _requests(bodies).filter(registered_on__range=(period.start, period.end))
    kinds = _grouped(requests, "kind")
    closed = requests.filter(outcome__in=_CLOSED, answered_at__isnull=False)
    totals = closed.aggregate(
        n=Count("pk"),
        in_time=Count("pk", filter=Q(answered_on__lte=F("due_on"))),
        refused=Count("pk", filter=Q(outcome="refused")),
    )
    histogram = [
        (row["days"], row["n"])
        for row in closed.annotate(
            days=ExpressionWrapper(F("answered_on") - F("registered_on"), output_field=DurationField())
        )
        .values("days")
        .annotate(n=Count("pk"))
        .order_by("days")
    ]
    extensions = _grouped(
        LetterEvent.objects.filter(
            letter__in=requests, kind=LetterEvent.Kind.STATUS, status=Letter.Status.EXTENDED
        ).exclude(extension=""),
        "extension",
    )
    ground_field = "refusal_ground_en" if language.startswith("en") else "refusal_ground_ka"
    grounds = _grouped(closed.filter(outcome="refused"), ground_field)
    named = sorted(((g.strip(), n) for g, n in grounds.items() if n >= SMALL), key=lambda x: (-x[1], x[0]))
    overdue = (
        _requests(bodies).exclude(status__in=Letter.CLOSED).filter(paused=False, due_on__lt=today).count()
    )
    enough = totals["n"] >= SMALL
    return Timeliness(
        period=period,
        received=Figure(sum(kinds.values())),
        by_kind=[(str(label), Figure(kinds.get(kind, 0))) for kind, label in KIND_CHOICES],
        closed=Figure(totals["n"]),
        median_days=_median(histogram) if enough else None,
        in_time=Figure(totals["in_time"]),
        in_time_percent=round(100 * totals["in_time"] / totals["n"]) if enough else None,
        extensions=Figure(sum(extensions.values())),
        extensions_by_ground=[
            (_ground_label(code, language), Figure(n)) for code, n in sorted(extensions.items())
        ],
        refused=Figure(totals["refused"]),
        refusals_by_ground=[(ground, Figure(n)) for ground, n in named],
        refusals_other=Figure(sum(n for n in grounds.values() if n < SMALL)),
        overdue=Figure(overdue),
    )


def _ground_label(code: str, language: str) -> str:
    extension = EXTENSIONS.get(code)
    if extension is None:
        return code
    english = language.startswith("en")
    return f"{extension.ground[1] if english else extension.ground[0]} ({extension.basis[1] if english else extension.basis[0]})"


def years_with_requests(*, body: PublicBody, today: date) -> list[int]:
    """The years a person can choose: from the body's first request to this year, newest first."""
    first = _requests(body_with_units(body)).aggregate(first=Min("registered_on"))["first"]
    return list(range(today.year, (first.year if first else today.year) - 1, -1))


@dataclass(frozen=True, kw_only=True)
class Summary:
    received: Figure
    in_time_percent: int | None


def timeliness_summaries(*, today: date) -> dict[int, Summary]:
    """For the directory: each body's (with its units) requests of the last twelve months and
    the share answered in time, from one grouped query."""
    period = period_of(year=None, today=today)
    per_body = {
        row["body_id"]: row
        for row in _requests(None)
        .filter(registered_on__range=(period.start, period.end))
        .values("body_id")
        .annotate(
            n=Count("pk"),
            closed=Count("pk", filter=Q(outcome__in=_CLOSED, answered_at__isnull=False)),
            in_time=Count(
                "pk", filter=Q(outcome__in=_CLOSED, answered_at__isnull=False, answered_on__lte=F("due_on"))
            ),
        )
        .order_by()
    }
    parents = dict(PublicBody.objects.values_list("pk", "parent_id"))
    sums: dict[int, list[int]] = {pk: [0, 0, 0] for pk in parents}
    for body_id, row in per_body.items():
        node = body_id
        while node is not None:  # a unit's requests count toward every body above it
            for index, key in enumerate(("n", "closed", "in_time")):
                sums[node][index] += row[key]
            node = parents.get(node)
    return {
        pk: Summary(
            received=Figure(n),
            in_time_percent=round(100 * in_time / closed) if closed >= SMALL else None,
        )
        for pk, (n, closed, in_time) in sums.items()
    }


def summaries_attach(tree: list) -> None:
    """Give every body of the directory's tree (selectors.bodies_tree) its `timeliness` Summary."""
    summaries = timeliness_summaries(today=local_date(clock.now()))
    for top, middles in tree:
        for body in (top, *(m for m, _units in middles), *(u for _m, units in middles for u in units)):
            body.timeliness = summaries.get(body.pk)
