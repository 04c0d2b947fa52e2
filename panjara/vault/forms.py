"""Forms of the vault pages. They check shape only; files.py and the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .files import MAX_NAME_CHARS
from .services import FOLDER_NAME_MAX


def folder_choices(folders) -> list[tuple[str, str]]:
    return [("", _("No folder")), *((str(folder.pk), folder.name) for folder in folders)]


class UploadForm(forms.Form):
    file = forms.FileField(
        label=pgettext_lazy("vault", "File"),
        # The browser's own check is a convenience; the server decides by the content.
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
            "invalid": _("Choose a file to upload."),
            "missing": _("Choose a file to upload."),
        },
    )
    name = forms.CharField(
        label=_("Name in your vault (optional)"),
        help_text=_("Leave empty to keep the file's own name."),
        required=False,
        max_length=MAX_NAME_CHARS + 50,
        error_messages={"max_length": _("The name is too long.")},
    )
    folder = forms.ChoiceField(label=pgettext_lazy("vault", "Folder"), required=False)

    def __init__(self, *args, folders=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"].choices = folder_choices(folders)
        # Django's own file check would refuse a long name before ours could say why.
        self.fields["file"].max_length = None


class EditForm(forms.Form):
    name = forms.CharField(
        label=pgettext_lazy("vault", "Name"),
        max_length=MAX_NAME_CHARS + 50,
        error_messages={"required": _("Give the file a name."), "max_length": _("The name is too long.")},
    )
    folder = forms.ChoiceField(label=pgettext_lazy("vault", "Folder"), required=False)

    def __init__(self, *args, folders=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"].choices = folder_choices(folders)


class FolderForm(forms.Form):
    name = forms.CharField(
        label=_("Folder name"),
        max_length=FOLDER_NAME_MAX,
        error_messages={
            "required": _("Give the folder a name."),
            "max_length": _("A folder name can be at most %(limit_value)d characters."),
        },
    )
