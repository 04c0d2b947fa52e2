"""The code page of a person who is signed in already: confirming it is you before a change
(reauth) and raising a session's assurance (step_up). Both ask for the second factor
(identity.second_factor has the limits) and both end the same way when a code's tries are used
up: whoever is guessing holds the session, so the session ends, not just the attempt. Signing in
(views.signin_code) has no session to end yet and keeps its own page."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms import CodeForm
from .second_factor import Outcome, factor_context, factor_post
from .services.sessions import session_close


def code_step(
    request: HttpRequest,
    *,
    key: str,
    state: dict,
    next_url: str,
    here: str,
    template: str,
    limit_message: str,
    close_reason: str,
    on_ok: Callable[[str], HttpResponse],
) -> HttpResponse:
    """Show the code page (`template`, stage "code"), or carry out its POST: "check" a code,
    "resend" an SMS code or "use_sms" instead of the app, then back to `here`. Any other action
    (a "send the code" form submitted twice) just shows the page again. A right code calls
    `on_ok` with the factor it came from ("totp" or "sms"), which finishes what it was for. Too
    many wrong codes end the session, audited as "session.<close_reason>"."""
    user = request.user
    action = request.POST.get("action", "check")
    form = CodeForm(request.POST or None) if action == "check" else CodeForm()
    if request.method == "POST":
        outcome = factor_post(
            request, key=key, state=state, user=user, form=form, limit_message=limit_message
        )
        if outcome is Outcome.AGAIN:
            return redirect(here)
        if outcome is Outcome.EXHAUSTED:
            # As with five wrong passwords: whoever guesses here holds the session already.
            session_close(request=request, reason=close_reason)
            messages.error(
                request, _("You typed a wrong code too many times, so we signed you out. Sign in again.")
            )
            return redirect("identity:signin")
        if outcome is Outcome.OK:
            return on_ok(state["factor"])
    context = {"form": form, "next": next_url, "stage": "code", **factor_context(state=state, user=user)}
    return render(request, template, context)
