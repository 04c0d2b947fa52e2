"""Test helpers: a real server on a loopback port, the portal's test key, a small aiohttp client.

Kept out of conftest.py so that every test imports the one copy (and the one portal key)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import aiohttp
import uvicorn

from panjara_protocol import KeyPair, Party, new_envelope, seal

PORTAL = KeyPair.generate("portal-test-1")
GIORGI = "01024085001"


class ServerThread:
    """uvicorn serving `app` from a thread, on a port the OS picked."""

    def __init__(self, app: Any) -> None:
        self.app = app  # tests read the agencies' state (their case registers) from it
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    elapsed: float


async def _post(url: str, data: bytes, timeout: float) -> Reply:
    started = time.perf_counter()
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            url,
            data=data,
            headers={"Content-Type": "application/jose"},
            timeout=aiohttp.ClientTimeout(total=timeout),
        ) as response,
    ):
        body = await response.read()
        return Reply(response.status, response.content_type, body, time.perf_counter() - started)


def run(coroutine: Any) -> Any:
    """asyncio.run on a thread of its own: in a full suite run another test (Playwright's sync
    API, for one) may have left an event loop running in this thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def post(url: str, data: bytes, *, timeout: float = 10.0) -> Reply:
    return run(_post(url, data, timeout))


def get(url: str) -> Reply:
    async def fetch() -> Reply:
        async with aiohttp.ClientSession() as session, session.get(url) as response:
            return Reply(response.status, response.content_type, await response.read(), 0.0)

    return run(fetch())


def query(
    agency: str, service: str, subject: Party | None, *, key: KeyPair = PORTAL, **overrides: Any
) -> bytes:
    """A request sealed (by the portal's key unless told otherwise), as the portal would send it."""
    fields: dict[str, Any] = dict(
        iss="portal",
        aud=agency,
        kind="query",
        purpose="personal-page",
        service=f"{agency}.{service}",
        subject=subject,
    )
    fields.update(overrides)
    return seal(new_envelope(**fields), key)


def person(number: str = GIORGI) -> Party:
    return Party(kind="person", id=number)


EIGHT = ("psda", "napr", "rs", "mia", "nbe", "ssa", "utilities", "eqe")
