"""The personal page under the ASGI server comes in parts (web.streaming, ADR 0009): the page at
once, the cards when the agencies answered. While it waits, the request's thread serves others;
a failure after the first part still ends the page properly, with a notice in the cards' place
(R-PP-1, R-PP-5)."""

from __future__ import annotations

import asyncio

import pytest
from django.conf import settings
from django.test import Client

from panjara.asgi import PortalASGIHandler
from panjara.identity.testing import sign_in
from panjara.web.testing import AsgiAnswer, asgi_get

from .test_personal_page import PERSON_CARDS

pytestmark = pytest.mark.django_db(transaction=True)
SLOW_MS = 300  # below the agencies' 600 ms timeout in the tests: psda answers, late


def _cookie(user) -> str:
    client = Client()
    sign_in(client, user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.LANGUAGE_COOKIE_NAME}=en"


async def _first_part(page: AsgiAnswer) -> bytes:
    async with asyncio.timeout(10):
        while not page.parts:
            await asyncio.sleep(0.005)
    return page.parts[0][1]


def test_the_page_comes_first_and_the_cards_when_the_agencies_answered(catalog, agencies, citizen):
    agencies["psda"].latency_ms = SLOW_MS
    # One request thread: if the page held it while psda works, the help page would wait too.
    app = PortalASGIHandler(lanes=1)
    cookie = _cookie(citizen)

    async def visit():
        page = AsgiAnswer()
        loading = asyncio.create_task(asgi_get(app, "/me/", cookie, answer=page))
        first = await _first_part(page)
        other = await asgi_get(app, "/help/", cookie)
        await loading
        return page, first, other

    page, first, other = asyncio.run(visit())
    first_html = first.decode()
    assert page.status == 200 and "no-store" in page.headers["cache-control"]
    assert page.headers["x-accel-buffering"] == "no"
    assert '<h1 class="heading-xl">Your personal page</h1>' in first_html
    assert "Your favourite services" in first_html and 'href="#area-person"' in first_html
    assert "data-card" not in first_html  # no card before the agencies answered
    assert other.status == 200 and "<h1" in other.html
    cards_sent = next(moment for moment, body in page.parts if b"data-card" in body)
    help_done = other.parts[-1][0]
    assert help_done < cards_sent  # served while the personal page waited for psda
    html = page.html
    assert html.count('<section class="data-card') == len(PERSON_CARDS)
    assert "Source: psda" in html and "წყარო" not in html  # the cards in the page's language
    assert "data-card--unavailable" not in html
    assert html.rstrip().endswith("</html>")


def test_a_failure_after_the_first_part_ends_the_page_with_a_notice(catalog, citizen, monkeypatch):
    async def broken(**_arguments):
        raise RuntimeError("the log could not be written")

    monkeypatch.setattr("panjara.personal.views.cards_fetch", broken)
    app = PortalASGIHandler(lanes=1)
    page = asyncio.run(asgi_get(app, "/me/", _cookie(citizen)))
    assert page.status == 200
    assert "Your personal page" in page.html
    assert "This part of the page could not be shown because of an error on the portal." in page.html
    assert "data-card" not in page.html
    assert page.html.rstrip().endswith("</html>")
