"""The change-password page of a signed-in person (identity issue, section 3; ASVS V6.2.2,
V6.2.3): the password confirmed in the last minutes (reauth_required), the current password
again and the new one twice; the portal's policy (identity.passwords) decides."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .forms import NewPasswordForm, SigninForm
from .reauth import REAUTH_FAILURES, reauth_disabled, reauth_required, reauth_wrong_password
from .services.accounts import PasswordRefused
from .services.password_change import password_change
from .services.profile import ReauthOutcome, reauth_attempt
from .services.sessions import client_ip


class ChangePasswordForm(NewPasswordForm):
    current_password = forms.CharField(
        label=gettext_lazy("Current password"),
        strip=False,
        max_length=SigninForm.base_fields["password"].max_length,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Enter your current password.")},
    )
    field_order = ["current_password", "password", "password_again"]


@sensitive_post_parameters("current_password", "password", "password_again")
@never_cache
@require_http_methods(["GET", "POST"])
@reauth_required
def change_password(request):
    user = request.user
    form = ChangePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = reauth_attempt(
            user=user,
            password=form.cleaned_data["current_password"],
            failures=int(request.session.get(REAUTH_FAILURES, 0)),
            ip=client_ip(request),
        )
        if outcome is ReauthOutcome.DISABLED:
            reauth_disabled(form)
        elif outcome is ReauthOutcome.WRONG:
            if (
                signed_out := reauth_wrong_password(request, form=form, field="current_password")
            ) is not None:
                return signed_out
        else:
            try:
                ended = password_change(request=request, user=user, password=form.cleaned_data["password"])
            except PasswordRefused as refused:
                for problem in refused.problems:
                    form.add_error("password", problem)
            else:
                request.session.pop(REAUTH_FAILURES, None)
                text = _("Your password is changed.")
                if ended:
                    text += " " + ngettext(
                        "%(count)d other session was signed out.",
                        "%(count)d other sessions were signed out.",
                        ended,
                    ) % {"count": ended}
                messages.success(request, text)
                return redirect("identity:profile")
    return render(request, "identity/change_password.html", {"form": form})
