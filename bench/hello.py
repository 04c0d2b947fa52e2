"""The baseline for page throughput: a bare Django project (no apps, no middleware, no database)
whose one view answers "hello", served by the same uvicorn as the portal. Run as an ASGI app:
`uvicorn hello:application` from bench/."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application
from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("hello")


if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY=os.environ.get("PANJARA_SECRET_KEY", "bench-only-hello-key-0123456789abcdef"),
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
    )

urlpatterns = [path("", hello)]
application = get_asgi_application()
