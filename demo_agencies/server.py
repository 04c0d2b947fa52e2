"""The agencies' HTTP side: one Starlette app, every agency mounted at `/<code>`.

Per request the work is small: verify, look one record up in the cached population, seal. The
population is built when the app is created, not on the first request. Refusals follow protocol
§6.5: unsigned JSON for what cannot be verified (400/401/409/413), a signed `error` (422) for a
verified request we will not serve, and never a 5xx except the 503 an error-rate knob asks for.

With `Config.portal_url` and `Config.processing` set, each new case walks on its own to a decision
(`walk.py`), and `application.supplement` brings the person's answer when the agency asks for more.
Letters (`letter.send`) are registered the same way (`letters.py`) and walk to their answer
(`letterwalk.py`); a `letter.reminder` that one is overdue is recorded on it.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from demo_agencies.agencies import AGENCIES
from demo_agencies.behaviour import Behaviour
from demo_agencies.casework import CaseRefused, CaseRegister
from demo_agencies.config import Config
from demo_agencies.keystore import PortalKeys
from demo_agencies.letters import LetterRefused, LetterRegister
from demo_agencies.letterwalk import letter_walk
from demo_agencies.services import Agency, Service
from demo_agencies.walk import Desk
from demo_agencies.world import Population, build_population
from panjara_protocol import (
    MEDIA_TYPE,
    BadSignature,
    Envelope,
    KeyPair,
    ProtocolError,
    Replayed,
    UnknownKey,
    open_message,
    reply_to,
    seal,
)
from panjara_protocol import kinds as K
from panjara_protocol.messages import DEFAULT_WINDOW
from panjara_protocol.replay import ReplayGuard

log = logging.getLogger("demo_agencies")

JWKS_MEDIA_TYPE = "application/jwk-set+json"
GARBAGE = b"<!doctype html><title>502 Bad Gateway</title>\n\x00\xff not a JWS"
_SUBJECT_FORMATS = {"person": re.compile(r"^[0-9]{11}$"), "company": re.compile(r"^[0-9]{9}$")}
_APPLICATION_KINDS = (K.APPLICATION_SUBMIT, K.APPLICATION_SUPPLEMENT)
# Kinds that carry attachments, so their paths take bodies up to `max_application_bytes`.
_CARRYING_FILES = (*_APPLICATION_KINDS, K.LETTER_SEND)


def _refusal_status(error: ProtocolError) -> int:
    if isinstance(error, UnknownKey | BadSignature):
        return 401
    if isinstance(error, Replayed):
        return 409
    return 400  # malformed, outside_window, unexpected


class _Refused(Exception):
    """A verified request we will not serve: answered with a signed `error` (422)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass(kw_only=True)
class _Mount:
    code: str
    agency: Agency
    key: KeyPair
    behaviour: Behaviour
    guard: ReplayGuard
    description: dict[str, Any]
    cases: CaseRegister
    letters: LetterRegister
    desk: Desk | None  # None: cases stay as they were opened

    def answer(self, envelope: Envelope, *, world: Population) -> tuple[str, Any]:
        if envelope.kind == K.SERVICES_DESCRIBE:
            return K.SERVICES_DESCRIPTION, self.description
        if envelope.kind == K.APPLICATION_SUPPLEMENT:
            return _supplement_answer(self, envelope)
        if envelope.kind == K.LETTER_SEND:
            return _letter_answer(self, envelope)
        if envelope.kind == K.LETTER_REMINDER:
            return _reminder_answer(self, envelope)
        prefix = f"{self.code}."
        name = (envelope.service or "")[len(prefix) :] if (envelope.service or "").startswith(prefix) else ""
        service = self.agency.service(name)
        if envelope.kind == K.APPLICATION_SUBMIT:
            return _application_answer(self, envelope, service=service)
        if service is None or service.query is None:
            what = "is not a service of" if service is None else "is not an informational service of"
            raise _Refused("unknown_service", f"{envelope.service!r} {what} {self.code}")
        subject = envelope.subject
        if subject is None or subject.kind not in service.subjects:
            raise _Refused(
                "unsupported_subject", f"{service.name} answers about: {', '.join(service.subjects)}"
            )
        if not _SUBJECT_FORMATS[subject.kind].match(subject.id):
            raise _Refused("malformed_subject", f"not a valid {subject.kind} identification number")
        data = service.query(world=world, party=subject)
        return K.QUERY_RESULT, ({"status": "not_found"} if data is None else {"status": "ok", "data": data})


