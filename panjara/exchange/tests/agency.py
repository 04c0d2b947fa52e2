"""A minimal agency for the exchange's own tests: a real aiohttp server on loopback that speaks
the protocol and can misbehave on demand. (The full demo agencies are exercised in tests/.)"""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import dataclass, field

from aiohttp import web

from panjara_protocol import MEDIA_TYPE, KeyPair, open_message, reply_to, seal
from panjara_protocol.kinds import QUERY_RESULT, SERVICES_DESCRIPTION


@dataclass
class TestAgency:
    code: str
    portal_key: dict  # the portal's public JWK
    key: KeyPair = field(default_factory=lambda: KeyPair.generate("test-agency-1"))
    mode: str = "ok"  # ok | hang | garbage | tamper | http503 | reuse_id
    services: list = field(default_factory=list)
    requests_seen: int = 0
    port: int = 0
    answer_kind_override: str | None = None
    _last_id: str | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        from panjara_protocol.keys import import_jwk

        self.requests_seen += 1
        data = await request.read()
        portal = import_jwk(self.portal_key)
        envelope = open_message(data, key_for={self.portal_key["kid"]: portal}.get, expected_aud=self.code)
        if self.mode == "hang":
            await asyncio.sleep(3600)
        if self.mode == "http503":
            return web.Response(status=503, text="maintenance")
        if self.mode == "garbage":
            return web.Response(body=b"<html>Bad gateway</html>\x00\xff", content_type="text/html")
        if envelope.kind == "services.describe":
            answer = reply_to(envelope, kind=SERVICES_DESCRIPTION, body={"services": self.services})
        else:
            answer = reply_to(
                envelope,
                kind=QUERY_RESULT,
                body={"status": "ok", "data": {"name": "ნინო", "echo": envelope.service}},
            )
        if self.answer_kind_override:
            answer = type(answer)(
                **{**answer.__dict__, "kind": self.answer_kind_override, "body": {"error": "no"}}
            )
        if self.mode == "reuse_id":
            if self._last_id:
                answer = type(answer)(**{**answer.__dict__, "id": self._last_id})
            self._last_id = answer.id
        sealed = bytearray(seal(answer, self.key))
        if self.mode == "tamper":
            # One byte of the payload changed after signing: what a man in the middle would do.
            dot = sealed.index(b".")
            sealed[dot + 5] = ord("A") if sealed[dot + 5] != ord("A") else ord("B")
        return web.Response(body=bytes(sealed), content_type=MEDIA_TYPE)

    def start(self) -> TestAgency:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        ready = threading.Event()

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            app = web.Application()
            app.router.add_post("/v1/query", self._handle)
            app.router.add_post("/v1/services", self._handle)
            runner = web.AppRunner(app)
            loop.run_until_complete(runner.setup())
            loop.run_until_complete(web.SockSite(runner, sock).start())
            ready.set()
            loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(5)
        return self

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
