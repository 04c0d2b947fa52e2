"""The ASGI entry point: static files are answered without touching Django, the rest goes to it."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panjara.settings.dev")

from concurrent.futures import ThreadPoolExecutor

import django
from asgiref.sync import ThreadSensitiveContext, iscoroutinefunction, sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.base import BaseHandler
from django.urls import Resolver404, get_resolver


class _Lane(ThreadPoolExecutor):
    """One worker thread, and how many requests in flight it serves (changed only on the loop)."""

    def __init__(self) -> None:
        super().__init__(max_workers=1, thread_name_prefix="panjara-lane")
        self.requests = 0


class _SyncViews(BaseHandler):
    """The same middleware loaded for sync: a request for a sync view runs its whole middleware
    chain and view in one trip to its lane.

    Django's ASGI handler loads the chain for async. With the portal's sync middleware last, that
    chain crosses to a thread for the middleware, back to the event loop for Django's inner
    handler, and to the thread again for the view (and back for each response): three waits for
    the interpreter per request instead of one. Only the async views (the personal page) need the
    async chain."""

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware(is_async=False)

    def resolve_request(self, request):
        # The ASGI handler resolved the path already to choose this chain: do not do it twice.
        match = request.__dict__.pop("_portal_match", None)
        if match is None:
            return super().resolve_request(request)
        request.resolver_match = match
        return match


class PortalASGIHandler(ASGIHandler):
    """Django's ASGI handler with the requests' sync work on a few long-lived threads ("lanes")
    instead of a new thread per request.

    Django gives every request a thread of its own (and asgiref joins it in yet another), so 16
    requests in flight are 16 threads taking turns at the interpreter; that contention doubled a
    signed-in page's CPU at 16 connections (docs/performance.md). Here a request takes an idle
    lane, or opens one while there are fewer than `lanes`, or else queues on the least busy lane.
    A request's sync steps (the middleware chain with a sync view, the ORM calls of an async
    view) run one at a time on its lane, as on a one-thread WSGI worker. The price: a request
    queued behind a lane's request that waits on I/O waits too, which is why there are several
    lanes and a request avoids a busy one while any is idle.

    A request for a sync view (all but the personal page's) runs its middleware and view in one
    trip to its lane (`_SyncViews`). Django keeps a database connection per thread, so each lane
    also keeps one open between requests (CONN_MAX_AGE) instead of opening one per request."""

    def __init__(self, *, lanes: int) -> None:
        super().__init__()
        self.lanes: list[_Lane] = []
        self.most = max(1, lanes)
        self.sync_views = _SyncViews()

    async def get_response_async(self, request):
        # The path is resolved here to choose the chain; the sync chain reuses the match.
        try:
            match = get_resolver().resolve(request.path_info)
        except Resolver404:
            match = None  # the sync chain resolves again and answers with the 404 page
        if match is not None and iscoroutinefunction(match.func):
            return await super().get_response_async(request)
        request._portal_match = match
        return await sync_to_async(self.sync_views.get_response, thread_sensitive=True)(request)

    def _lane(self) -> _Lane:
        idle = [lane for lane in self.lanes if lane.requests == 0]
        if idle:
            return idle[0]
        if len(self.lanes) < self.most:
            self.lanes.append(_Lane())
            return self.lanes[-1]
        return min(self.lanes, key=lambda lane: lane.requests)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        lane = self._lane()
        lane.requests += 1
        try:
            async with ThreadSensitiveContext(executor=lane):
                await self.handle(scope, receive, send)
        finally:
            lane.requests -= 1


django.setup(set_prefix=False)
django_application = PortalASGIHandler(lanes=settings.ASGI_LANES)


def _static_application():
    from starlette.staticfiles import StaticFiles

    return StaticFiles(directory=settings.STATIC_ROOT, check_dir=False)


_static = _static_application()


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"].startswith(settings.STATIC_URL):
        scope = dict(
            scope,
            root_path=scope.get("root_path", "") + settings.STATIC_URL.rstrip("/"),
            path=scope["path"][len(settings.STATIC_URL) - 1 :],
        )
        await _static(scope, receive, send)
        return
    await django_application(scope, receive, send)
