"""The first-login steps after a hall's one-time password (R-ID-3, R-ID-6): a new password, the
mobile confirmed by SMS, the e-mail confirmed by a code. The account gate sends the person to
the first step not done; each view also refuses to run out of turn."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .forms import CodeForm, MobileForm, NewPasswordForm
from .gate import pending_step, step_url
from .models import AccountSession, Assurance
from .second_factor import code_error, resend_with_message
from .selectors import code_pending
from .services.accounts import PasswordRefused, password_set
from .services.codes import CodeCheck
from .services.contacts import contact_confirm_finish, contact_confirm_start
from .services.sessions import session_keep_after_password_change, session_raise_assurance, session_state

CONTACT_PENDING = "panjara_contact_code"


def _next_step(request):
    step = pending_step(request.user)
    return redirect(step_url(step) if step else "personal:home")


def _out_of_turn(request, step: str):
    if not request.user.is_authenticated:
        return redirect("identity:signin")
    if pending_step(request.user) != step:
        return _next_step(request)
    return None


@sensitive_post_parameters("password", "password_again")
@never_cache
def setup_password(request):
    if (response := _out_of_turn(request, "password")) is not None:
        return response
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_set(user=request.user, password=form.cleaned_data["password"])
        except PasswordRefused as refused:
            for problem in refused.problems:
                form.add_error("password", problem)
        else:
            session_keep_after_password_change(request=request, user=request.user)
            messages.success(request, _("Your new password is set."))
            return _next_step(request)
    return render(request, "identity/setup_password.html", {"form": form, "step": 1})


def _contact_step(request, *, kind: str, template: str, step_number: int):
    """Both contact steps: send a code to the address, then check the typed code."""
    user = request.user
    pending = request.session.get(CONTACT_PENDING) or {}
    if pending.get("kind") != kind:
        pending = {}
    action = request.POST.get("action", "")
    address_form = MobileForm(request.POST if action == "send" else None, initial={"mobile": user.mobile})
    code_form = CodeForm(request.POST if action == "check" else None)
    if action == "send":
        address = (
            user.email
            if kind == "email"
            else (address_form.is_valid() and address_form.cleaned_data["mobile"])
        )
        if address:
            row = contact_confirm_start(user=user, kind=kind, address=address)
            request.session[CONTACT_PENDING] = {"kind": kind, "code": str(row.pk), "address": address}
            return redirect(request.path)
    elif action == "resend" and pending:
        if not resend_with_message(
            request,
            code_id=pending["code"],
            user=user,
            limit_message=_("No more codes can be sent. Start again."),
        ):
            request.session.pop(CONTACT_PENDING, None)
        return redirect(request.path)
    elif action == "change":
        request.session.pop(CONTACT_PENDING, None)
        return redirect(request.path)
    elif action == "check" and pending and code_form.is_valid():
        result = contact_confirm_finish(
            user=user, kind=kind, code_id=pending["code"], code=code_form.cleaned_data["code"]
        )
        if result is CodeCheck.OK:
            request.session.pop(CONTACT_PENDING, None)
            state = session_state(request) or {}
            if kind == "mobile" and state.get("assurance") == Assurance.LOW:
                # Password set in this session and now a code from the mobile: two factors.
                session_raise_assurance(
                    request=request,
                    method=AccountSession.Method.PASSWORD_SMS,
                    assurance=Assurance.SUBSTANTIAL,
                )
            messages.success(
                request,
                _("Your mobile number is confirmed.")
                if kind == "mobile"
                else _("Your e-mail address is confirmed."),
            )
            return _next_step(request)
        if result is CodeCheck.EXHAUSTED:
            request.session.pop(CONTACT_PENDING, None)
        code_form.add_error("code", code_error(result, code_pending(code_id=pending["code"], user=user)))
    context = {
        "step": step_number,
        "pending": pending,
        "address_form": address_form,
        "form": code_form,
        "shown_address": pending.get("address", "") if kind == "mobile" else user.email,
    }
    return render(request, template, context)


@never_cache
def setup_mobile(request):
    if (response := _out_of_turn(request, "mobile")) is not None:
        return response
    return _contact_step(request, kind="mobile", template="identity/setup_mobile.html", step_number=2)


@never_cache
def setup_email(request):
    if (response := _out_of_turn(request, "email")) is not None:
        return response
    return _contact_step(request, kind="email", template="identity/setup_email.html", step_number=3)
