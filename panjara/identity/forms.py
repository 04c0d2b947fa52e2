"""Forms of the sign-in and first-login pages. They check shape only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MOBILE
from .passwords import MAX_LENGTH


class SigninForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.ge."),
        },
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=MAX_LENGTH * 4,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code"),
        regex=r"^\s*\d{3}\s?\d{3}\s*$",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Enter the 6-digit code."),
            "invalid": _("The code has 6 digits, like 123456."),
        },
    )


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("New password"),
        strip=False,
        max_length=MAX_LENGTH * 4,
        help_text=_(
            "At least 8 characters. A few unrelated words make a good password: long is better "
            "than complicated. Do not use your name, personal number or e-mail."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter a new password.")},
    )
    password_again = forms.CharField(
        label=_("New password again"),
        strip=False,
        max_length=MAX_LENGTH * 4,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Enter the new password again.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords are not the same."))
        return data


class MobileForm(forms.Form):
    mobile = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("A Georgian mobile number: 9 digits starting with 5, like 555123456."),
        widget=forms.TextInput(attrs={"autocomplete": "tel-national", "inputmode": "tel"}),
        error_messages={"required": _("Enter your mobile number.")},
    )

    def clean_mobile(self) -> str:
        number = "".join(ch for ch in self.cleaned_data["mobile"] if ch.isdigit())
        if number.startswith("995") and len(number) == 12:
            number = number[3:]
        MOBILE(number)
        return number
