import re

import pytest

from panjara.consent.demo import demo_terms
from panjara.consent.services import terms_publish

PAGES = ["/", "/help/", "/signin/", "/terms/", "/terms/1/", "/no-such-page/"]


@pytest.fixture
def published(django_user_model):
    admin = django_user_model.objects.create_user("dea@example.ge", "x", is_staff=True)
    return terms_publish(**demo_terms(), published_by=admin)


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_the_content_security_policy_forbids_inline_code_objects_and_framing(client, published, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["ka", "en"])
def test_no_page_has_inline_script_or_style(client, published, settings, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(path).content.decode()
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "<style" not in html
    assert re.search(r"\sstyle\s*=", html) is None
    assert re.search(r"\son[a-z]+\s*=", html) is None  # no inline event handlers either


def test_pages_cannot_be_framed(client):
    assert client.get("/").headers["X-Frame-Options"] == "DENY"
