"""Sign-in (password, then a code by SMS or from the authenticator app), sign-out, and the
first-login steps: new password, mobile, e-mail. The terms step is the consent app's page."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from panjara.core import clock

from .forms import CodeForm, SigninForm
from .gate import pending_step, step_url
from .models import AccountSession, Assurance, User, VerificationCode
from .selectors import code_pending, totp_enabled
from .services.codes import MAX_FAILURES, CodeCheck, ResendRefused, code_check, code_resend, code_send
from .services.sessions import client_ip, session_close, session_open
from .services.signin import PasswordOutcome, password_step
from .services.totp import totp_verify

PENDING = "panjara_pending_signin"
# The whole sign-in, password to code, must finish within this time.
PENDING_LIFETIME = timedelta(minutes=10)

CODE_MESSAGES = {
    CodeCheck.EXPIRED: gettext_lazy("The code has expired. Ask for a new one."),
    CodeCheck.USED: gettext_lazy("That code was already used. Ask for a new one."),
    CodeCheck.UNKNOWN: gettext_lazy("That code is not valid here. Ask for a new one."),
}


def safe_next(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or settings.LOGIN_REDIRECT_URL


def masked_mobile(number: str) -> str:
    return f"5•• ••• {number[-3:]}" if number else ""


def code_error(result: CodeCheck, row: VerificationCode | None) -> str:
    if result is CodeCheck.WRONG:
        left = MAX_FAILURES - (row.failures if row else MAX_FAILURES)
        return _("The code is wrong. You have %(count)d more tries.") % {"count": max(left, 0)}
    if result is CodeCheck.EXHAUSTED:
        return _("Too many wrong codes. Start again.")
    return str(CODE_MESSAGES.get(result, ""))


def resend_with_message(request, *, code_id, user: User, limit_message: str) -> bool:
    """Resend a code from a code page and tell the person what happened. False when no more
    codes may be sent, so the caller can drop the pending step."""
    try:
        code_resend(code_id=code_id, user=user)
    except ResendRefused as refused:
        if refused.reason == "too_soon":
            messages.error(
                request,
                ngettext(
                    "Wait %(seconds)d second before asking for another code.",
                    "Wait %(seconds)d seconds before asking for another code.",
                    refused.wait_seconds,
                )
                % {"seconds": refused.wait_seconds},
            )
            return True
        messages.error(request, limit_message)
        return False
    messages.success(request, _("We sent a new code."))
    return True


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
    factor = "totp" if totp_enabled(user=user) else "sms"
    if factor == "sms" and not (user.mobile and user.mobile_confirmed_at):
        form.add_error(
            None,
            _(
                "Your account has no confirmed mobile number. Please visit a Public Service Hall to restore access."
            ),
        )
        return render(request, "identity/signin.html", {"form": form, "next": next_url})
    code_id = ""
    if factor == "sms":
        code_id = str(code_send(user=user, purpose="login", channel="sms", address=user.mobile).pk)
    request.session.cycle_key()
    request.session[PENDING] = {
        "user": user.pk,
        "factor": factor,
        "code": code_id,
        "next": next_url,
        "started": clock.now().isoformat(),
        "failures": 0,
    }
    return redirect("identity:signin_code")


def _pending(request) -> tuple[dict, User] | tuple[None, None]:
    state = request.session.get(PENDING)
    if not state:
        return None, None
    if clock.now() - datetime.fromisoformat(state["started"]) > PENDING_LIFETIME:
        request.session.pop(PENDING, None)
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
        action = request.POST.get("action", "check")
        if action == "resend" and state["factor"] == "sms":
            resend_with_message(
                request,
                code_id=state["code"],
                user=user,
                limit_message=_("No more codes can be sent for this sign-in. Start again."),
            )
            return redirect("identity:signin_code")
        # Only from the app to SMS, and only once: switching must not hand out fresh codes with
        # fresh try counts (each factor gets its own 5 tries, no more).
        if action == "use_sms" and state["factor"] == "totp" and user.mobile_confirmed_at:
            state.update(
                factor="sms",
                code=str(code_send(user=user, purpose="login", channel="sms", address=user.mobile).pk),
            )
            request.session[PENDING] = state
            return redirect("identity:signin_code")
        if action == "check" and form.is_valid():
            done = _check_second_factor(
                request, state=state, user=user, code=form.cleaned_data["code"], form=form
            )
            if done is not None:
                return done
    context = {
        "form": form,
        "factor": state["factor"],
        "mobile": masked_mobile(user.mobile),
        "can_use_sms": state["factor"] == "totp" and bool(user.mobile_confirmed_at),
    }
    return render(request, "identity/signin_code.html", context)


def _check_second_factor(request, *, state: dict, user: User, code: str, form):
    if state["factor"] == "totp":
        ok = totp_verify(user=user, code=code, failures_before=state.get("failures", 0))
        result = CodeCheck.OK if ok else CodeCheck.WRONG
        if not ok:
            state["failures"] = state.get("failures", 0) + 1
            request.session[PENDING] = state
            if state["failures"] >= MAX_FAILURES:
                result = CodeCheck.EXHAUSTED
        row = None
    else:
        result = code_check(code_id=state["code"], user=user, purpose="login", code=code)
        row = code_pending(code_id=state["code"], user=user)
    if result is CodeCheck.OK:
        request.session.pop(PENDING, None)
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
    if result is CodeCheck.EXHAUSTED:
        request.session.pop(PENDING, None)
        messages.error(request, code_error(result, row))
        return redirect("identity:signin")
    if row is None and state["factor"] == "totp":
        form.add_error(
            "code",
            _("The code is wrong. You have %(count)d more tries.")
            % {"count": MAX_FAILURES - state["failures"]},
        )
    else:
        form.add_error("code", code_error(result, row))
    return None


@require_POST
def signout(request):
    session_close(request=request)
    messages.success(request, _("You have signed out."))
    return redirect(reverse("web:home"))