def _application_answer(mount: _Mount, envelope: Envelope, *, service: Service | None) -> tuple[str, Any]:
    if service is None or service.type != "functional":
        raise _Refused("unknown_service", f"{envelope.service!r} is not a functional service of {mount.code}")
    subject = envelope.subject
    if subject is None or subject.kind != "person" or not _SUBJECT_FORMATS["person"].match(subject.id):
        raise _Refused("malformed_subject", "an application names its applicant as a person subject")
    try:
        case, repeat = mount.cases.receive(
            service=service, code=envelope.service or "", applicant=subject.id, body=envelope.body
        )
    except CaseRefused as refusal:
        raise _Refused(refusal.code, refusal.detail) from None
    if not repeat and mount.desk is not None:
        mount.desk.start(case)
    return K.ACK, {"case": case.number, "repeat": repeat}


def _supplement_answer(mount: _Mount, envelope: Envelope) -> tuple[str, Any]:
    subject = envelope.subject
    try:
        case, repeat = mount.cases.supplement(
            applicant=subject.id if subject is not None and subject.kind == "person" else None,
            body=envelope.body,
        )
    except CaseRefused as refusal:
        raise _Refused(refusal.code, refusal.detail) from None
    return K.ACK, {"case": case.number, "repeat": repeat}


def _letter_answer(mount: _Mount, envelope: Envelope) -> tuple[str, Any]:
    subject = envelope.subject
    if subject is None or subject.kind != "person" or not _SUBJECT_FORMATS["person"].match(subject.id):
        raise _Refused("malformed_subject", "a letter names its sender as a person subject")
    try:
        letter, repeat, walks = mount.letters.receive(sender=subject.id, body=envelope.body)
    except LetterRefused as refusal:
        raise _Refused(refusal.code, refusal.detail) from None
    if walks is not None and mount.desk is not None:
        mount.desk.run(letter_walk(walks, desk=mount.desk), name=f"walk {walks.number}")
    return K.ACK, {"case": letter.number, "repeat": repeat}


def _reminder_answer(mount: _Mount, envelope: Envelope) -> tuple[str, Any]:
    subject = envelope.subject
    try:
        letter, repeat = mount.letters.remind(
            sender=subject.id if subject is not None and subject.kind == "person" else "",
            body=envelope.body,
        )
    except LetterRefused as refusal:
        raise _Refused(refusal.code, refusal.detail) from None
    return K.ACK, {"case": letter.number, "repeat": repeat}


def _corrupted(data: bytes) -> bytes:
    """The same message with one character of its signature changed: still three base64url parts,
    but it no longer verifies. A character in the middle carries six full bits of the signature."""
    position = data.rindex(b".") + 10
    changed = bytearray(data)
    changed[position] = ord("A") if changed[position] != ord("A") else ord("B")
    return bytes(changed)


def _desk(config: Config, *, code: str, world: Population, portal_keys: PortalKeys) -> Desk | None:
    if config.portal_url is None or config.processing is None:  # see Config.processes_cases
        return None
    name = AGENCIES[config.implementation_of(code)].describe(code=code)["agency"]["name"]
    return Desk(
        code=code,
        implementation=config.implementation_of(code),
        name=(name["ka"], name["en"]),
        key=config.keys[code],
        portal_party=config.portal_party,
        callback_url=config.portal_url.rstrip("/") + K.PORTAL_CALLBACK_PATH,
        portal_keys=portal_keys,
        world=world,
        processing=config.processing,
    )


