"""Reads of the correspondence app: the directory of bodies and its search, the person's letters
(scoped to them: another person's letter is not found, 404), threads, and each letter's deadline
as the deadline engine computes it from the letter's history (R-S-3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import or_

from django.db.models import Q
from django.http import Http404

from panjara.catalog.search import query_terms
from panjara.core import clock
from panjara.deadlines.engine import Deadline, Pause, Recorded, compute
from panjara.deadlines.rules import EXTENSIONS, extensions_for, rule_for
from panjara.deadlines.selectors import local_date, work_calendar
from panjara.exchange.models import Agency

from .models import Letter, LetterEvent, PublicBody


def bodies_tree() -> list[tuple[PublicBody, list[tuple[PublicBody, list[PublicBody]]]]]:
    """Active bodies as ministries (or bodies with no parent) → their agencies → units."""
    bodies = list(PublicBody.objects.filter(is_active=True).order_by("name_en"))
    children: dict[int | None, list[PublicBody]] = {}
    for body in bodies:
        children.setdefault(body.parent_id, []).append(body)
    return [
        (top, [(middle, children.get(middle.pk, [])) for middle in children.get(top.pk, [])])
        for top in children.get(None, [])
    ]


def bodies_search(*, query: str) -> list[PublicBody]:
    """Bodies whose names match every word typed, in Georgian, English or Georgian in Latin
    letters (catalog.search folds all three into one skeleton)."""
    terms = query_terms(query)
    if not terms:
        return []
    matches = PublicBody.objects.filter(is_active=True)
    for stems in terms:
        matches = matches.filter(reduce(or_, (Q(search_text__contains=f" {stem}") for stem in sorted(stems))))
    return list(matches.select_related("parent").order_by("name_en"))


def body_of(*, code: str) -> PublicBody:
    try:
        return PublicBody.objects.select_related("parent", "agency").get(code=code, is_active=True)
    except PublicBody.DoesNotExist as missing:
        raise Http404 from missing


def body_route(body: PublicBody) -> tuple[Agency | None, str]:
    """The exchange agency that receives the body's letters, and the unit code to name in them
    ("" for the agency's own letters)."""
    node, unit = body, body.unit_code
    while node is not None and node.agency_id is None:
        node = node.parent
    if node is None:
        return None, ""
    return node.agency, unit if node.pk != body.pk else ""


def bodies_writable() -> list[PublicBody]:
    """Bodies a person can choose in the compose form: active and reachable through an agency."""
    return [b for b in PublicBody.objects.filter(is_active=True).order_by("name_en") if body_route(b)[0]]


def letters_of(*, user) -> dict[str, list[Letter]]:
    rows = list(Letter.objects.filter(user=user).select_related("body"))
    drafts = [letter for letter in rows if letter.is_draft]
    sent = sorted(
        (letter for letter in rows if not letter.is_draft), key=lambda x: x.submitted_at, reverse=True
    )
    return {"drafts": drafts, "sent": sent}


def letter_of(*, user, letter_id) -> Letter:
    try:
        return Letter.objects.select_related("body", "clarifies").get(pk=letter_id, user=user)
    except (Letter.DoesNotExist, ValueError) as missing:
        raise Http404 from missing


def thread_of(*, letter: Letter) -> list[Letter]:
    """The sent letters of the letter's thread, oldest first (the person's own only)."""
    return list(
        Letter.objects.filter(user=letter.user, thread=letter.thread)
        .exclude(status=Letter.Status.DRAFT)
        .select_related("body")
        .order_by("submitted_at")
    )


def clarification_open(*, letter: Letter) -> LetterEvent | None:
    """The body's request for clarification the person has not answered yet, or None."""
    if letter.status != Letter.Status.CLARIFICATION_NEEDED:
        return None
    return letter.events.filter(
        kind=LetterEvent.Kind.STATUS, status=Letter.Status.CLARIFICATION_NEEDED
    ).last()


@dataclass(frozen=True, kw_only=True)
class Timeline:
    """What the deadline engine needs about one request, from whoever's records."""

    kind: str
    registered_on: date
    pauses: tuple[Pause, ...]
    extensions: tuple[Recorded, ...]


def request_deadline(timeline: Timeline, *, today: date | None = None) -> Deadline:
    """The deadline of one request: the rule of its kind, Georgia's working calendar, the pauses
    and extensions recorded. The desk computes its own letters' deadlines with this too."""
    return compute(
        start=timeline.registered_on,
        rule=rule_for(timeline.kind),
        calendar=work_calendar(around=timeline.registered_on),
        pauses=timeline.pauses,
        extensions=timeline.extensions,
        today=today or local_date(clock.now()),
    )


def pauses_between(asked: Iterable[date], answered: Iterable[date]) -> tuple[Pause, ...]:
    """Pair each clarification request with the first answer on or after it."""
    answers = sorted(answered)
    pauses = []
    for day in sorted(asked):
        reply = next((a for a in answers if a >= day), None)
        if reply is not None:
            answers.remove(reply)
        pauses.append(Pause(asked=day, answered=reply))
    return tuple(pauses)


def letter_timeline(letter: Letter) -> Timeline | None:
    # An answer to the body's request for clarification is part of the letter it clarifies: it
    # restarts that letter's clock and has no deadline of its own (nor can it turn overdue).
    if letter.registered_on is None or letter.clarifies_id is not None:
        return None
    events = list(letter.events.filter(kind=LetterEvent.Kind.STATUS))
    asked = [local_date(e.at) for e in events if e.status == Letter.Status.CLARIFICATION_NEEDED]
    answered = [
        local_date(at)
        for at in Letter.objects.filter(clarifies=letter)
        .exclude(submitted_at=None)
        .values_list("submitted_at", flat=True)
    ]
    extensions = tuple(
        Recorded(extension=EXTENSIONS[e.extension], on=local_date(e.at))
        for e in events
        if e.extension in EXTENSIONS
    )
    return Timeline(
        kind=letter.kind,
        registered_on=letter.registered_on,
        pauses=pauses_between(asked, answered),
        extensions=extensions,
    )


def letter_deadline(letter: Letter, *, today: date | None = None) -> Deadline | None:
    timeline = letter_timeline(letter)
    return request_deadline(timeline, today=today) if timeline is not None else None


def extension_valid(*, kind: str, code: str) -> bool:
    return any(extension.code == code for extension in extensions_for(kind))
