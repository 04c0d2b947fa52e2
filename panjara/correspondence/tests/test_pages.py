"""The correspondence pages a citizen uses: served in both languages with one <h1>, never cached
when signed in, and no inline code (as tests/test_signed_in_pages.py asks of every page)."""

from __future__ import annotations

import re

import pytest

from .conftest import write

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["ka", "en"])
def test_the_letter_pages_are_safe_to_show_and_never_cached(citizen_client, ministry, settings, language):
    letter = write(citizen_client, subject="თემა", text="ტექსტი")
    citizen_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for path in ("/bodies/", "/bodies/moj/", "/letters/", "/letters/new/", f"/letters/{letter.pk}/"):
        response = citizen_client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert html.count("<h1") == 1, path
        assert f'<html lang="{language}"' in html
        assert "no-store" in response["Cache-Control"], path
        assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
        assert "<style" not in html and re.search(r"\sstyle\s*=", html) is None
