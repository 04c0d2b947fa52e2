"""Writes of the personal page: asking the agencies for the person's cards, keeping what they
signed for a short time (R-C-5), and deleting it when the person asks."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import transaction
from django.utils.translation import get_language

from panjara.audit.services import audit_record
from panjara.catalog.models import Service
from panjara.exchange.client import AgencyTarget, Outcome, Request
from panjara.exchange.models import Agency, StoredAnswer
from panjara.exchange.selectors import exchange_targets
from panjara.exchange.services import answers_store, exchange_ask
from panjara.identity.models import ASSURANCE_ORDER, User
from panjara.identity.services.accounts import person_actor
from panjara_protocol import Party
from panjara_protocol.kinds import QUERY

from .cards import PURPOSE, Card, CardState, answer_body, area_of, template_for
from .selectors import kept_body, kept_latest, subject_of

DEFAULT_KEEP_SECONDS = 15 * 60
T = TypeVar("T")


def keep_for() -> timedelta:
    """How long the page keeps an agency's answer to show it when the agency is slow or down
    (R-C-5: only as long as that purpose needs). The purge job deletes it after that."""
    return timedelta(seconds=int(getattr(settings, "PERSONAL_PAGE_KEEP_SECONDS", DEFAULT_KEEP_SECONDS)))


def assurance_allows(*, session: str, service: str) -> bool:
    """A service asks for a minimum way in (R-P-3); a session opened with less does not see it."""
    return ASSURANCE_ORDER.get(session, -1) >= ASSURANCE_ORDER.get(service, 0)


def agency_name(agency: Agency) -> str:
    return agency.name_en if get_language() == "en" else agency.name_ka


def cards_requests(*, user: User, services: Sequence[Service], assurance: str) -> list[Request]:
    """One query per service the session's way in allows (the others become "needs assurance")."""
    subject = Party(kind="person", id=user.personal_number)
    # The person acts for themselves, so the request names only the subject (protocol §9).
    return [
        Request(agency=s.agency.code, kind=QUERY, service=s.code, purpose=PURPOSE, subject=subject)
        for s in services
        if assurance_allows(session=assurance, service=s.assurance)
    ]


def cards_targets(*, services: Sequence[Service]) -> dict[str, AgencyTarget]:
    """The agencies of these services and their keys: read by the view in its first trip to the
    database, so that asking them costs no trip of its own."""
    return exchange_targets(codes={service.agency.code for service in services})


async def cards_fetch(
    *,
    user: User,
    services: Sequence[Service],
    assurance: str,
    targets: Mapping[str, AgencyTarget] | None = None,
    present: Callable[[list[Card]], T] | None = None,
) -> list[Card] | T:
    """Ask every agency at once, each within its own timeout (an agency that is slow or down costs
    only its own card), then keep and show what they answered.

    Everything after the answers (the exchange's log, keeping them, and `present`, which may
    render the page) happens in one trip to a worker thread: under load every trip means waiting
    for the interpreter behind other requests."""
    requests = cards_requests(user=user, services=services, assurance=assurance)

    def settle(outcomes: list[Outcome]) -> list[Card] | T:
        cards = cards_settle(personal_number=user.personal_number, services=services, outcomes=outcomes)
        return present(cards) if present is not None else cards

    if not requests:
        return await sync_to_async(settle)([])
    return await exchange_ask(requests, on_behalf=person_actor(user), targets=targets, then=settle)


@transaction.atomic
def cards_settle(
    *, personal_number: str, services: Sequence[Service], outcomes: Sequence[Outcome]
) -> list[Card]:
    """Turn outcomes into cards: keep each good answer as the agency's signed bytes, replacing
    the one kept before; for an agency that did not answer, show the last kept answer, if any."""
    by_code = {outcome.request.service: outcome for outcome in outcomes}
    cards: dict[str, Card] = {}
    failed: list[Service] = []
    fresh: list[tuple[Service, Outcome, tuple[bool, dict]]] = []
    for service in services:
        outcome = by_code.get(service.code)
        if outcome is None:
            cards[service.code] = _card(service, state=CardState.NEEDS_ASSURANCE)
            continue
        parsed = answer_body(outcome.answer.body) if outcome.ok else None
        if parsed is None:
            failed.append(service)
        else:
            fresh.append((service, outcome, parsed))
    # One insert for all the good answers (the page keeps up to 15), not one per card.
    kept_now = answers_store(outcomes=[outcome for _s, outcome, _p in fresh], keep_for=keep_for())
    for (service, _outcome, parsed), stored in zip(fresh, kept_now, strict=True):
        found, data = parsed
        cards[service.code] = _card(
            service,
            state=CardState.FRESH,
            found=found,
            data=data,
            fetched_at=stored.received_at,
            kept_until=stored.expires_at,
            stored_id=stored.pk,
        )
    fresh_ids = [card.stored_id for card in cards.values() if card.stored_id]
    if fresh_ids:
        # Only the newest answer per service serves the page; older ones have no purpose left.
        StoredAnswer.objects.filter(
            subject=subject_of(personal_number),
            purpose=PURPOSE,
            service__in=[code for code, card in cards.items() if card.stored_id],
        ).exclude(pk__in=fresh_ids).delete()
    kept = kept_latest(personal_number=personal_number, codes=[s.code for s in failed]) if failed else {}
    for service in failed:
        stored = kept.get(service.code)
        parsed = kept_body(stored=stored) if stored else None
        if parsed is None:
            cards[service.code] = _card(service, state=CardState.UNAVAILABLE)
            continue
        found, data = parsed
        cards[service.code] = _card(
            service,
            state=CardState.KEPT,
            found=found,
            data=data,
            fetched_at=stored.received_at,
            kept_until=stored.expires_at,
            stored_id=stored.pk,
        )
    return [cards[service.code] for service in services]


def _card(service: Service, *, state: CardState, **values) -> Card:
    return Card(
        code=service.code,
        name=service.name,
        agency_name=agency_name(service.agency),
        area=area_of(code=service.code, category=service.category),
        template=template_for(service.code),
        state=state,
        **values,
    )


def kept_card(*, stored: StoredAnswer, service: Service | None) -> Card:
    """A kept answer shown on its own ("what is kept"), checked unchanged like on the page."""
    parsed = kept_body(stored=stored)
    found, data = parsed if parsed else (False, None)
    return Card(
        code=stored.service,
        name=service.name if service else stored.service,
        agency_name=agency_name(stored.agency),
        area=area_of(code=stored.service, category=service.category if service else ""),
        template=template_for(stored.service),
        state=CardState.KEPT if parsed else CardState.UNAVAILABLE,
        found=found,
        data=data,
        fetched_at=stored.received_at,
        kept_until=stored.expires_at,
        stored_id=stored.pk,
    )


@transaction.atomic
def kept_answers_delete(*, user: User, answers: Sequence[StoredAnswer]) -> int:
    """Delete kept answers now, at the person's request (R-C-5), and record that they did."""
    answers = [a for a in answers if a.subject == subject_of(user.personal_number) and a.purpose == PURPOSE]
    if not answers:
        return 0
    StoredAnswer.objects.filter(pk__in=[a.pk for a in answers]).delete()
    audit_record(
        actor=person_actor(user),
        action="personal.kept_deleted",
        subject_person=user.personal_number,
        object_type="stored_answer",
        object_id=answers[0].message_id if len(answers) == 1 else "",
        purpose=PURPOSE,
        detail={
            "services": sorted({a.service for a in answers}),
            "message_ids": [a.message_id for a in answers],
        },
    )
    return len(answers)
