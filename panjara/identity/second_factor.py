"""The second factor on a page — a code by SMS or from the authenticator app — for signing in
(views.signin_code), confirming it is you before a change (reauth) and raising a session's
assurance (step_up). One implementation, so that every page that asks for a code has the same
limits: 5 wrong tries per code (per attempt for the app), 3 resends at least 30 s apart, an SMS
instead of the app once, and the account-wide pause after many wrong codes
(services.codes.ACCOUNT_FAILURES). The pending attempt lives in the browser session under a key
of the caller's own, so the three flows never share a code or a count."""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from enum import StrEnum

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from panjara.core import clock

from .models import User, VerificationCode
from .selectors import code_pending, codes_pause_left, totp_enabled
from .services.codes import MAX_FAILURES, CodeCheck, ResendRefused, code_check, code_resend, code_send
from .services.totp import totp_check

# The whole attempt, first step to code, must finish within this time.
PENDING_LIFETIME = timedelta(minutes=10)

CODE_MESSAGES = {
    CodeCheck.EXPIRED: gettext_lazy("The code has expired. Ask for a new one."),
    CodeCheck.USED: gettext_lazy("That code was already used. Ask for a new one."),
    CodeCheck.UNKNOWN: gettext_lazy("That code is not valid here. Ask for a new one."),
}


class Outcome(StrEnum):
    OK = "ok"  # the code was right: the caller finishes what the code was for
    EXHAUSTED = "exhausted"  # too many wrong codes: the attempt is over, the caller decides what next
    AGAIN = "again"  # a code was (re)sent or refused: redirect to the same page
    SHOW = "show"  # show the page again, with the form's errors


def masked_mobile(number: str) -> str:
    return f"5•• ••• {number[-3:]}" if number else ""


def wrong_code_message(left: int) -> str:
    return _("The code is wrong. You have %(count)d more tries.") % {"count": max(left, 0)}


def code_error(result: CodeCheck, row: VerificationCode | None) -> str:
    if result is CodeCheck.WRONG:
        return wrong_code_message(MAX_FAILURES - (row.failures if row else MAX_FAILURES))
    if result is CodeCheck.EXHAUSTED:
        return _("Too many wrong codes. Start again.")
    return str(CODE_MESSAGES.get(result, ""))


def pause_message(seconds: int) -> str:
    minutes = max(math.ceil(seconds / 60), 1)
    return ngettext(
        "Too many wrong codes were typed for your account lately. For your safety, no code is "
        "accepted for the next %(minutes)d minute. Try again after that.",
        "Too many wrong codes were typed for your account lately. For your safety, no code is "
        "accepted for the next %(minutes)d minutes. Try again after that.",
        minutes,
    ) % {"minutes": minutes}


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


def factor_of(user: User) -> str:
    """ "totp" when the account has a confirmed authenticator app, else "sms" when it has a
    confirmed mobile, else "" (no second factor yet: first-login steps, or a staff account whose
    mobile was never confirmed)."""
    if totp_enabled(user=user):
        return "totp"
    if user.mobile and user.mobile_confirmed_at:
        return "sms"
    return ""


def factor_start(request, *, key: str, user: User, purpose: str, **extra) -> dict:
    """Begin asking for the second factor: an SMS code is sent now (the app needs nothing
    sent). The caller has made sure that the account has a factor and is not paused."""
    factor = factor_of(user)
    code_id = ""
    if factor == "sms":
        code_id = str(code_send(user=user, purpose=purpose, channel="sms", address=user.mobile).pk)
    state = {
        "user": user.pk,
        "factor": factor,
        "code": code_id,
        "purpose": purpose,
        "started": clock.now().isoformat(),
        "failures": 0,
        **extra,
    }
    request.session[key] = state
    return state


def factor_pending(request, *, key: str, user_id: int | None = None) -> dict | None:
    """The pending attempt under `key`, or None when there is none, it is too old, or (with
    `user_id`) it belongs to another account."""
    state = request.session.get(key)
    if not state:
        return None
    too_old = clock.now() - datetime.fromisoformat(state["started"]) > PENDING_LIFETIME
    if too_old or (user_id is not None and state.get("user") != user_id):
        request.session.pop(key, None)
        return None
    return state


def factor_context(*, state: dict, user: User) -> dict:
    paused = codes_pause_left(user=user)
    return {
        "factor": state["factor"],
        "mobile": masked_mobile(user.mobile),
        "can_use_sms": state["factor"] == "totp" and bool(user.mobile_confirmed_at),
        "paused_message": pause_message(paused) if paused else "",
    }


def factor_post(request, *, key: str, state: dict, user: User, form, limit_message: str) -> Outcome:
    """Carry out a POST of a code page: "check" a typed code, "resend" an SMS code, or "use_sms"
    instead of the app. `form` is a CodeForm, bound for "check"."""
    action = request.POST.get("action", "check")
    if action in ("resend", "use_sms") and (paused := codes_pause_left(user=user)):
        # A code sent now could not be used before the pause ends; do not spend an SMS on it.
        messages.error(request, pause_message(paused))
        return Outcome.AGAIN
    if action == "resend" and state["factor"] == "sms":
        resend_with_message(request, code_id=state["code"], user=user, limit_message=limit_message)
        return Outcome.AGAIN
    # Only from the app to SMS, and only once: switching must not hand out fresh codes with
    # fresh try counts (each factor gets its own 5 tries, no more).
    if action == "use_sms" and state["factor"] == "totp" and user.mobile_confirmed_at:
        row = code_send(user=user, purpose=state["purpose"], channel="sms", address=user.mobile)
        state.update(factor="sms", code=str(row.pk))
        request.session[key] = state
        return Outcome.AGAIN
    if action != "check" or not form.is_valid():
        return Outcome.SHOW
    result, message = _check(request, key=key, state=state, user=user, code=form.cleaned_data["code"])
    if result is CodeCheck.OK:
        request.session.pop(key, None)
        return Outcome.OK
    if result is CodeCheck.EXHAUSTED:
        request.session.pop(key, None)
        return Outcome.EXHAUSTED
    form.add_error(None if result is CodeCheck.PAUSED else "code", message)
    return Outcome.SHOW


def _check(request, *, key: str, state: dict, user: User, code: str) -> tuple[CodeCheck, str]:
    if state["factor"] == "totp":
        result = totp_check(user=user, code=code, purpose=state["purpose"], failures_before=state["failures"])
        message = ""
        if result is CodeCheck.WRONG:
            state["failures"] += 1
            request.session[key] = state
            if state["failures"] >= MAX_FAILURES:
                result = CodeCheck.EXHAUSTED
            message = wrong_code_message(MAX_FAILURES - state["failures"])
    else:
        result = code_check(code_id=state["code"], user=user, purpose=state["purpose"], code=code)
        message = code_error(result, code_pending(code_id=state["code"], user=user))
    if result in (CodeCheck.PAUSED, CodeCheck.WRONG) and (paused := codes_pause_left(user=user)):
        # Also when this very code started the pause: "N more tries" would not be true.
        message = pause_message(paused)
    return result, message
