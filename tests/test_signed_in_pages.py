"""Every page a signed-in citizen uses: served, one <h1>, the CSP with no inline code, and never
cached (identity issue, section 3; ASVS V3.4.3, V14.3.2), in Georgian and English."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = [
    "/me/",
    "/me/kept/",
    "/me/favourites/",
    "/me/data-use/",
    "/services/",
    "/inbox/",
    "/account/",
    "/account/sessions/",
    "/account/security/",
    "/account/notifications/",
    "/account/export/",
    "/terms/history/",
    "/applications/",
    "/vault/",
    "/vault/upload/",
]


@pytest.mark.parametrize("language", ["ka", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_a_signed_in_page_is_safe_to_show_and_never_cached(catalog, citizen_client, settings, path, language):
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = citizen_client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert f'<html lang="{language}"' in html
    assert "no-store" in response["Cache-Control"]
    policy = response.headers["Content-Security-Policy"]
    assert (
        "'unsafe-inline'" not in policy
        and "object-src 'none'" in policy
        and "frame-ancestors 'none'" in policy
    )
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "<style" not in html and re.search(r"\sstyle\s*=", html) is None
