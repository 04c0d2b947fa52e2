"""Step-up sign-in (issue 4 §4; R-AL-1): each service names the assurance it needs, and a session
opened with a hall's one-time password is only "low". Rather than signing out and in again,
the person proves the second factor here — the authenticator app's code, or without the app a
code sent by SMS to the confirmed mobile — and this same session is raised to "substantial",
with a new id, as signing in would give (identity.second_factor has the limits).

/account/step-up/?next=<page>: other apps link here with the page that asked for more; a
session that is strong enough already goes straight there."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from .code_step import code_step
from .models import ASSURANCE_ORDER, AccountSession, Assurance
from .second_factor import factor_of, factor_pending, factor_start, masked_mobile, pause_message
from .selectors import codes_pause_left
from .services.sessions import session_assurance, session_step_up
from .views import safe_next

STEP_UP = "panjara_step_up"
TEMPLATE = "identity/step_up.html"


def _here(next_url: str) -> str:
    return f"{reverse('identity:step_up')}?{urlencode({'next': next_url})}"


@never_cache
@require_http_methods(["GET", "POST"])
def step_up(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = safe_next(request)
    if ASSURANCE_ORDER.get(session_assurance(request), -1) >= ASSURANCE_ORDER[Assurance.SUBSTANTIAL]:
        request.session.pop(STEP_UP, None)
        return redirect(next_url)
    user = request.user
    state = factor_pending(request, key=STEP_UP, user_id=user.pk)
    if state is None:
        factor = factor_of(user)
        context = {"next": next_url, "factor": factor, "mobile": masked_mobile(user.mobile)}
        if not factor:
            return render(request, TEMPLATE, {**context, "stage": "none"})
        if factor == "sms" and not (request.method == "POST" and request.POST.get("action") == "start"):
            # An SMS goes out only when the person asks for it (a POST), never because a link was
            # opened or prefetched.
            paused = codes_pause_left(user=user)
            return render(
                request,
                TEMPLATE,
                {**context, "stage": "start", "paused_message": pause_message(paused) if paused else ""},
            )
        if paused := codes_pause_left(user=user):
            messages.error(request, pause_message(paused))
            return redirect(_here(next_url))
        factor_start(request, key=STEP_UP, user=user, purpose="step_up")
        return redirect(_here(next_url))
    return code_step(
        request,
        key=STEP_UP,
        state=state,
        next_url=next_url,
        here=_here(next_url),
        template=TEMPLATE,
        limit_message=_("No more codes can be sent. Start again later."),
        close_reason="step_up_failed",
        on_ok=lambda factor: _stepped_up(request, factor=factor, next_url=next_url),
    )


def _stepped_up(request, *, factor: str, next_url: str):
    method = AccountSession.Method.PASSWORD_TOTP if factor == "totp" else AccountSession.Method.PASSWORD_SMS
    session_step_up(request=request, method=method)
    messages.success(request, _("Thank you. Your sign-in is now confirmed with a second factor."))
    return redirect(next_url)
