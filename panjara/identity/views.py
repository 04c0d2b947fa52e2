"""Sign-in (password, then a code by SMS or from the authenticator app), sign-out, and the
first-login steps: new password, mobile, e-mail. The terms step is the consent app's page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from .forms import CodeForm, SigninForm
from .gate import pending_step, step_url
from .models import AccountSession, Assurance, User
from .second_factor import (
    Outcome,
    code_error,
    factor_context,
    factor_of,
    factor_pending,
    factor_post,
    factor_start,
    pause_message,
)
from .selectors import codes_pause_left
from .services.codes import CodeCheck
from .services.sessions import client_ip, session_close, session_open
from .services.signin import PasswordOutcome, password_step

PENDING = "panjara_pending_signin"


def safe_next(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or settings.LOGIN_REDIRECT_URL


@sensitive_post_parameters("password")
@never_cache
def signin(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = SigninForm(request.POST or None)
    next_url = safe_next(request)
    if request.method == "POST" and form.is_valid():
        result = password_step(
            email=form.cleaned_data["email"], password=form.cleaned_data["password"], ip=client_ip(request)
        )
        if result.outcome is PasswordOutcome.ONE_TIME:
            session_open(
                request=request,
                user=result.user,
                method=AccountSession.Method.ONE_TIME_PASSWORD,
                assurance=Assurance.LOW,
            )
            return redirect(step_url(pending_step(result.user)) if pending_step(result.user) else next_url)
        if result.outcome is PasswordOutcome.OK:
            return _second_factor_start(request, user=result.user, next_url=next_url, form=form)
        if result.outcome is PasswordOutcome.DISABLED:
            form.add_error(
                None,
                _(
                    "Your password has been disabled after too many wrong tries. Recover it with codes "
                    "sent to your e-mail and mobile, or at a Public Service Hall."
                ),
            )
        elif result.outcome is PasswordOutcome.THROTTLED:
            form.add_error(
                None,
                _("Too many failed attempts from your connection. Wait %(minutes)d minutes and try again.")
                % {"minutes": max(result.retry_after // 60, 1)},
            )
        else:
            form.add_error(None, _("The e-mail address or the password is wrong."))
    return render(request, "identity/signin.html", {"form": form, "next": next_url})


def _second_factor_start(request, *, user: User, next_url: str, form):
    factor = factor_of(user)
    if not factor:
        form.add_error(
            None,
            _(
                "Your account has no confirmed mobile number. Please visit a Public Service Hall to restore access."
            ),
        )
        return render(request, "identity/signin.html", {"form": form, "next": next_url})
    if paused := codes_pause_left(user=user):
        form.add_error(None, pause_message(paused))
        return render(request, "identity/signin.html", {"form": form, "next": next_url})
    request.session.cycle_key()
    factor_start(request, key=PENDING, user=user, purpose="login", next=next_url)
    return redirect("identity:signin_code")


def _pending(request) -> tuple[dict, User] | tuple[None, None]:
    state = factor_pending(request, key=PENDING)
    if state is None:
        return None, None
    user = User.objects.filter(pk=state["user"], is_active=True).first()
    return (state, user) if user else (None, None)


@never_cache
def signin_code(request):
    state, user = _pending(request)
    if state is None:
        messages.info(request, _("Please sign in again."))
        return redirect("identity:signin")
    form = CodeForm(request.POST or None) if request.POST.get("action", "check") == "check" else CodeForm()
    if request.method == "POST":
        outcome = factor_post(
            request,
            key=PENDING,
            state=state,
            user=user,
            form=form,
            limit_message=_("No more codes can be sent for this sign-in. Start again."),
        )
        if outcome is Outcome.AGAIN:
            return redirect("identity:signin_code")
        if outcome is Outcome.EXHAUSTED:
            messages.error(request, code_error(CodeCheck.EXHAUSTED, None))
            return redirect("identity:signin")
        if outcome is Outcome.OK:
            return _signed_in(request, state=state, user=user)
    return render(
        request, "identity/signin_code.html", {"form": form, **factor_context(state=state, user=user)}
    )


def _signed_in(request, *, state: dict, user: User):
    method = (
        AccountSession.Method.PASSWORD_TOTP
        if state["factor"] == "totp"
        else AccountSession.Method.PASSWORD_SMS
    )
    session_open(request=request, user=user, method=method, assurance=Assurance.SUBSTANTIAL)
    step = pending_step(user)
    if step:
        return redirect(step_url(step))
    if state["next"] == settings.LOGIN_REDIRECT_URL and user.is_staff and not user.person_id:
        return redirect("backoffice:home")  # staff have no personal page; their desk is here
    return redirect(state["next"])


@require_POST
def signout(request):
    session_close(request=request)
    messages.success(request, _("You have signed out."))
    return redirect(reverse("web:home"))
