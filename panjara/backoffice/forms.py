"""The hall operator's forms (R-ID-2, R-ID-7). They check what was typed; the registry's data
and the account rules stay with registry.py and the identity services."""

from __future__ import annotations

import re
from datetime import date

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from panjara.core import clock

from .hall import DocumentType
from .registry import RegistryPerson

_NOT_DIGIT_OR_SPACE = re.compile(r"[\s-]+")
_DOCUMENT_NUMBER = re.compile(r"^[A-Z0-9]{5,20}$")


class LookupForm(forms.Form):
    personal_number = forms.CharField(
        label=_("Personal number"),
        help_text=_("11 digits, as printed on the citizen's ID document."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "class": "input--width-10",
            }
        ),
    )

    def clean_personal_number(self) -> str:
        number = _NOT_DIGIT_OR_SPACE.sub("", self.cleaned_data["personal_number"])
        if not re.fullmatch(r"\d{11}", number):
            raise forms.ValidationError(
                _("Enter the personal number as 11 digits, like 01024085001."), code="invalid"
            )
        return number


class DocumentForm(forms.Form):
    """The identity document the operator checked, recorded with the registration or reset."""

    document_type = forms.ChoiceField(
        label=_("Document checked"),
        choices=DocumentType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the type of document you checked.")},
    )
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=30,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "input--width-10"}
        ),
        error_messages={"required": _("Enter the document number.")},
    )
    document_valid_until = forms.DateField(
        label=_("Valid until"),
        help_text=_("As printed on the document, for example 2031-03-27."),
        widget=forms.DateInput(attrs={"type": "date", "class": "input--width-10"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"],
        error_messages={
            "required": _("Enter the date until which the document is valid."),
            "invalid": _("Enter the date as on the document, for example 2031-03-27."),
        },
    )

    def __init__(self, *args, registry_person: RegistryPerson | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.registry_person = registry_person

    def clean_document_number(self) -> str:
        number = _NOT_DIGIT_OR_SPACE.sub("", self.cleaned_data["document_number"]).upper()
        if not _DOCUMENT_NUMBER.match(number):
            raise forms.ValidationError(
                _("Enter the document number as printed on the document: 5 to 20 letters and digits."),
                code="invalid",
            )
        return number

    def clean_document_valid_until(self) -> date:
        valid_until = self.cleaned_data["document_valid_until"]
        if valid_until < timezone.localdate(clock.now()):
            raise forms.ValidationError(
                _("This document expired on %(date)s. Only a valid document can be accepted."),
                code="expired",
                params={"date": formats.date_format(valid_until, "SHORT_DATE_FORMAT")},
            )
        return valid_until

    def clean(self) -> dict:
        data = super().clean()
        person = self.registry_person
        # The registry knows the ID card it issued last; another number is an old, lost or
        # somebody else's card. Passports and residence cards are not in the answer.
        if (
            person is not None
            and person.id_card_number
            and data.get("document_type") == DocumentType.ID_CARD
            and data.get("document_number")
            and data["document_number"] != person.id_card_number.upper()
        ):
            self.add_error(
                "document_number",
                forms.ValidationError(
                    _(
                        "The civil registry knows another ID card for this person. Check that the card "
                        "is the citizen's current one and that the number is typed correctly."
                    ),
                    code="not_current_card",
                ),
            )
        return data

    def document(self) -> dict[str, str]:
        """As the audit log and the application record it."""
        return {
            "type": self.cleaned_data["document_type"],
            "number": self.cleaned_data["document_number"],
            "valid_until": self.cleaned_data["document_valid_until"].isoformat(),
        }


class RegistrationForm(DocumentForm):
    email = forms.EmailField(
        label=_("Citizen's e-mail address"),
        help_text=_("It becomes the citizen's username. The citizen confirms it at the first sign-in."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter the citizen's e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.ge."),
        },
    )
    language = forms.ChoiceField(
        label=_("Language for messages (optional)"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        required=False,
        initial="ka",
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or "ka"


class ApplicationLanguageForm(forms.Form):
    """Which language the printed application is in: Georgian, or English on request."""

    language = forms.ChoiceField(
        label=_("Language of the application"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        initial="ka",
    )
