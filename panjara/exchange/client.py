"""Asking agencies: many at once, each within its own timeout, behind its circuit breaker.

Pure I/O, no database: `call_agencies` takes what it needs (targets, the portal's key) as values
and returns an Outcome per request; `panjara.exchange.services.exchange_ask` wraps it with the
database work (targets in, message log out). A slow, down or garbage-answering agency yields an
"unavailable" or "rejected" Outcome — never an exception — so one agency can never break a page.
See docs/adr/0002-http-client.md for why aiohttp.
"""

from __future__ import annotations

import asyncio
import time
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

import aiohttp

from panjara_protocol import (
    MEDIA_TYPE,
    Envelope,
    KeyPair,
    Party,
    ProtocolError,
    new_envelope,
    open_message,
    seal,
)
from panjara_protocol.keys import Key
from panjara_protocol.kinds import AGENCY_PATHS, EXPECTED_ANSWER

from .breaker import BREAKERS


@dataclass(frozen=True, kw_only=True)
class AgencyTarget:
    code: str
    base_url: str
    timeout: float  # seconds, for the whole exchange: connect, send, wait, read
    keys: Mapping[str, Key]


@dataclass(frozen=True, kw_only=True)
class Request:
    agency: str
    kind: str
    purpose: str
    service: str | None = None
    subject: Party | None = None
    actor: Party | None = None
    principal: Party | None = None
    body: Any = field(default_factory=dict)


class Status(StrEnum):
    OK = "ok"  # a verified answer
    UNAVAILABLE = "unavailable"  # no answer in time, transport error, circuit open, HTTP error
    REJECTED = "rejected"  # an answer came but failed verification (tampered, garbage, replay)


@dataclass(frozen=True, kw_only=True)
class Outcome:
    request: Request
    status: Status
    sent: Envelope | None = None
    sent_bytes: bytes = b""
    answer: Envelope | None = None
    raw: bytes | None = None  # the exact bytes received, kept to prove the answer unchanged
    reason: str = ""  # for logs and operators; people see a translated "unavailable"
    elapsed_ms: int = 0

    @property
    def ok(self) -> bool:
        return self.status is Status.OK


@dataclass(frozen=True, kw_only=True)
class Limits:
    party: str
    window: timedelta
    breaker_failures: int
    breaker_cooldown: float
    max_answer_bytes: int


_sessions: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, aiohttp.ClientSession] = (
    weakref.WeakKeyDictionary()
)


def shared_session() -> aiohttp.ClientSession:
    """One pooled session per event loop (the ASGI server's), so keep-alive connections to
    agencies are reused across requests instead of a TCP handshake per card."""
    loop = asyncio.get_running_loop()
    session = _sessions.get(loop)
    if session is None or session.closed:
        session = _sessions[loop] = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=200, limit_per_host=50, ttl_dns_cache=300),
            auto_decompress=False,
        )
        _close_with_the_loop(session)
    return session


def _close_with_the_loop(session: aiohttp.ClientSession) -> None:
    """Close the session when its loop shuts down. Under WSGI or a test client every async view
    runs on a short-lived loop (asgiref's asyncio.run); asyncio.run finalises the loop's async
    generators before closing it, so a started generator whose `finally` closes the session is
    the one hook every loop runs at its end. Under the ASGI server the loop lives as long as the
    process, and so does the session."""

    async def closer():
        try:
            yield
        finally:
            await session.close()

    generator = closer()
    # Starting it registers it with the loop's async-generator hooks; nothing else runs now.
    asyncio.get_running_loop().create_task(generator.__anext__())
    _closers[session] = generator


_closers: weakref.WeakKeyDictionary[aiohttp.ClientSession, object] = weakref.WeakKeyDictionary()


async def call_agencies(
    requests: Sequence[Request],
    *,
    targets: Mapping[str, AgencyTarget],
    key: KeyPair,
    limits: Limits,
    session: aiohttp.ClientSession | None = None,
) -> list[Outcome]:
    """Send every request concurrently; the slowest agency costs its own timeout, not the sum."""
    session = session or shared_session()
    return list(
        await asyncio.gather(
            *(
                _call_one(r, target=targets.get(r.agency), key=key, limits=limits, session=session)
                for r in requests
            )
        )
    )