def create_app(config: Config) -> Starlette:
    world = build_population(seed=config.seed)
    portal_keys = PortalKeys(config.portal_keys, path=config.portal_keys_file)
    mounts = {
        code: _Mount(
            code=code,
            agency=AGENCIES[config.implementation_of(code)],
            key=config.keys[code],
            behaviour=config.behaviours[code],
            # Ids are forgotten only once a copy would fail the clock window anyway (protocol §5).
            guard=ReplayGuard(ttl_seconds=2 * DEFAULT_WINDOW.total_seconds() + 60),
            description=AGENCIES[config.implementation_of(code)].describe(code=code),
            cases=CaseRegister(agency=code),
            letters=LetterRegister(agency=code),
            desk=_desk(config, code=code, world=world, portal_keys=portal_keys),
        )
        for code in config.mounted
    }

    async def exchange(request: Request, *, expected_kind: str) -> Response:
        mount = mounts.get(request.path_params["code"])
        if mount is None:
            return JSONResponse({"error": "unknown_agency"}, status_code=404)
        limit = config.max_application_bytes if expected_kind in _CARRYING_FILES else config.max_body_bytes
        arrived = time.monotonic()
        # Let every request that came in with this one take its arrival time before any of them
        # works: the eight agencies share this process, and real ones would not queue each
        # other's requests (see the latency below).
        await asyncio.sleep(0)
        data = await _read_capped(request, limit)
        behaviour = mount.behaviour
        if behaviour.hang:
            await _until_client_gives_up(request)
            return Response(status_code=504)  # nobody is listening any more; keeps ASGI tidy
        response = _exchange_answer(mount, data, expected_kind=expected_kind)
        if behaviour.latency_ms > 0:
            # The latency is the agency's whole answer time, counted from the request's arrival
            # and its own work included: a real agency's servers do their work in that time,
            # rather than after it, and none queues behind another agency (the demo serves all
            # eight in one process, which a sleep before the work would turn into a queue).
            await asyncio.sleep(max(0.0, arrived + behaviour.latency_ms / 1000 - time.monotonic()))
        return response

    def _exchange_answer(mount: _Mount, data: bytes | None, *, expected_kind: str) -> Response:
        behaviour = mount.behaviour
        if behaviour.draw_error():
            return JSONResponse({"error": "unavailable"}, status_code=503)
        if data is None:
            return JSONResponse({"error": "too_large"}, status_code=413)
        try:
            envelope = open_message(
                data,
                key_for=portal_keys.key_for,
                expected_aud=mount.code,
                expected_iss=config.portal_party,
            )
            mount.guard.check(envelope.id)
        except ProtocolError as error:
            log.info("%s refused a request: %s (%s)", mount.code, error.code, error)
            return JSONResponse({"error": error.code}, status_code=_refusal_status(error))
        if envelope.kind != expected_kind:
            return JSONResponse({"error": "unexpected"}, status_code=400)
        try:
            kind, body = mount.answer(envelope, world=world)
            status = 200
        except _Refused as refusal:
            kind, body, status = K.ERROR, {"error": refusal.code, "detail": refusal.detail}, 422
        sealed = seal(reply_to(envelope, kind=kind, body=body), mount.key)
        if behaviour.garbage:
            sealed = GARBAGE
        elif behaviour.bad_signature:
            sealed = _corrupted(sealed)
        return Response(sealed, status_code=status, media_type=MEDIA_TYPE)

    async def jwks(request: Request) -> Response:
        mount = mounts.get(request.path_params["code"])
        if mount is None:
            return JSONResponse({"error": "unknown_agency"}, status_code=404)
        return JSONResponse({"keys": [mount.key.public_jwk()]}, media_type=JWKS_MEDIA_TYPE)

    async def index(request: Request) -> Response:
        del request
        return JSONResponse(
            {"agencies": [{**m.description["agency"], "path": f"/{m.code}"} for m in mounts.values()]}
        )

    async def http_error(request: Request, error: Exception) -> Response:
        del request
        status = error.status_code if isinstance(error, HTTPException) else 400
        code = {404: "not_found", 405: "method_not_allowed"}.get(status, "bad_request")
        return JSONResponse({"error": code}, status_code=status)

    routes = [
        Route("/", index, methods=["GET"]),
        *(
            Route(f"/{{code}}{K.AGENCY_PATHS[kind]}", partial(exchange, expected_kind=kind), methods=["POST"])
            for kind in (K.SERVICES_DESCRIBE, K.QUERY, K.LETTER_REMINDER, *_CARRYING_FILES)
        ),
        Route("/{code}/.well-known/jwks.json", jwks, methods=["GET"]),
    ]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # Walks end with the server. (Where the lifespan is off, as in the tests' server thread,
        # asyncio.run cancels them when the loop ends.)
        yield
        for mount in mounts.values():
            if mount.desk is not None:
                await mount.desk.stop()

    app = Starlette(routes=routes, exception_handlers={HTTPException: http_error}, lifespan=lifespan)
    app.state.config = config
    app.state.world = world
    app.state.cases = {code: mount.cases for code, mount in mounts.items()}
    app.state.letters = {code: mount.letters for code, mount in mounts.items()}
    return app


async def _read_capped(request: Request, limit: int) -> bytes | None:
    """The body, or None when it is larger than `limit` (read no further than that)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


async def _until_client_gives_up(request: Request) -> None:
    # The body has been read, so the next ASGI message can only be the disconnect. Waiting for it
    # (rather than sleeping forever) lets the server shut down cleanly after the client left.
    while (await request.receive())["type"] != "http.disconnect":
        pass
