"""A small stand-in for the portal's callback endpoint (protocol §6.4), served on loopback.

It does what the portal does with a case's or a letter's report, and no more: verify the
agency's signature with panjara_protocol, refuse a replayed message id, check a letter report's
shape against the contract (a signed `malformed` error otherwise), recognise a report it already
has by its `event`, and answer with an `ack` signed by the portal's test key. Knobs let a test take it down
(503), lose its `ack` after recording a report, or refuse reports with a signed error.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from demo_agencies.tests.support import PORTAL
from panjara_protocol import MEDIA_TYPE, Envelope, KeyPair, ProtocolError, open_message, reply_to, seal
from panjara_protocol import kinds as K
from panjara_protocol.keys import import_jwk
from panjara_protocol.replay import ReplayGuard


@dataclass(kw_only=True)
class PortalStandIn:
    agency_keys: Mapping[str, KeyPair]  # code → the agency's key pair (only the public part is used)
    down: int = 0  # answer the next N requests with 503 before looking at them
    lose_acks: int = 0  # record the next N reports, then answer 503 as if the ack was lost
    refuse_with: str | None = None  # answer every report with this signed error
    requests: int = 0
    reports: list[Envelope] = field(default_factory=list)  # each accepted once, in arrival order
    _guard: ReplayGuard = field(default_factory=lambda: ReplayGuard(ttl_seconds=660))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._keys = {
            pair.kid: (code, import_jwk(pair.public_jwk())) for code, pair in self.agency_keys.items()
        }

    def for_application(self, application: str) -> list[Envelope]:
        return [report for report in self.reports if report.body.get("application") == application]

    def for_letter(self, letter: str) -> list[Envelope]:
        return [report for report in self.reports if report.body.get("letter") == letter]

    def letter_steps(self, letter: str) -> list[str]:
        """Each report's status, or the answer's outcome."""
        return [r.body.get("status") or r.body["outcome"] for r in self.for_letter(letter)]

    def events(self, application: str) -> list[str]:
        return [report.body["event"] for report in self.for_application(application)]

    def statuses(self, application: str) -> list[str]:
        return [report.body["status"] for report in self.for_application(application)]

    def _signed(self, envelope: Envelope, kind: str, body: dict[str, Any], status: int) -> Response:
        sealed = seal(reply_to(envelope, kind=kind, body=body), PORTAL)
        return Response(sealed, status_code=status, media_type=MEDIA_TYPE)

    async def callback(self, request: Request) -> Response:
        data = await request.body()
        with self._lock:
            self.requests += 1
            if self.down > 0:
                self.down -= 1
                return JSONResponse({"error": "unavailable"}, status_code=503)
        sender: dict[str, str] = {}

        def key_for(kid: str):
            found = self._keys.get(kid)
            if found is None:
                return None
            sender["code"] = found[0]
            return found[1]

        try:
            envelope = open_message(data, key_for=key_for, expected_aud="portal")
            if envelope.iss != sender["code"]:
                return JSONResponse({"error": "unexpected"}, status_code=400)
            self._guard.check(envelope.id)
        except ProtocolError as error:
            return JSONResponse({"error": error.code}, status_code=409 if error.code == "replayed" else 401)
        if envelope.kind not in (K.CASE_STATUS, K.CASE_ANSWER, K.LETTER_STATUS, K.LETTER_ANSWER):
            return self._signed(
                envelope, K.ERROR, {"error": "unsupported_kind", "detail": envelope.kind}, 422
            )
        if self.refuse_with is not None:
            return self._signed(envelope, K.ERROR, {"error": self.refuse_with, "detail": "test"}, 422)
        body = envelope.body
        problem = _letter_problem(envelope.kind, body)
        if problem is not None:
            return self._signed(envelope, K.ERROR, {"error": "malformed", "detail": problem}, 422)
        about = "letter" if "letter" in body else "application"
        with self._lock:
            known = any(
                r.body.get(about) == body[about] and r.body["event"] == body["event"] for r in self.reports
            )
            if not known:
                self.reports.append(envelope)
            if self.lose_acks > 0 and not known:
                self.lose_acks -= 1
                return JSONResponse({"error": "unavailable"}, status_code=503)
        return self._signed(envelope, K.ACK, {"repeat": known}, 200)

    def app(self) -> Starlette:
        return Starlette(routes=[Route(K.PORTAL_CALLBACK_PATH, self.callback, methods=["POST"])])


_BILINGUAL = {"ka", "en"}
_STATUSES = ("received", "in_progress", "clarification_needed", "extended")
_GROUNDS = (
    "public_information.search",
    "public_information.volume",
    "public_information.consultation",
    "personal_data.search",
    "personal_data.volume",
    "personal_data.consultation",
    "letter.examination",
)


def _bilingual(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == _BILINGUAL
        and all(isinstance(v, str) and v for v in value.values())
    )


def _letter_problem(kind: str, body: Any) -> str | None:
    """What in a letter report breaks the contract the portal holds agencies to, if anything."""
    if kind not in (K.LETTER_STATUS, K.LETTER_ANSWER):
        return None
    if (
        not isinstance(body.get("letter"), str)
        or not isinstance(body.get("event"), str)
        or len(body["event"]) > 64
    ):
        return "letter and event (at most 64 characters) are required"
    if "message" in body and not _bilingual(body["message"]):
        return "message is {ka, en}"
    if kind == K.LETTER_STATUS:
        status = body.get("status")
        if status not in _STATUSES:
            return f"status {status!r}"
        if status == "clarification_needed" and "message" not in body:
            return "clarification_needed needs a message"
        if (status == "extended") != ("extension" in body) or body.get(
            "extension", _GROUNDS[0]
        ) not in _GROUNDS:
            return "an extension ground goes with extended, and only with it"
        return None
    if body.get("outcome") not in ("answered", "refused") or "message" not in body:
        return "an answer has an outcome and a message"
    if (body["outcome"] == "refused") != _bilingual(body.get("refusal_ground")):
        return "a refusal names its ground, and only a refusal does"
    documents = body.get("documents", [])
    if not isinstance(documents, list) or not all(set(d) == {"name", "content"} for d in documents):
        return "documents are [{name, content}]"
    return None
