"""The ASGI entry point: static files are answered without touching Django, the rest goes to it."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "panjara.settings.dev")

from django.conf import settings
from django.core.asgi import get_asgi_application

django_application = get_asgi_application()


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
