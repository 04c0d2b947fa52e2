"""Confirming it is you again before a sensitive change (identity issue, section 3): changing a
contact or the password, adding or removing the authenticator app, signing out other sessions.

A signed-in session is not proof enough for these: someone at an unlocked computer holds one
too, and a changed contact would let them keep the account. So the views are wrapped in
`reauth_required`, which sends the person to /account/confirm/ unless they confirmed in this
session within `max_age`. Confirming takes the full set of factors, as signing in does (ASVS
V7.5.1): the password, then the authenticator app's code or, without the app, a code sent by
SMS to the confirmed mobile (identity.second_factor, with its own code purpose). The time is
kept in the session, which sign-in replaces, so one session's confirmation never carries over
to another. Five wrong passwords, or a code's tries used up, end the session. Success gives the
session a new id (ASVS V7.2.4), as signing in does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from panjara.core import clock

from .code_step import code_step
from .forms import SigninForm
from .second_factor import factor_of, factor_pending, factor_start, pause_message
from .selectors import codes_pause_left
from .services.profile import MAX_REAUTH_FAILURES, ReauthOutcome, reauth_attempt, reauth_succeeded
from .services.sessions import client_ip, session_close, session_rotate
from .views import safe_next

REAUTH_AT = "panjara_reauth_at"
REAUTH_FAILURES = "panjara_reauth_failures"
REAUTH_PENDING = "panjara_reauth_code"
DEFAULT_MAX_AGE = timedelta(minutes=5)


class ReauthForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        max_length=SigninForm.base_fields["password"].max_length,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Enter your password.")},
    )


def reauth_fresh(request, *, max_age: timedelta = DEFAULT_MAX_AGE) -> bool:
    """Whether the person confirmed it is them in this session within `max_age`."""
    stamp = request.session.get(REAUTH_AT)
    if not stamp:
        return False
    return clock.now() - datetime.fromisoformat(stamp) <= max_age


def reauth_url(next_url: str) -> str:
    return f"{reverse('identity:reauth')}?{urlencode({'next': next_url})}"


def reauth_required(view: Callable | None = None, *, max_age: timedelta = DEFAULT_MAX_AGE):
    """Decorate a view that must only run shortly after the person confirmed it is them; also
    requires a signed-in person. Use as `@reauth_required` or `@reauth_required(max_age=…)`.

    A POST that arrives too late is not carried out: it is redirected to the confirmation page,
    which comes back to the same page with a GET, where the person submits again. Forms keep
    their state in the session (pending codes), so nothing but the last typed value is lost."""

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not reauth_fresh(request, max_age=max_age):
                return redirect(reauth_url(request.get_full_path()))
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate


def reauth_wrong_password(request, *, form: forms.Form, field: str):
    """Count a wrong password typed by a signed-in person (here, or as the current password on
    the change-password page): an error on `field`, or after MAX_REAUTH_FAILURES the session
    ends and the redirect to sign in is returned."""
    failures = int(request.session.get(REAUTH_FAILURES, 0)) + 1
    if failures >= MAX_REAUTH_FAILURES:
        session_close(request=request, reason="reauth_failed")
        messages.error(
            request,
            _("You typed a wrong password too many times, so we signed you out. Sign in again."),
        )
        return redirect("identity:signin")
    request.session[REAUTH_FAILURES] = failures
    form.add_error(
        field,
        ngettext(
            "The password is wrong. After %(count)d more wrong try you will be signed out.",
            "The password is wrong. After %(count)d more wrong tries you will be signed out.",
            MAX_REAUTH_FAILURES - failures,
        )
        % {"count": MAX_REAUTH_FAILURES - failures},
    )
    return None


def reauth_disabled(form: forms.Form) -> None:
    form.add_error(
        None,
        _(
            "Your password has been disabled after too many wrong tries. Recover it with codes "
            "sent to your e-mail and mobile, or at a Public Service Hall."
        ),
    )


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def reauth(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    next_url = safe_next(request, default=reverse("identity:profile"))
    user = request.user
    state = factor_pending(request, key=REAUTH_PENDING, user_id=user.pk)
    if state is not None:
        return _code_step(request, state=state, next_url=next_url)
    form = ReauthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = reauth_attempt(
            user=user,
            password=form.cleaned_data["password"],
            failures=int(request.session.get(REAUTH_FAILURES, 0)),
            ip=client_ip(request),
        )
        if outcome is ReauthOutcome.OK:
            request.session.pop(REAUTH_FAILURES, None)
            if not factor_of(user):
                # An account without a second factor yet (in its first-login steps, or a staff
                # account whose mobile was never confirmed) has only its password to show.
                # Asking for more would shut it out of the very change that gives it a second
                # factor (confirming a mobile number needs this confirmation too).
                return _confirmed(request, factors=["password"], next_url=next_url)
            if paused := codes_pause_left(user=user):
                form.add_error(None, pause_message(paused))
            else:
                factor_start(request, key=REAUTH_PENDING, user=user, purpose="reauth")
                return redirect(reauth_url(next_url))
        elif outcome is ReauthOutcome.DISABLED:
            reauth_disabled(form)
        elif (signed_out := reauth_wrong_password(request, form=form, field="password")) is not None:
            return signed_out
    return render(request, "identity/reauth.html", {"form": form, "next": next_url, "stage": "password"})


def _code_step(request, *, state: dict, next_url: str):
    """The second step: the code from the app, or the one sent by SMS after the password."""
    if request.method == "POST" and request.POST.get("action", "check") == "restart":
        request.session.pop(REAUTH_PENDING, None)
        return redirect(reauth_url(next_url))
    return code_step(
        request,
        key=REAUTH_PENDING,
        state=state,
        next_url=next_url,
        here=reauth_url(next_url),
        template="identity/reauth.html",
        limit_message=_("No more codes can be sent. Start again."),
        close_reason="reauth_code_failed",
        on_ok=lambda factor: _confirmed(request, factors=["password", factor], next_url=next_url),
    )


def _confirmed(request, *, factors: list[str], next_url: str):
    request.session.pop(REAUTH_FAILURES, None)
    reauth_succeeded(user=request.user, factors=factors, ip=client_ip(request))
    # A new session id, as at sign-in (ASVS V7.2.4).
    session_rotate(request=request)
    request.session[REAUTH_AT] = clock.now().isoformat()
    return redirect(next_url)
