"""Writes of the exchange: agencies and keys, the message log, stored answers, and `exchange_ask`,
the one way the rest of the portal talks to agencies."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta
from typing import TypeVar

import aiohttp
from asgiref.sync import async_to_sync, sync_to_async
from django.db import transaction

from panjara.audit.services import Actor, audit_record_many, audit_rows
from panjara.core import clock
from panjara.core.chain import append
from panjara_protocol import Envelope, Party, digest_of, public_jwk_from
from panjara_protocol.messages import signature_of

from .client import AgencyTarget, Outcome, Request, Status, call_agencies
from .keys import portal_signing_key
from .models import Agency, AgencyKey, ExchangeMessage, StoredAnswer
from .selectors import accepted_inbound_ids, exchange_limits, exchange_targets

T = TypeVar("T")


def _party(party: Party | None) -> str:
    return f"{party.kind}:{party.id}" if party else ""


def message_row(
    *,
    envelope: Envelope | None,
    data: bytes,
    direction: str,
    status: str,
    agency_code: str,
    error: str = "",
    elapsed_ms: int | None = None,
) -> ExchangeMessage:
    """A log row for one message: metadata, digest and signature — never the body."""
    return ExchangeMessage(
        logged_at=clock.now(),
        direction=direction,
        status=status,
        message_id=envelope.id if envelope else "",
        in_reply_to=(envelope.in_reply_to or "") if envelope else "",
        agency_code=agency_code,
        kind=envelope.kind if envelope else "",
        service=(envelope.service or "") if envelope else "",
        purpose=envelope.purpose if envelope else "",
        subject=_party(envelope.subject) if envelope else "",
        actor=_party(envelope.actor) if envelope else "",
        principal=_party(envelope.principal) if envelope else "",
        digest=digest_of(data) if data else "",
        signature=signature_of(data) if data else "",
        size=len(data),
        elapsed_ms=elapsed_ms,
        # Reasons can quote what an agency sent; keep them printable for every database.
        error="".join(ch if ch.isprintable() else "?" for ch in error)[:300],
    )


def message_log(**row) -> ExchangeMessage:
    """Append one message to the log (the arguments of `message_row`)."""
    return append([message_row(**row)])[0]


@transaction.atomic
def exchange_log(*, outcomes: Sequence[Outcome], on_behalf: Actor) -> list[Outcome]:
    """Append every request and answer to the message log, and every read of a person's data to
    the audit log, in one transaction. An answer whose id was accepted before is a replay: it is
    logged as rejected and its outcome turned into REJECTED."""
    seen = accepted_inbound_ids(message_ids=[o.answer.id for o in outcomes if o.answer])
    final, rows, events = [], [], []
    for outcome in outcomes:
        if outcome.answer and outcome.answer.id in seen:
            outcome = dataclasses.replace(
                outcome, status=Status.REJECTED, answer=None, reason="replayed: id seen before"
            )
        elif outcome.answer:
            seen.add(outcome.answer.id)
        final.append(outcome)
        code = outcome.request.agency
        if outcome.sent is not None and outcome.sent_bytes:
            status = ExchangeMessage.Status.SENT if outcome.raw is not None else ExchangeMessage.Status.FAILED
            rows.append(
                message_row(
                    envelope=outcome.sent,
                    data=outcome.sent_bytes,
                    direction=ExchangeMessage.Direction.OUT,
                    status=status,
                    agency_code=code,
                    error="" if outcome.raw is not None else outcome.reason,
                    elapsed_ms=outcome.elapsed_ms,
                )
            )
        if outcome.raw is not None:
            accepted = outcome.status is Status.OK
            rows.append(
                message_row(
                    envelope=outcome.answer,
                    data=outcome.raw,
                    direction=ExchangeMessage.Direction.IN,
                    status=ExchangeMessage.Status.ACCEPTED if accepted else ExchangeMessage.Status.REJECTED,
                    agency_code=code,
                    error="" if accepted else outcome.reason,
                )
            )
        request = outcome.request
        if request.subject and request.subject.kind == "person" and outcome.sent_bytes:
            events.append(
                dict(
                    actor=on_behalf,
                    action="exchange.query",
                    subject_person=request.subject.id,
                    acting_for=_party(request.principal),
                    object_type="service",
                    object_id=request.service or request.kind,
                    purpose=request.purpose,
                    detail={"agency": code, "message_id": outcome.sent.id, "result": outcome.status.value},
                )
            )
    # Both chains in one append: one lock of the two heads for the page's whole log.
    # Nothing reads these rows' ids back: the lighter insert (core.chain._insert).
    append([*rows, *audit_rows(events=events)], ids=False)
    return final


async def exchange_ask(
    requests: Sequence[Request],
    *,
    on_behalf: Actor,
    session: aiohttp.ClientSession | None = None,
    targets: Mapping[str, AgencyTarget] | None = None,
    then: Callable[[list[Outcome]], T] | None = None,
) -> list[Outcome] | T:
    """Ask agencies concurrently and log it all; for async views. Two trips to the database in
    all (targets, then the log), however many agencies are asked.

    Each trip is a hop to a worker thread and back, which under load means waiting for the
    interpreter behind other requests, so a caller may save both extra trips: `targets` (from
    `exchange_targets`, read in a trip the caller makes anyway) skips the first; `then` is called
    with the logged outcomes in the second trip, right after the log commits, and its result is
    returned (it runs in the worker thread, so it may use the ORM and render templates)."""
    if targets is None:
        targets = await sync_to_async(exchange_targets)(codes={r.agency for r in requests})
    outcomes = await call_agencies(
        requests, targets=targets, key=portal_signing_key(), limits=exchange_limits(), session=session
    )

    def log_then(outcomes: list[Outcome]) -> list[Outcome] | T:
        final = exchange_log(outcomes=outcomes, on_behalf=on_behalf)
        return then(final) if then is not None else final

    return await sync_to_async(log_then)(outcomes)


def exchange_ask_sync(requests: Sequence[Request], *, on_behalf: Actor) -> list[Outcome]:
    """The same for synchronous code (workers, commands, sync views)."""

    async def run() -> list[Outcome]:
        # A session of its own: async_to_sync may run each call on a fresh event loop.
        async with aiohttp.ClientSession(auto_decompress=False) as session:
            return await call_agencies(
                requests, targets=targets, key=portal_signing_key(), limits=exchange_limits(), session=session
            )

    targets = exchange_targets(codes={r.agency for r in requests})
    return exchange_log(outcomes=async_to_sync(run)(), on_behalf=on_behalf)


@transaction.atomic
def agency_register(
    *,
    code: str,
    name_ka: str,
    name_en: str,
    base_url: str,
    kind: str = Agency.Kind.STATE,
    channel: str = Agency.Channel.EXCHANGE,
    timeout_ms: int = 3000,
    public_jwks: Sequence[dict] = (),
    by: Actor,
) -> Agency:
    """Add an agency or update its address and names; trust the given public keys. Keys it had
    are kept (rotation retires them explicitly, see `agency_key_retire`). An agency served at the
    desk (channel "desk") has no base URL; every other agency must have one."""
    if channel not in Agency.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    if channel == Agency.Channel.EXCHANGE and not base_url:
        raise ValueError(f"agency {code!r} has its own system and needs a base URL")
    agency, created = Agency.objects.update_or_create(
        code=code,
        defaults=dict(
            name_ka=name_ka,
            name_en=name_en,
            base_url=base_url,
            kind=kind,
            channel=channel,
            timeout_ms=timeout_ms,
        ),
    )
    for jwk in public_jwks:
        agency_key_add(agency=agency, jwk=jwk, by=by)
    if created:
        audit_record_many(
            events=[
                dict(
                    actor=by,
                    action="agency.registered",
                    object_type="agency",
                    object_id=code,
                    purpose="admin",
                )
            ]
        )
    return agency


def agency_key_add(*, agency: Agency, jwk: dict, by: Actor) -> AgencyKey:
    public = public_jwk_from(jwk)
    key, created = AgencyKey.objects.get_or_create(
        kid=public["kid"], defaults=dict(agency=agency, public_jwk=public)
    )
    if key.agency_id != agency.pk or key.public_jwk != public:
        raise ValueError(f"key id {public['kid']!r} is already registered with another key or agency")
    if created:
        audit_record_many(
            events=[
                dict(
                    actor=by,
                    action="agency.key_added",
                    object_type="agency_key",
                    object_id=key.kid,
                    purpose="admin",
                )
            ]
        )
    return key


def agency_key_retire(*, key: AgencyKey, by: Actor) -> AgencyKey:
    with transaction.atomic():
        key.is_active, key.retired_at = False, clock.now()
        key.save(update_fields=["is_active", "retired_at"])
        audit_record_many(
            events=[
                dict(
                    actor=by,
                    action="agency.key_retired",
                    object_type="agency_key",
                    object_id=key.kid,
                    purpose="admin",
                )
            ]
        )
    return key


def answer_store(*, outcome: Outcome, keep_for: timedelta) -> StoredAnswer:
    """Keep an agency's answer as the signed bytes it sent, for `keep_for` (R-C-5)."""
    return answers_store(outcomes=[outcome], keep_for=keep_for)[0]


