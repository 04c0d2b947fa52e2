from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# The links of the base layout's header, menu and footer, by the name the template uses.
MENU = {
    "home": "web:home",
    "help": "web:help",
    "terms": "consent:terms",
    "services": "catalog:list",
    "signin": "identity:signin",
    "logout": "identity:logout",
    "set_language": "set_language",
    "personal": "personal:home",
    "inbox": "inbox:list",
    "profile": "identity:profile",
    "applications": "applications:list",
    "letters": "correspondence:list",
    "vault": "vault:list",
    "backoffice": "backoffice:home",
}


@cache
def _menu(prefix: str, urlconf: str) -> dict[str, str]:
    return {key: reverse(name, urlconf=urlconf) for key, name in MENU.items()}


def portal(request):
    # Every page renders the same 14 links: reversed once per process (and mount point), not
    # with 14 {% url %} per page (about 0.3 ms of a signed-in page, docs/performance.md).
    menu = _menu(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return {"DEMO_MODE": settings.DEMO_MODE, "SUPPORT": settings.SUPPORT, "MENU": menu}
