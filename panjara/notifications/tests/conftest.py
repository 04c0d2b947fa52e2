"""Fixtures: a real SMTP server (aiosmtpd) and a real HTTP SMS provider on loopback, time travel
through panjara.core.clock, and running the database worker."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template import TemplateDoesNotExist
from django.template.loader import get_template


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class FakeProvider:
    """A scripted SMS provider: each request takes the next (status, body) answer; the "hang"
    answer keeps the client waiting until the test releases it."""

    url: str = ""
    answers: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def sms_provider(settings) -> Iterator[FakeProvider]:
    provider = FakeProvider()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            provider.requests.append(
                {"headers": dict(self.headers), "json": json.loads(self.rfile.read(length).decode("utf-8"))}
            )
            status, body = provider.answers.pop(0) if provider.answers else (200, {"id": "default"})
            if status == "hang":
                provider.release.wait(10)
                return
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    provider.url = f"http://127.0.0.1:{server.server_address[1]}/v1/sms"
    settings.SMS = {
        "GATEWAY": "http",
        "HTTP_URL": provider.url,
        "HTTP_TOKEN": "test-token",
        "HTTP_SENDER": "Panjara",
        "HTTP_TIMEOUT_SECONDS": 2,
    }
    try:
        yield provider
    finally:
        provider.release.set()
        server.shutdown()
        server.server_close()


@pytest.fixture
def run_worker():
    def run() -> None:
        call_command(
            "db_worker",
            batch=True,
            queue_name="notifications",
            interval=0,
            startup_delay=False,
            reload=False,
            verbosity=0,
        )

    return run


@pytest.fixture
def base_layout(settings, tmp_path: Path) -> None:
    """The mailbox page extends web/base.html, written by another team; if it is not there yet,
    stand in a minimal one so these tests check only this app's part of the page."""
    try:
        get_template("web/base.html")
    except TemplateDoesNotExist:
        (tmp_path / "web").mkdir()
        (tmp_path / "web" / "base.html").write_text(
            "<!doctype html><title>{% block title %}{% endblock %}</title><main>{% block content %}{% endblock %}</main>"
        )
        templates = [dict(engine) for engine in settings.TEMPLATES]
        templates[0]["DIRS"] = [tmp_path, *templates[0].get("DIRS", [])]
        settings.TEMPLATES = templates
