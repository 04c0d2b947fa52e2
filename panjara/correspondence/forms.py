"""The person's forms: the letter itself (body, kind, subject, text). Attachments use the
applications app's AttachForm (the vault or the computer, the same limits and messages)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import KIND_CHOICES, PublicBody
from .services import SUBJECT_MAX, TEXT_MAX


class LetterForm(forms.Form):
    body = forms.ModelChoiceField(
        label=_("Public body"),
        queryset=PublicBody.objects.none(),
        required=False,
        empty_label=_("Choose a public body"),
    )
    kind = forms.ChoiceField(label=_("Kind of request"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX, required=False)
    text = forms.CharField(
        label=_("Your letter"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 12})
    )

    def __init__(
        self, *args, bodies=(), fixed_body: bool = False, fixed_kind: bool = False, **kwargs
    ) -> None:
        kwargs.setdefault("auto_id", "l-%s")
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = PublicBody.objects.filter(pk__in=[b.pk for b in bodies])
        self.fields["body"].label_from_instance = lambda body: body.name
        if fixed_body:
            del self.fields["body"]
        if fixed_kind:
            del self.fields["kind"]


class ComplaintForm(forms.Form):
    """The complaint's text, pre-filled by the assistant; the person may change every word."""

    text = forms.CharField(
        label=_("Your complaint"),
        help_text=_("Change it as you wish. The evidence below is added to the PDF as it is."),
        max_length=TEXT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16}),
        error_messages={"required": _("Write your complaint.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "c-%s")
        super().__init__(*args, **kwargs)
