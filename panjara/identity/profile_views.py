"""The person's profile (identity issue, section 4): what the portal knows about them and how it
reaches them; changing the mobile or the e-mail (R-ID-6); notification preferences.

Every page is the signed-in person's own: nothing here takes an account id from the URL, so
there is nothing to point at somebody else's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import preferences
from .forms import CodeForm, MobileForm
from .reauth import reauth_required
from .second_factor import code_error, resend_with_message
from .selectors import account_by_email, authenticator_of, code_pending
from .services.codes import CodeCheck
from .services.contacts import contact_confirm_finish
from .services.profile import ContactRefused, contact_change_start, notification_preferences_set

CHANGE = "panjara_contact_change"
# Where the new address is typed, by kind of contact.
FIELD = {"mobile": "mobile", "email": "email"}

REFUSALS = {
    ("mobile", "same"): gettext_lazy("This is already your mobile number. Type the new one."),
    ("email", "same"): gettext_lazy("This is already your e-mail address. Type the new one."),
    ("email", "email_taken"): gettext_lazy(
        "This e-mail address is already used by another account. Use a different address."
    ),
}


class NewMobileForm(MobileForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mobile"].label = gettext_lazy("New mobile number")
        self.fields["mobile"].error_messages["required"] = gettext_lazy("Enter your new mobile number.")


class NewEmailForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("New e-mail address"),
        max_length=254,
        help_text=gettext_lazy("It will also be your username when you sign in."),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": gettext_lazy("Enter your new e-mail address."),
            "invalid": gettext_lazy("Enter an e-mail address like name@example.ge."),
        },
    )


class PreferencesForm(forms.Form):
    """One group of checkboxes per event group the person may choose."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(channel, preferences.CHANNEL_LABELS[channel]) for channel in preferences.CHANNELS]
        for group in preferences.CHOOSABLE:
            self.fields[group.key] = forms.MultipleChoiceField(
                label=group.label,
                help_text=group.hint,
                choices=choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )


@never_cache
@login_required
def profile(request):
    user = request.user
    app = authenticator_of(user=user)
    context = {
        "name": user.person.name_in(get_language()) if user.person_id else user.full_name,
        "person": user.person if user.person_id else None,
        "authenticator": app if app is not None and app.confirmed_at else None,
    }
    return render(request, "identity/profile.html", context)


def _resend(request, *, pending: dict) -> None:
    if not resend_with_message(
        request,
        code_id=pending["code"],
        user=request.user,
        limit_message=_("No more codes can be sent. Start again."),
    ):
        request.session.pop(CHANGE, None)


def _contact_change(request, *, kind: str):
    """Type the new contact, then the code sent to it; only a right code replaces the old one,
    which is told about the change (services.contacts)."""
    user = request.user
    state = request.session.get(CHANGE) or {}
    if state.get("kind") != kind:
        state = {}
    # A code on its way, or only the address typed before "use a different one", kept in the
    # session (not the URL) so that the person corrects it rather than retypes it.
    pending = state if state.get("code") else {}
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form_class = NewMobileForm if kind == "mobile" else NewEmailForm
    address_form = form_class(
        request.POST if action == "send" else None, initial={FIELD[kind]: state.get("address", "")}
    )
    code_form = CodeForm(request.POST if action == "check" else None)
    if action == "send" and address_form.is_valid():
        try:
            row = contact_change_start(user=user, kind=kind, address=address_form.cleaned_data[FIELD[kind]])
        except ContactRefused as refused:
            address_form.add_error(FIELD[kind], ValidationError(str(REFUSALS[(kind, refused.code)])))
        else:
            request.session[CHANGE] = {"kind": kind, "code": str(row.pk), "address": row.address}
            return redirect(request.path)
    elif action in ("resend", "change", "check") and not pending:
        messages.error(request, _("The code is no longer valid. Start again."))
        return redirect(request.path)
    elif action == "resend":
        _resend(request, pending=pending)
        return redirect(request.path)
    elif action == "change":
        request.session[CHANGE] = {"kind": kind, "address": pending["address"]}
        return redirect(request.path)
    elif action == "check" and code_form.is_valid():
        result = contact_confirm_finish(
            user=user, kind=kind, code_id=pending["code"], code=code_form.cleaned_data["code"]
        )
        if result is CodeCheck.OK:
            request.session.pop(CHANGE, None)
            messages.success(
                request,
                _("Your mobile number is changed.")
                if kind == "mobile"
                else _("Your e-mail address is changed."),
            )
            return redirect("identity:profile")
        owner = account_by_email(email=pending["address"]) if kind == "email" else None
        if owner is not None and owner.pk != user.pk:
            # Taken by another account while the code was on its way (services.contacts).
            request.session[CHANGE] = {"kind": kind, "address": pending["address"]}
            messages.error(request, str(REFUSALS[("email", "email_taken")]))
            return redirect(request.path)
        if result is CodeCheck.EXHAUSTED:
            request.session.pop(CHANGE, None)
            messages.error(request, code_error(result, None))
            return redirect(request.path)
        code_form.add_error("code", code_error(result, code_pending(code_id=pending["code"], user=user)))
    context = {
        "kind": kind,
        "pending": pending,
        "address_form": address_form,
        "form": code_form,
        "current": user.mobile if kind == "mobile" else user.email,
    }
    return render(request, "identity/profile_contact.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@reauth_required
def change_mobile(request):
    return _contact_change(request, kind="mobile")


@never_cache
@require_http_methods(["GET", "POST"])
@reauth_required
def change_email(request):
    return _contact_change(request, kind="email")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    user = request.user
    # Bound on every POST: with every box cleared the POST carries no field at all.
    data = request.POST if request.method == "POST" else None
    form = PreferencesForm(data, initial=preferences.preferences_of(user=user))
    if request.method == "POST" and form.is_valid():
        notification_preferences_set(user=user, choices=form.cleaned_data)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("identity:notifications")
    security = preferences.BY_KEY[preferences.SECURITY]
    return render(request, "identity/profile_notifications.html", {"form": form, "security": security})
