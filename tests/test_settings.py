"""Every settings module imports, and production refuses what is only safe on a laptop. Each case
runs in a fresh interpreter: settings are read once per process, from the environment."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "a-real-production-key-0123456789-abcdefghijklmnopqrstuvwxyz"
REAL_VAULT_KEY = "cmVhbC1wcm9kdWN0aW9uLXZhdWx0LWtleS0zMmJ5dGU="  # 32 bytes, base64


def run(code: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PANJARA_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(("module", "debug"), [("dev", "True"), ("test", "False")])
def test_the_settings_module_imports(module, debug):
    result = run(
        f"""
        from panjara.settings import {module} as s
        assert s.LANGUAGE_CODE == "ka" and s.TIME_ZONE == "Asia/Tbilisi"
        print(s.DEBUG, s.DEMO_MODE)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [debug, "True"]


def test_production_imports_with_a_real_secret_key_and_is_locked_down():
    result = run(
        """
        from panjara.settings import production as s
        assert s.DEBUG is False and s.DEMO_MODE is False
        assert s.SESSION_COOKIE_SECURE and s.CSRF_COOKIE_SECURE and s.LANGUAGE_COOKIE_SECURE
        assert s.SECURE_HSTS_SECONDS >= 31536000
        print("ok")
        """,
        PANJARA_SECRET_KEY=REAL_KEY,
        PANJARA_VAULT_KEY=REAL_VAULT_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_production_refuses_the_insecure_default_key():
    result = run("from panjara.settings import production")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PANJARA_SECRET_KEY" in result.stderr


def test_production_refuses_the_demo_vault_key():
    result = run("from panjara.settings import production", PANJARA_SECRET_KEY=REAL_KEY)
    assert result.returncode != 0
    assert "PANJARA_VAULT_KEY" in result.stderr


def test_production_refuses_demo_mode():
    result = run(
        "from panjara.settings import production",
        PANJARA_SECRET_KEY=REAL_KEY,
        PANJARA_VAULT_KEY=REAL_VAULT_KEY,
        PANJARA_DEMO_MODE="true",
    )
    assert result.returncode != 0
    assert "PANJARA_DEMO_MODE" in result.stderr


@pytest.mark.parametrize(("demo", "mailbox_exists"), [("false", False), ("true", True)])
def test_the_development_mailbox_exists_only_in_demo_mode(demo, mailbox_exists):
    result = run(
        """
        import django
        django.setup()
        from django.urls import Resolver404, resolve
        try:
            resolve("/dev/mailbox/")
            print("resolved")
        except Resolver404:
            print("absent")
        from panjara import urls
        print(any(str(p.pattern) == "dev/" for p in urls.urlpatterns))
        """,
        DJANGO_SETTINGS_MODULE="panjara.settings.dev",
        PANJARA_DEMO_MODE=demo,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == (["resolved", "True"] if mailbox_exists else ["absent", "False"])
