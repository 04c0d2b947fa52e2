"""Reading settings from the environment. Every value has a safe default, so the embedded demo
runs with no configuration at all; production.py refuses the defaults that are only safe locally."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured


def text(name: str, default: str) -> str:
    return os.environ.get(name, default)


def flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def number(name: str, default: float) -> float:
    value = os.environ.get(name)
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


def items(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def database(url: str, *, base_dir: Path) -> dict:
    """sqlite:///relative/or/absolute.db or postgres://user:password@host:port/name."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative/path (three slashes) or sqlite:////absolute/path (four).
        raw = unquote(parts.netloc + parts.path)
        path = raw[1:] if raw.startswith("/") else raw
        name = Path(path) if Path(path).is_absolute() else base_dir / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of
                # failing with "database is locked" when one upgrades from a read lock.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON",
            },
            # Kept open between requests: the portal's request threads are long-lived lanes
            # (panjara.asgi), and Django keeps a connection per thread, so each lane reuses one
            # instead of opening a file and registering Django's SQL functions per request.
            "CONN_MAX_AGE": 60,
            "TEST": {"NAME": None},
        }
    if parts.scheme in {"postgres", "postgresql"}:
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "panjara",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(f"PANJARA_DATABASE_URL: unsupported scheme {parts.scheme!r}")
