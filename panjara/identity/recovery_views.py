"""Recovering a forgotten or disabled password with two codes: one to the confirmed e-mail and
one to the confirmed mobile, both needed (identity issue, section 3). The pages answer the same
way whether or not the address belongs to an account. A person who lost one of the two goes to
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
from .models import User, VerificationCode
from .selectors import account_by_email
from .services.accounts import PasswordRefused, account_audit, password_set, person_actor
from .services.codes import CodeCheck, code_check, code_send
from .services.notices import security_notice
from .services.sessions import sessions_end_all

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
        user = account_by_email(email=form.cleaned_data["email"])
        state = {
            "user": None,
            "email_code": "",
            "sms_code": "",
            "verified": False,
            "started": clock.now().isoformat(),
        }
        if user and user.is_active and user.email_confirmed_at and user.mobile_confirmed_at:
            state["user"] = user.pk
            state["email_code"] = str(
                code_send(
                    user=user,
                    purpose=VerificationCode.Purpose.RECOVER_EMAIL,
                    channel="email",
                    address=user.email,
                ).pk
            )
            state["sms_code"] = str(
                code_send(
                    user=user,
                    purpose=VerificationCode.Purpose.RECOVER_MOBILE,
                    channel="sms",
                    address=user.mobile,
                ).pk
            )
        request.session[RECOVERY] = state
        return redirect("identity:recover_codes")
    return render(request, "identity/recover.html", {"form": form})


@never_cache
def recover_codes(request):
    state = _state(request)
    if state is None:
        return redirect("identity:recover")
    form = RecoverCodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(pk=state["user"]).first() if state["user"] else None
        results = []
        if user is not None:
            # Both are checked every time, so each wrong try counts against both codes.
            results = [
                code_check(
                    code_id=state["email_code"],
                    user=user,
                    purpose="recover_email",
                    code=form.cleaned_data["email_code"],
                ),
                code_check(
                    code_id=state["sms_code"],
                    user=user,
                    purpose="recover_mobile",
                    code=form.cleaned_data["sms_code"],
                ),
            ]
        if results and all(result is CodeCheck.OK for result in results):
            state["verified"] = True
            request.session[RECOVERY] = state
            return redirect("identity:recover_password")
        if not results or any(
            result in (CodeCheck.EXHAUSTED, CodeCheck.USED, CodeCheck.EXPIRED) for result in results
        ):
            form.add_error(
                None,
                _(
                    "The codes are wrong or no longer valid. Start the recovery again, or visit a Public Service Hall."
                ),
            )
        else:
            form.add_error(None, _("At least one of the codes is wrong. Check both and try again."))
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
            password_set(user=user, password=form.cleaned_data["password"])
        except PasswordRefused as refused:
            for problem in refused.problems:
                form.add_error("password", problem)
        else:
            request.session.pop(RECOVERY, None)
            sessions_end_all(user=user)
            account_audit(user=user, actor=person_actor(user), action="credential.password_recovered")
            security_notice(user=user, event="password_recovered")
            messages.success(request, _("Your new password is set. Sign in with it."))
            return redirect("identity:signin")
    return render(request, "identity/recover_password.html", {"form": form})
