"""Session timeouts and the account gate, on every request after authentication."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from panjara.core import clock

from .gate import pending_step, step_url
from .services.sessions import session_close, session_expired, session_state, session_touch


def _always_open(path: str) -> bool:
    # Pages any state may reach: the language switch, static files, help, the terms text (only
    # the text: the decide page is itself a step), signing out and the demo mailbox (where the
    # first-login codes arrive in the demo).
    prefixes = [settings.STATIC_URL, reverse("set_language"), reverse("identity:logout"), reverse("web:help")]
    if settings.DEMO_MODE:
        prefixes.append("/dev/")
    if any(path.startswith(prefix) for prefix in prefixes):
        return True
    terms = reverse("consent:terms")
    return path == terms or bool(re.fullmatch(re.escape(terms) + r"\d+/", path))


class AccountGateMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        state = session_state(request)
        now = clock.now()
        reason = "no_state" if state is None else session_expired(state=state, now=now)
        if reason:
            # A session without our state was not opened by our sign-in (it cannot be trusted
            # for assurance); an expired one ends on the server, not only in the browser.
            session_close(request=request, reason=f"expired_{reason}" if reason != "no_state" else "ended")
            if reason in ("idle", "absolute"):
                messages.info(
                    request, _("Your session ended because it was idle or too long. Please sign in again.")
                )
            return redirect(f"{reverse('identity:signin')}?next={request.get_full_path()}")
        session_touch(request=request, state=state, now=now)
        step = pending_step(user)
        if step and not _always_open(request.path):
            target = step_url(step)
            allowed = [target]
            if step == "refused":
                allowed += [reverse("consent:decide"), reverse("consent:export")]
            if not any(request.path.startswith(url) for url in allowed):
                return redirect(target)
        response = self.get_response(request)
        # Everything a signed-in person sees may be personal: no shared or browser cache keeps it
        # (ASVS V14.3), and the back button after sign-out shows nothing.
        add_never_cache_headers(response)
        return response
