from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from panjara.web.views import set_language

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("exchange/", include("panjara.exchange.urls")),
    # Staff sign in like everyone else (password and a second factor); the admin's own
    # password-only login page is never served.
    path("backoffice/admin/login/", RedirectView.as_view(pattern_name="identity:signin", query_string=True)),
    path("backoffice/admin/", admin.site.urls),
    path("backoffice/", include("panjara.backoffice.urls")),
    path("", include("panjara.identity.urls")),
    path("", include("panjara.consent.urls")),
    path("", include("panjara.personal.urls")),
    path("", include("panjara.catalog.urls")),
    path("", include("panjara.audit.urls")),
    path("inbox/", include("panjara.inbox.urls")),
    path("vault/", include("panjara.vault.urls")),
    path("applications/", include("panjara.applications.urls")),
    path("", include("panjara.correspondence.urls")),
    path("", include("panjara.web.urls")),
]

if settings.DEMO_MODE:
    # The development mailbox shows SMS and e-mail the demo "sent"; it does not exist in production.
    urlpatterns.insert(0, path("dev/", include("panjara.notifications.dev_urls")))

handler404 = "panjara.web.views.page_not_found"
handler500 = "panjara.web.views.server_error"