def answers_store(*, outcomes: Sequence[Outcome], keep_for: timedelta) -> list[StoredAnswer]:
    """Keep many answers at once (the personal page keeps 15): one read of the agencies, one
    insert. Returns them in the order given, saved (with their ids)."""
    for outcome in outcomes:
        if outcome.status is not Status.OK or outcome.answer is None or outcome.raw is None:
            raise ValueError("only verified answers are stored")
    if not outcomes:
        return []
    agency_ids = dict(
        Agency.objects.filter(code__in={o.request.agency for o in outcomes}).values_list("code", "pk")
    )
    now = clock.now()
    rows = [
        StoredAnswer(
            message_id=outcome.answer.id,
            agency_id=agency_ids[outcome.request.agency],
            service=outcome.request.service or outcome.request.kind,
            subject=_party(outcome.request.subject),
            purpose=outcome.request.purpose,
            raw=outcome.raw,
            digest=digest_of(outcome.raw),
            received_at=now,
            expires_at=now + keep_for,
        )
        for outcome in outcomes
    ]
    return StoredAnswer.objects.bulk_create(rows)


def answers_purge_expired() -> int:
    """Delete stored answers past their time (R-C-5); idempotent, run by a periodic job."""
    deleted, _ = StoredAnswer.objects.filter(expires_at__lte=clock.now()).delete()
    return deleted
