"""Cookies under the production settings, CSRF refusals and sign-out only by POST (identity issue,
section 3; ASVS V3.3.1-V3.3.4, V3.4.1, V3.5.1, V3.5.3)."""

import base64
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from panjara.identity import preferences
from panjara.identity.preferences import channels_for
from panjara.identity.testing import sign_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "a long enough pass phrase"  # citizen_create's
PRODUCTION_NAMES = [
    f"{prefix}_{name}"
    for prefix in ("SESSION_COOKIE", "CSRF_COOKIE", "LANGUAGE_COOKIE")
    for name in ("NAME", "SECURE", "HTTPONLY", "SAMESITE", "PATH", "DOMAIN")
] + ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT"]


@pytest.fixture(scope="module")
def production():
    """The cookie and HSTS values of panjara.settings.production, read in a fresh interpreter (the
    module reads the environment once and refuses the demo's secret key)."""
    code = (
        "import json; from panjara.settings import production as s; "
        f"print(json.dumps({{name: getattr(s, name, None) for name in {PRODUCTION_NAMES!r}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PANJARA_", "DJANGO_"))}
    env = {
        **clean,
        "PYTHONPATH": str(ROOT),
        # Production refuses the demo's keys; any real-looking ones will do here.
        "PANJARA_SECRET_KEY": "a-real-production-key-" + "x" * 40,
        "PANJARA_VAULT_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    values = {name: value for name, value in json.loads(result.stdout).items() if value is not None}
    return override_settings(**values)


def _host_cookie(response, name: str, *, httponly: bool = True):
    """A cookie as a browser would take it under the __Host- prefix rules."""
    assert name.startswith("__Host-"), name
    cookie = response.cookies[name]
    assert cookie["secure"] is True, f"{name} is not Secure"
    assert cookie["path"] == "/" and not cookie["domain"], f"{name} breaks the __Host- rules"
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["httponly"]) is httponly
    return cookie


def test_in_production_every_cookie_is_secure_host_only_and_hidden_from_scripts(
    production, citizen, read_code, settings
):
    client = Client()
    with production:
        page = client.get(reverse("identity:signin"), secure=True)
        csrf = _host_cookie(page, settings.CSRF_COOKIE_NAME)
        assert settings.CSRF_COOKIE_NAME == "__Host-csrftoken" and csrf.value
        assert "includeSubDomains" in page["Strict-Transport-Security"]
        assert "max-age=63072000" in page["Strict-Transport-Security"]

        client.post(reverse("identity:signin"), {"email": citizen.email, "password": PASSWORD}, secure=True)
        response = client.post(
            reverse("identity:signin_code"),
            {"action": "check", "code": read_code(citizen.mobile)},
            secure=True,
        )
        assert response.status_code == 302
        session = _host_cookie(response, "__Host-session")
        assert session.value and not session["max-age"], "the session cookie ends with the browser"

        response = client.post("/i18n/setlang/", {"language": "en", "next": "/help/"}, secure=True)
        _host_cookie(response, "__Host-language")
        assert response.cookies["__Host-language"].value == "en"
        assert '<html lang="en"' in client.get("/help/", secure=True).content.decode()


def test_a_post_without_the_csrf_token_is_refused_on_sign_in_and_on_a_signed_in_form(citizen):
    browser = Client(enforce_csrf_checks=True)
    refused = browser.post(reverse("identity:signin"), {"email": citizen.email, "password": PASSWORD})
    assert refused.status_code == 403
    browser.get(reverse("identity:signin"))
    token = browser.cookies["csrftoken"].value
    accepted = browser.post(
        reverse("identity:signin"),
        {"email": citizen.email, "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert accepted["Location"] == reverse("identity:signin_code")

    signed_in = Client(enforce_csrf_checks=True)
    sign_in(signed_in, citizen)
    assert signed_in.post(reverse("identity:notifications"), {"status": []}).status_code == 403
    citizen.refresh_from_db()
    assert channels_for(user=citizen, group=preferences.STATUS) == ["email", "sms"]
    assert signed_in.post(reverse("identity:logout")).status_code == 403
    assert signed_in.get(reverse("web:help")).wsgi_request.user.is_authenticated


def test_opening_the_sign_out_address_does_not_sign_out(citizen_client):
    """Only the sign-out button (a POST) signs out: a link or an image elsewhere cannot."""
    assert citizen_client.get(reverse("identity:logout")).status_code == 405
    assert citizen_client.get(reverse("web:help")).wsgi_request.user.is_authenticated
    citizen_client.post(reverse("identity:logout"))
    assert not citizen_client.get(reverse("web:help")).wsgi_request.user.is_authenticated
