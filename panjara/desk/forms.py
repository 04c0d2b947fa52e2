"""The official's forms at the desk. Each carries a one-time token, drawn when the page was
shown: submitting the same form twice is recognised by it (services.py). Files are checked by
their content with the vault's rules before anything is sent."""

from __future__ import annotations

import secrets

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from panjara.vault.files import Rejected, inspect_upload

from .models import DeskCase
from .services import MAX_UPLOADS

TEXT_LIMIT = 4000


def new_token() -> str:
    return secrets.token_hex(16)


class ActionForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("initial", {}).setdefault("token", new_token())
        super().__init__(*args, **kwargs)
        self.fields["token"].error_messages = {
            "required": _("The form has expired. Open the case again and repeat the action."),
            "invalid": _("The form has expired. Open the case again and repeat the action."),
        }


class TakeForm(ActionForm):
    pass


def _text(label, *, required: bool = True, help_text="") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_LIMIT,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InfoForm(ActionForm):
    text_ka = _text(_("What is needed, in Georgian"))
    text_en = _text(
        _("The same in English (optional)"),
        required=False,
        help_text=_("Leave it empty to send the Georgian text in both languages."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text_ka"].error_messages["required"] = _("Write what the applicant must send.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class DocumentsField(forms.FileField):
    """Several files in one input; each is checked on its own."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
        )
        super().__init__(*args, **kwargs)
        self.max_length = None  # the vault's name rules decide, with their own messages

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        cleaned = []
        for one in files:
            if one:
                cleaned.append(super().clean(one, initial))
        return cleaned


class DecisionForm(ActionForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approved", _("Approve the application")), ("refused", _("Refuse the application"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to approve or refuse.")},
    )
    reasons_ka = _text(
        _("Reasons, in Georgian"),
        required=False,
        help_text=_("Required for a refusal; optional for an approval."),
    )
    reasons_en = _text(
        _("The same in English (optional)"),
        required=False,
        help_text=_("Leave it empty to send the Georgian text in both languages."),
    )
    documents = DocumentsField(
        label=_("Documents to issue (optional)"),
        required=False,
        help_text=_(
            "PDF, JPEG or PNG, at most 9 files. They reach the applicant's document vault together "
            "with the decision letter the desk makes."
        ),
    )

    def clean_documents(self) -> list[tuple[str, bytes]]:
        uploads = self.cleaned_data.get("documents") or []
        if len(uploads) > MAX_UPLOADS:
            raise forms.ValidationError(
                ngettext(
                    "You can add at most %(limit)d file.", "You can add at most %(limit)d files.", MAX_UPLOADS
                )
                % {"limit": MAX_UPLOADS}
            )
        checked, errors = [], []
        for upload in uploads:
            content = upload.read()
            try:
                inspected = inspect_upload(
                    name=upload.name, content=content, declared_type=upload.content_type
                )
            except Rejected as rejected:
                errors.append(f"{upload.name}: {rejected.message}")
                continue
            checked.append((inspected.name, content))
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "refused" and not (cleaned.get("reasons_ka") or "").strip():
            self.add_error("reasons_ka", _("A refusal must give its reasons. Write them in Georgian."))
        return cleaned


class NoteForm(ActionForm):
    text = _text(_("Note"), help_text=_("Only the agency's officials see notes; the applicant does not."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].error_messages["required"] = _("Write the note.")


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("all open cases")), *DeskCase.Status.choices],
    )
