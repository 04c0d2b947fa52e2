"""Recovering a forgotten or disabled password with two codes: one to the confirmed e-mail and
one to the confirmed mobile, both needed (identity issue, section 3). The pages answer the same
way whether or not the address belongs to an account, and starting is throttled
(services.recovery). A wrong code costs a try of its own only and is marked next to its field;
the other code stays valid and both typed values stay on the page. A person who lost one of the two goes to
a hall, where the operator issues a new one-time password."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from panjara.core import clock

from .forms import CodeForm, NewPasswordForm, SigninForm
from .models import User
from .selectors import code_pending
from .services.accounts import PasswordRefused
from .services.codes import MAX_FAILURES, CodeCheck
from .services.recovery import recovery_codes_check, recovery_password_set, recovery_start
from .services.sessions import client_ip

RECOVERY = "panjara_recovery"
LIFETIME = timedelta(minutes=30)


class RecoverStartForm(forms.Form):
    email = SigninForm.base_fields["email"]


class RecoverCodesForm(forms.Form):
    email_code = CodeForm.base_fields["code"].__class__(
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        label=gettext_lazy("Code from the e-mail"),
        error_messages={
            "required": gettext_lazy("Enter the code from the e-mail."),
            "invalid": gettext_lazy("The code has 6 digits, like 123456."),
        },
    )
    sms_code = CodeForm.base_fields["code"].__class__(
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        label=gettext_lazy("Code from the SMS"),
        error_messages={
            "required": gettext_lazy("Enter the code from the SMS."),
            "invalid": gettext_lazy("The code has 6 digits, like 123456."),
        },
    )


def _state(request) -> dict | None:
    state = request.session.get(RECOVERY)
    if state and clock.now() - datetime.fromisoformat(state["started"]) <= LIFETIME:
        return state
    request.session.pop(RECOVERY, None)
    return None


@never_cache
def recover(request):
    form = RecoverStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        started = recovery_start(email=form.cleaned_data["email"], ip=client_ip(request))
        if started.throttled:
            # The same sentence for any address: whether it has an account stays unsaid.
            form.add_error(
                None,
                _(
                    "Too many requests to recover a password. Wait %(minutes)d minutes and try again, "
                    "or visit a Public Service Hall."
                )
                % {"minutes": max(started.retry_after // 60, 1)},
            )
        else:
            request.session[RECOVERY] = {
                "user": started.user_id,
                "email_code": started.email_code,
                "sms_code": started.sms_code,
                "verified": False,
                "started": clock.now().isoformat(),
                # Wrong tries for an address without an account, so that its pages count down
                # like a real account's (services.codes keeps the real counts).
                "decoy_failures": 0,
            }
            return redirect("identity:recover_codes")
    return render(request, "identity/recover.html", {"form": form})


def _code_problem(result: CodeCheck, *, failures: int) -> str:
    if result is CodeCheck.OK:
        return ""
    if result is CodeCheck.WRONG:
        return _("The code is wrong. You have %(count)d more tries.") % {"count": MAX_FAILURES - failures}
    if result is CodeCheck.EXHAUSTED:
        return _("Too many wrong codes. Start again.")
    if result is CodeCheck.EXPIRED:
        return _("The code has expired. Start the recovery again.")
    return _("This code is no longer valid. Start the recovery again.")


def _check_codes(request, *, state: dict, form: RecoverCodesForm) -> bool:
    """Check both codes; put each one's problem next to its own field. True when both are right."""
    user = User.objects.filter(pk=state["user"]).first() if state["user"] else None
    if user is None:
        state["decoy_failures"] = state.get("decoy_failures", 0) + 1
        request.session[RECOVERY] = state
        failures = state["decoy_failures"]
        result = CodeCheck.EXHAUSTED if failures >= MAX_FAILURES else CodeCheck.WRONG
        results = {"email_code": (result, failures), "sms_code": (result, failures)}
    else:
        by_email, by_sms = recovery_codes_check(
            user=user,
            email_code_id=state["email_code"],
            email_code=form.cleaned_data["email_code"],
            sms_code_id=state["sms_code"],
            sms_code=form.cleaned_data["sms_code"],
        )
        results = {}
        for field, result, code_id in (
            ("email_code", by_email, state["email_code"]),
            ("sms_code", by_sms, state["sms_code"]),
        ):
            row = code_pending(code_id=code_id, user=user)
            results[field] = (result, row.failures if row else MAX_FAILURES)
    if all(result is CodeCheck.OK for result, _failures in results.values()):
        return True
    for field, (result, failures) in results.items():
        if result is not CodeCheck.OK:
            form.add_error(field, _code_problem(result, failures=failures))
    return False


@never_cache
def recover_codes(request):
    state = _state(request)
    if state is None:
        return redirect("identity:recover")
    form = RecoverCodesForm(request.POST or None)
    # A code typed in the wrong shape is refused by the form before any try is counted; the
    # page comes back with what was typed in both fields.
    if request.method == "POST" and form.is_valid() and _check_codes(request, state=state, form=form):
        state["verified"] = True
        request.session[RECOVERY] = state
        return redirect("identity:recover_password")
    return render(request, "identity/recover_codes.html", {"form": form})


@sensitive_post_parameters("password", "password_again")
@never_cache
def recover_password(request):
    state = _state(request)
    if state is None or not state.get("verified"):
        return redirect("identity:recover")
    user = User.objects.get(pk=state["user"])
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recovery_password_set(user=user, password=form.cleaned_data["password"])
        except PasswordRefused as refused:
            for problem in refused.problems:
                form.add_error("password", problem)
        else:
            request.session.pop(RECOVERY, None)
            messages.success(request, _("Your new password is set. Sign in with it."))
            return redirect("identity:signin")
    return render(request, "identity/recover_password.html", {"form": form})
