"""A small stand-in for the portal's callback endpoint (protocol §6.4), served on loopback.

It does what the portal does with a case report, and no more: verify the agency's signature
with panjara_protocol, refuse a replayed message id, recognise a report it already has by its
`event`, and answer with an `ack` signed by the portal's test key. Knobs let a test take it down
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
        return [report for report in self.reports if report.body["application"] == application]

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
        if envelope.kind not in (K.CASE_STATUS, K.CASE_ANSWER):
            return self._signed(
                envelope, K.ERROR, {"error": "unsupported_kind", "detail": envelope.kind}, 422
            )
        if self.refuse_with is not None:
            return self._signed(envelope, K.ERROR, {"error": self.refuse_with, "detail": "test"}, 422)
        body = envelope.body
        with self._lock:
            known = any(
                r.body["application"] == body["application"] and r.body["event"] == body["event"]
                for r in self.reports
            )
            if not known:
                self.reports.append(envelope)
            if self.lose_acks > 0 and not known:
                self.lose_acks -= 1
                return JSONResponse({"error": "unavailable"}, status_code=503)
        return self._signed(envelope, K.ACK, {"repeat": known}, 200)

    def app(self) -> Starlette:
        return Starlette(routes=[Route(K.PORTAL_CALLBACK_PATH, self.callback, methods=["POST"])])