async def _call_one(
    request: Request,
    *,
    target: AgencyTarget | None,
    key: KeyPair,
    limits: Limits,
    session: aiohttp.ClientSession,
) -> Outcome:
    if target is None:
        return Outcome(request=request, status=Status.UNAVAILABLE, reason="unknown or inactive agency")
    envelope = new_envelope(
        iss=limits.party,
        aud=target.code,
        kind=request.kind,
        purpose=request.purpose,
        service=request.service,
        subject=request.subject,
        actor=request.actor,
        principal=request.principal,
        body=request.body,
    )
    breaker = BREAKERS.for_agency(
        target.code, failures=limits.breaker_failures, cooldown=limits.breaker_cooldown
    )
    if not breaker.allow():
        return Outcome(request=request, status=Status.UNAVAILABLE, sent=envelope, reason="circuit open")
    sent_bytes = seal(envelope, key)
    started = time.perf_counter()
    outcome = await _post(request, envelope, sent_bytes, target=target, limits=limits, session=session)
    outcome = _with_elapsed(outcome, started)
    if outcome.ok:
        breaker.succeeded()
    else:
        breaker.failed()
    return outcome


def _with_elapsed(outcome: Outcome, started: float) -> Outcome:
    elapsed = int((time.perf_counter() - started) * 1000)
    return Outcome(**{**outcome.__dict__, "elapsed_ms": elapsed})


async def _post(
    request: Request,
    envelope: Envelope,
    sent_bytes: bytes,
    *,
    target: AgencyTarget,
    limits: Limits,
    session: aiohttp.ClientSession,
) -> Outcome:
    base = dict(request=request, sent=envelope, sent_bytes=sent_bytes)
    url = target.base_url.rstrip("/") + AGENCY_PATHS[request.kind]
    try:
        async with asyncio.timeout(target.timeout):
            async with session.post(
                url,
                data=sent_bytes,
                # identity: the signed bytes must arrive as signed; we never decompress.
                headers={"Content-Type": MEDIA_TYPE, "Accept": MEDIA_TYPE, "Accept-Encoding": "identity"},
                allow_redirects=False,
            ) as response:
                raw = await _read_capped(response, limits.max_answer_bytes)
                if response.status != 200:
                    return Outcome(
                        **base, status=Status.UNAVAILABLE, raw=raw, reason=f"HTTP {response.status}"
                    )
    except TimeoutError:
        return Outcome(**base, status=Status.UNAVAILABLE, reason=f"no answer within {target.timeout:g} s")
    except (aiohttp.ClientError, OSError, ValueError) as error:
        return Outcome(**base, status=Status.UNAVAILABLE, reason=f"transport: {type(error).__name__}")
    return answer_outcome(request, envelope, sent_bytes, raw=raw, target=target, limits=limits)


def answer_outcome(
    request: Request,
    envelope: Envelope,
    sent_bytes: bytes,
    *,
    raw: bytes,
    target: AgencyTarget,
    limits: Limits,
) -> Outcome:
    """Judge the bytes an agency answered with: verified and of the expected kind (ok), signed but
    a refusal or the wrong kind (unavailable), or not verifiable (rejected). Shared by the HTTP
    client and the in-process delivery to agencies served at the desk (exchange.outbox)."""
    base = dict(request=request, sent=envelope, sent_bytes=sent_bytes)
    try:
        answer = open_message(
            raw,
            key_for=target.keys.get,
            expected_aud=limits.party,
            expected_iss=target.code,
            in_reply_to=envelope.id,
            window=limits.window,
        )
    except ProtocolError as error:
        return Outcome(**base, status=Status.REJECTED, raw=raw, reason=f"{error.code}: {error}"[:300])
    if answer.kind != EXPECTED_ANSWER.get(request.kind):
        # A signed refusal or an answer of the wrong kind: authentic, but not an answer to use.
        detail = answer.body.get("error", "") if isinstance(answer.body, dict) else ""
        return Outcome(
            **base,
            status=Status.UNAVAILABLE,
            raw=raw,
            reason=f"agency answered {answer.kind} {detail}".strip(),
        )
    return Outcome(**base, status=Status.OK, answer=answer, raw=raw)


class AnswerTooLarge(ValueError):
    pass


async def _read_capped(response: aiohttp.ClientResponse, cap: int) -> bytes:
    # An agency must not be able to exhaust the portal's memory with an endless answer.
    if response.content_length is not None and response.content_length > cap:
        raise AnswerTooLarge(f"answer of {response.content_length} bytes")
    chunks, size = [], 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > cap:
            raise AnswerTooLarge("answer too large")
        chunks.append(chunk)
    return b"".join(chunks)
