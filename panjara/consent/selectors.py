"""Reading terms of use versions and people's decisions on them. Only published versions are
visible to citizens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import QuerySet

from panjara.audit.selectors import audit_events_about
from panjara.inbox.selectors import inbox_messages

from .models import TermsDecision, TermsVersion


def terms_published() -> QuerySet[TermsVersion]:
    return TermsVersion.objects.filter(published_at__isnull=False).order_by("-version")


def terms_current() -> TermsVersion | None:
    """The version in force: the published one with the highest number, or None before the first."""
    return terms_published().first()


def terms_history() -> list[TermsVersion]:
    """Every published version, newest first (the first is the current one)."""
    return list(terms_published())


def terms_version(*, version: int) -> TermsVersion | None:
    return terms_published().filter(version=version).first()


def terms_latest_decision(*, user) -> TermsDecision | None:
    return TermsDecision.objects.filter(user=user).select_related("terms").first()


def terms_state(*, user) -> tuple[str, TermsVersion | None]:
    """Where a person stands with the terms (R-C-1, R-C-2), as the account gate asks on every
    request: ("accepted", current), ("refused", version refused), ("pending", current to decide)
    or ("none", None) before any version is published. A refusal stands until the person accepts
    a version, so refusing an old version and a newer one being published still asks again."""
    current = terms_current()
    if current is None:
        return "none", None
    latest = terms_latest_decision(user=user)
    if latest is not None and latest.decision == TermsDecision.Decision.REFUSED:
        if latest.terms_id == current.pk:
            return "refused", latest.terms
        return "pending", current
    if latest is not None and latest.terms_id == current.pk:
        return "accepted", current
    return "pending", current


def terms_standing(*, user) -> str:
    """The first element of `terms_state` alone ("accepted", "refused", "pending" or "none"), for
    the account gate, which asks it on every signed-in request.

    One plain statement instead of two ORM queries: building the queries cost more than running
    them (about 1 ms of a 10 ms page here). Nothing is cached across requests, so a version
    published by any process, or a decision taken in another session, counts on the very next
    request. The latest decision is ordered as TermsDecision.Meta.ordering orders it."""
    versions, decisions = TermsVersion._meta.db_table, TermsDecision._meta.db_table
    quote = connection.ops.quote_name
    latest = f"FROM {quote(decisions)} WHERE user_id = %s ORDER BY decided_at DESC, id DESC LIMIT 1"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, (SELECT terms_id {latest}), (SELECT decision {latest}) FROM {quote(versions)} "  # noqa: S608 (names from the models, values as parameters)
            "WHERE published_at IS NOT NULL ORDER BY version DESC LIMIT 1",
            [user.pk, user.pk],
        )
        row = cursor.fetchone()
    if row is None:
        return "none"
    current, decided_terms, decision = row
    if decision == TermsDecision.Decision.REFUSED:
        return "refused" if decided_terms == current else "pending"
    return "accepted" if decided_terms == current else "pending"


def terms_decisions(*, user) -> list[TermsDecision]:
    """Every decision the person made, newest first: their consent history."""
    return list(TermsDecision.objects.filter(user=user).select_related("terms"))


def terms_last_accepted(*, user) -> TermsVersion | None:
    """The latest version the person accepted, whatever they decided after it."""
    decision = (
        TermsDecision.objects.filter(user=user, decision=TermsDecision.Decision.ACCEPTED)
        .select_related("terms")
        .first()
    )
    return decision.terms if decision else None


def terms_changes_since(*, version: int) -> list[TermsVersion]:
    """The published versions after `version`, newest first: what changed since a person last
    accepted (each version carries the summary of its own changes)."""
    return list(terms_published().filter(version__gt=version))


def terms_announcement_recipients() -> QuerySet:
    """Who is told when the terms change (R-C-2): every active citizen account. Staff accounts
    accept no citizen terms. Ordered by id, so batches are ranges of ids."""
    return get_user_model().objects.filter(is_active=True, person__isnull=False).order_by("pk")


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def account_data(*, user) -> dict[str, Any]:
    """Everything the portal keeps about the person in their own account, as plain values for the
    "download my data" file (R-C-5): the account, the person, their terms decisions, their inbox
    and every recorded use of their data."""
    person = user.person if user.person_id else None
    decisions = [
        {
            "version": decision.terms.version,
            "decision": decision.decision,
            "language": decision.language,
            "text_sha256": decision.text_hash,
            "decided_at": _moment(decision.decided_at),
        }
        for decision in terms_decisions(user=user)
    ]
    messages = [
        {
            "kind": message.kind,
            "subject": {"ka": message.subject_ka, "en": message.subject_en},
            "text": {"ka": message.body_ka, "en": message.body_en},
            "link": message.link,
            "created_at": _moment(message.created_at),
            "read_at": _moment(message.read_at),
        }
        for message in inbox_messages(user=user)
    ]
    # Without a person there is no personal number, and an empty one would match every event
    # that is about nobody.
    events = audit_events_about(personal_number=person.personal_number) if person else []
    return {
        "account": {
            "email": user.email,
            "email_confirmed_at": _moment(user.email_confirmed_at),
            "mobile": user.mobile,
            "mobile_confirmed_at": _moment(user.mobile_confirmed_at),
            "language": user.language,
            "joined_at": _moment(user.date_joined),
        },
        "person": {
            "personal_number": person.personal_number,
            "given_name_ka": person.given_name_ka,
            "surname_ka": person.surname_ka,
            "given_name_en": person.given_name_en,
            "surname_en": person.surname_en,
            "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        }
        if person
        else None,
        "terms_decisions": decisions,
        "inbox_messages": messages,
        "audit_events": [
            {
                "seq": event.seq,
                "occurred_at": _moment(event.occurred_at),
                "actor_kind": event.actor_kind,
                "actor": event.actor_label,
                "acting_for": event.acting_for,
                "action": event.action,
                "object_type": event.object_type,
                "object_id": event.object_id,
                "purpose": event.purpose,
                "detail": event.detail,
            }
            for event in events
        ],
    }
