"""For tests that run the portal's own processes next to the test: a database both can open, and
a task worker (`manage.py db_worker`) the test can start, kill and start again.

pytest-django's SQLite test database lives in memory, where no other process can reach it. For
such a test, `shared_database` copies it to a file of the test's own with SQLite's backup API (the
schema and whatever the session put there come along) and points the test's connection, and every
connection a thread opens from then on, at the file until the test ends; the in-memory database
is kept open aside and comes back afterwards. On PostgreSQL the test database is already one that
other processes open; the test must be transactional (`transactional_db`) so that what it writes
is committed where they can see it."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent


def _postgres_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{credentials}{settings_dict.get('HOST') or ''}{port}/{quote(settings_dict['NAME'])}"


@contextmanager
def shared_database(folder: Path) -> Iterator[str]:
    """The test database as a PANJARA_DATABASE_URL another process can open (see the module)."""
    from django.db import connections

    original = connections["default"]
    if original.vendor == "postgresql":
        yield _postgres_url(original.settings_dict)
        return
    if original.vendor != "sqlite":
        raise RuntimeError(f"no way to share a {original.vendor} test database with a process")
    path = folder / "shared.sqlite3"
    original.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        original.connection.backup(copy)
    finally:
        copy.close()
    previous = connections.settings["default"]
    connections.settings["default"] = {**previous, "NAME": path}
    connections["default"] = connections.create_connection("default")
    try:
        yield f"sqlite:///{path}"  # an absolute path after the three slashes: four in all
    finally:
        connections["default"].close()
        connections.settings["default"] = previous
        connections["default"] = original


def wait_until(condition: Callable[[], bool], *, seconds: float, every: float = 0.02) -> bool:
    """Poll `condition` until it holds or the time is up; says which."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


class WorkerProcess:
    """`manage.py db_worker` as `make run` starts it (every queue, no autoreload), against the
    test's database, with its output in a log file the test can show when it fails."""

    def __init__(self, *, database_url: str, log: Path, environment: dict[str, str]) -> None:
        self.log = log
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "panjara.settings.test",
            "PANJARA_DATABASE_URL": database_url,
            "PANJARA_LOG_LEVEL": "INFO",
            **environment,
        }
        with log.open("ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload",
                 "--interval", "0.05", "--no-startup-delay"],
                cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def kill(self) -> None:
        """SIGKILL: no handler runs, no transaction is finished, the job in hand is lost."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])
