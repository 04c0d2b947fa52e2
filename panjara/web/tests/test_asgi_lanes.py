"""The portal's ASGI handler (panjara.asgi.PortalASGIHandler) serves requests' sync work on a few
reused threads. Requests that share a thread must still each be answered for their own person,
and a burst must not start a thread per request (docs/performance.md)."""

import asyncio
import threading

import pytest
from django.conf import settings
from django.test import Client

from panjara.asgi import PortalASGIHandler
from panjara.identity.testing import citizen_create, sign_in
from panjara.web.testing import asgi_get

pytestmark = pytest.mark.django_db(transaction=True)


async def _get(app, path: str, cookie: str) -> tuple[int, str]:
    answer = await asgi_get(app, path, cookie)
    return answer.status, answer.html


def _cookie_of(user) -> str:
    client = Client()
    sign_in(client, user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def test_pages_served_at_once_on_shared_threads_each_show_their_own_person():
    """R-ID-6: two people's pages, 24 at once on two threads, never show the other person."""
    nino = citizen_create(
        personal_number="01024085002", given_name_ka="ნინო", given_name_en="Nino", mobile="555100002"
    )
    giorgi = citizen_create()
    cookies = {"ნინო": _cookie_of(nino), "გიორგი": _cookie_of(giorgi)}
    app = PortalASGIHandler(lanes=2)

    async def burst():
        names = list(cookies) * 12
        answers = await asyncio.gather(*(_get(app, "/help/", cookies[name]) for name in names))
        return list(zip(names, answers, strict=True))

    for name, (status, html) in asyncio.run(burst()):
        other = next(n for n in cookies if n != name)
        assert status == 200
        assert f'class="header__user">{name}' in html
        assert f'class="header__user">{other}' not in html


def test_a_burst_of_requests_starts_no_more_threads_than_the_lanes():
    app = PortalASGIHandler(lanes=3)
    before = {t.ident for t in threading.enumerate()}

    async def burst():
        return await asyncio.gather(*(_get(app, "/help/", "") for _ in range(30)))

    answers = asyncio.run(burst())
    started = [
        t for t in threading.enumerate() if t.ident not in before and t.name.startswith("panjara-lane")
    ]
    assert [status for status, _ in answers] == [200] * 30
    assert len(app.lanes) == 3
    assert len(started) <= 3


def test_sync_pages_async_pages_and_unknown_paths_each_get_their_answer():
    """A sync view (help), a page sent in parts (the personal page) and a path that is no page,
    through the same handler: each answered as the person expects, signed in where they are."""
    giorgi = citizen_create()
    cookie = _cookie_of(giorgi)
    app = PortalASGIHandler(lanes=2)

    async def pages():
        return await asyncio.gather(
            _get(app, "/help/", cookie), _get(app, "/me/", cookie), _get(app, "/no-such-page/", cookie)
        )

    (help_status, help_html), (me_status, me_html), (missing_status, missing_html) = asyncio.run(pages())
    assert (help_status, me_status, missing_status) == (200, 200, 404)
    assert 'class="header__user">გიორგი' in help_html
    assert 'class="header__user">გიორგი' in me_html and "<h1" in me_html
    assert "<main" in missing_html  # the portal's own 404 page, not a bare error


def test_a_session_ended_elsewhere_counts_on_the_next_request_on_a_kept_connection():
    """Sessions and users are loaded on every request (identity.loading) over a connection each
    lane keeps open: signing out in another place still ends this page's session at once."""
    giorgi = citizen_create()
    cookie = _cookie_of(giorgi)
    app = PortalASGIHandler(lanes=1)
    status, html = asyncio.run(_get(app, "/help/", cookie))
    assert status == 200 and "header__signout" in html
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=cookie.split("=", 1)[1]).delete()
    status, html = asyncio.run(_get(app, "/help/", cookie))
    assert status == 200 and "header__signout" not in html
