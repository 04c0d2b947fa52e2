"""Test helpers: a request driven straight through an ASGI application, as the server does."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field


@dataclass
class AsgiAnswer:
    status: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    # Each part of the body as it was sent, with the moment (time.perf_counter) it was sent.
    parts: list[tuple[float, bytes]] = field(default_factory=list)

    @property
    def html(self) -> str:
        return b"".join(body for _moment, body in self.parts).decode()


async def asgi_get(app, path: str, cookie: str = "", *, answer: AsgiAnswer | None = None) -> AsgiAnswer:
    """GET `path` from the ASGI application `app` with this Cookie header, and keep every part
    of the answer in the order and at the moment it was sent (in `answer`, when given, so that a
    test can watch it arrive)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1"), (b"cookie", cookie.encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    asked = asyncio.Event()

    async def receive():
        if not asked.is_set():
            asked.set()
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.sleep(3600)  # the client stays connected until the answer is sent

    answer = answer if answer is not None else AsgiAnswer()

    async def send(message):
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = {k.decode().lower(): v.decode() for k, v in message.get("headers", [])}
        elif message["type"] == "http.response.body":
            answer.parts.append((time.perf_counter(), message.get("body", b"")))

    await app(scope, receive, send)
    return answer
