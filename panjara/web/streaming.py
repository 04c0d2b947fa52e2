"""Pages sent in two parts: the page at once, its slow part when it is ready (ADR 0009).

The personal page waits for agencies (50 ms and more each, all at once). Served by the ASGI server,
everything around the wait — the header, menu, heading, favourites, the list of the page's
areas — is rendered by the view and sent at once; the slow part follows on the same response when
it is ready, and the rest of the page after it. The wait happens on the event loop: no request
thread (lane, `panjara.asgi`) is held while the agencies work, so a slow agency does not hold up
other people's pages. Under WSGI or Django's test client, which cannot send a response in parts,
the same parts are joined into one ordinary response.

The view renders the frame itself, before the middleware's response phase, because that phase
depends on what the frame used: the messages shown are marked read, a CSRF token it put in a form
sets its cookie. The slow part must therefore use neither (the personal page's cards do not).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable

from asgiref.sync import async_to_sync
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/html; charset=utf-8"


def page_in_parts(
    request: HttpRequest,
    *,
    template: str,
    context: dict,
    slot: str,
    later: Callable[[], Awaitable[str]],
) -> HttpResponse | StreamingHttpResponse:
    """Render `template` with the context variable `slot` standing for the slow part, and send
    it with what `later()` returns in that place. `later` runs on the event loop under ASGI, in
    the page's language; its HTML is inserted as it is (it must be rendered with escaping, as
    templates do)."""
    marker = f"<!--part-{secrets.token_hex(8)}-->"
    html = render_to_string(template, {**context, slot: mark_safe(marker)}, request=request)  # noqa: S308
    if html.count(marker) != 1:
        raise ValueError(f"{template} must show {{{{ {slot} }}}} exactly once")
    head, tail = html.split(marker)
    if isinstance(request, ASGIRequest):
        language = translation.get_language()
        response = StreamingHttpResponse(
            _parts(head, later, tail, language=language), content_type=CONTENT_TYPE
        )
        # A proxy that buffers whole responses would hold the first part back until the last.
        response["X-Accel-Buffering"] = "no"
        return response
    return HttpResponse(head + async_to_sync(later)() + tail, content_type=CONTENT_TYPE)


async def _parts(
    head: str, later: Callable[[], Awaitable[str]], tail: str, *, language: str
) -> AsyncIterator[bytes]:
    yield head.encode()
    # The language middleware finished when the view returned: the slow part is rendered in the
    # page's language again (the override reaches the request thread `later` may use, as
    # sync_to_async carries the context there).
    with translation.override(language):
        try:
            middle = await later()
        except Exception:
            # The status line and the frame are sent already, so there is no error page to turn
            # to: say so in the page's place and close the page properly.
            log.exception("the slow part of a page failed")
            middle = render_to_string("web/includes/part_failed.html")
    yield middle.encode()
    yield tail.encode()
