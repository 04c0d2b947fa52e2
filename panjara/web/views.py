import logging

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.i18n import set_language as django_set_language

from panjara.catalog.categories import CHOICES
from panjara.identity.services.profile import account_language_set

logger = logging.getLogger(__name__)


def home(request):
    return render(request, "web/home.html", {"categories": CHOICES})


def help_and_contact(request):
    return render(request, "web/help.html")


def set_language(request):
    """Django's language switch; for a signed-in person the choice is also stored on the account,
    so that SMS, e-mail and inbox notices (sent when the browser is not there to ask) come in
    the language they use the portal in."""
    response = django_set_language(request)
    chosen = response.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    # Django accepts any language it has a catalog for; the portal speaks only its LANGUAGES.
    supported = chosen is not None and chosen.value in dict(settings.LANGUAGES)
    if request.method == "POST" and supported and request.user.is_authenticated:
        account_language_set(user=request.user, language=chosen.value)
    return response


def page_not_found(request, exception):
    return render(request, "web/404.html", status=404)


# Said in both languages because the 500 page may be all that is left when translation failed.
FALLBACK_500 = (
    "<!doctype html><html lang='ka'><meta charset='utf-8'><title>შეცდომა / Error</title>"
    "<h1>ბოდიშს გიხდით, სისტემაში შეცდომაა.</h1><p>სცადეთ მოგვიანებით.</p>"
    "<h2 lang='en'>Sorry, there is a problem with the service.</h2><p lang='en'>Try again later.</p></html>"
)


def server_error(request):
    """Rendered with a plain context (no context processors, no database, no session): the error
    may have come from any of those. If even that fails, a static bilingual page is returned."""
    try:
        stylesheet = static("web/panjara.css")
    except Exception:  # a missing static manifest must not hide the original error
        stylesheet = ""
    try:
        html = loader.get_template("web/500.html").render(
            {"stylesheet": stylesheet, "support": settings.SUPPORT}
        )
    except Exception:
        logger.exception("the 500 page itself failed to render")
        html = FALLBACK_500
    return HttpResponseServerError(html)
