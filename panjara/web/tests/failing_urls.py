"""A URLconf with a view that fails, for the 500 page test."""

from django.urls import path


def boom(request):
    raise RuntimeError("a view that fails")


urlpatterns = [path("boom/", boom)]
handler500 = "panjara.web.views.server_error"
