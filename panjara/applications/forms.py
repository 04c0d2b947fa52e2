"""Application forms from an agency's JSON Schema (protocol §7): the HTML form the person fills,
the document the agency receives, and the person's mistakes in their own language.

The schema is the only source of rules. Django's form classes serve only to render accessible
fields (web/includes/field.html); every check is made by a JSON Schema validator against the
document built from what was typed, so the portal and the agency judge an application by the
same rules. What the person typed is kept as text, field by field, so a draft or a rejected
submission never loses a character (the `values` of an application).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator, FormatChecker

from panjara.vault.files import type_label

# A string longer than this is written in a text area rather than a one-line input.
LONG_TEXT = 500

# Patterns the demo agencies' forms share, explained in words (anything else gets a generic
# message): a person cannot act on "does not match ^[0-9]{11}$".
_PATTERN_HELP = {
    r"^[0-9]{11}$": lambda: _("It has 11 digits."),
    r"^[0-9]{9}$": lambda: _("It has 9 digits."),
    r"^5[0-9]{8}$": lambda: _("Write it as 9 digits starting with 5, for example 555123456."),
}


@dataclass(frozen=True, kw_only=True)
class Field:
    name: str
    label: str
    kind: str  # text | long_text | choice | number | flag | date
    required: bool
    read_only: bool = False
    max_length: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    prefill: str = ""  # "<service code>#<JSON pointer>"
    schema: dict[str, Any] = field(default_factory=dict)


def _label(node: dict[str, Any], fallback: str) -> str:
    labels = node.get("x-labels")
    if isinstance(labels, dict):
        text = labels.get(get_language() or "ka") or labels.get("ka") or labels.get("en")
        if isinstance(text, str) and text:
            return text
    title = node.get("title")
    return title if isinstance(title, str) and title else fallback


def form_title(schema: dict[str, Any], fallback: str) -> str:
    return _label(schema, fallback)


def form_fields(schema: dict[str, Any]) -> list[Field]:
    """The form's fields in the schema's order."""
    required = set(schema.get("required") or [])
    fields = []
    for name, node in (schema.get("properties") or {}).items():
        if not isinstance(node, dict):
            continue
        kind = "text"
        choices: tuple[tuple[str, str], ...] = ()
        options = node.get("oneOf") or []
        if options and all(isinstance(o, dict) and "const" in o for o in options):
            kind = "choice"
            choices = tuple((str(o["const"]), _label(o, str(o["const"]))) for o in options)
        elif isinstance(node.get("enum"), list):
            kind = "choice"
            choices = tuple((str(v), str(v)) for v in node["enum"])
        elif node.get("type") in ("number", "integer"):
            kind = "number"
        elif node.get("type") == "boolean":
            kind = "flag"
        elif node.get("format") == "date":
            kind = "date"
        elif (node.get("maxLength") or 0) > LONG_TEXT:
            kind = "long_text"
        fields.append(
            Field(
                name=name,
                label=_label(node, name),
                kind=kind,
                required=name in required,
                read_only=bool(node.get("readOnly")),
                max_length=node.get("maxLength"),
                choices=choices,
                prefill=node.get("x-prefill") or "",
                schema=node,
            )
        )
    return fields


def _widget(spec: Field, *, locked: bool) -> forms.Widget:
    attrs: dict[str, Any] = {}
    if locked:
        attrs["readonly"] = True
    if spec.kind == "choice":
        return forms.RadioSelect(choices=spec.choices)
    if spec.kind == "flag":
        return forms.CheckboxInput()
    if spec.kind == "long_text":
        return forms.Textarea(attrs={**attrs, "rows": 6})
    if spec.kind == "date":
        return forms.DateInput(attrs={**attrs, "type": "date"})
    if spec.kind == "number":
        # Text, not type=number: browsers silently drop what they cannot parse ("1 000,50"),
        # and a person must get back exactly what they typed.
        return forms.TextInput(attrs={**attrs, "inputmode": "decimal"})
    if spec.max_length:
        attrs["maxlength"] = spec.max_length
    return forms.TextInput(attrs=attrs)


def html_form(
    schema: dict[str, Any],
    *,
    values: dict[str, str],
    hints: dict[str, str] | None = None,
    locked: dict[str, str] | None = None,
) -> forms.Form:
    """A form showing `values` (what was typed or pre-filled), to render with field.html."""
    form = forms.Form(auto_id="f-%s")
    for spec in form_fields(schema):
        label = (
            spec.label
            if spec.required or spec.kind == "flag"
            else _("%(label)s (optional)") % {"label": spec.label}
        )
        form.fields[spec.name] = forms.CharField(
            label=label,
            required=False,
            widget=_widget(spec, locked=spec.name in (locked or {})),
            help_text=(hints or {}).get(spec.name, ""),
        )
        if spec.kind == "flag":
            form.initial[spec.name] = values.get(spec.name) == "true"
        else:
            form.initial[spec.name] = values.get(spec.name, "")
    return form


def show_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """Put the schema check's messages on the (unbound) form, which shows the typed values as
    its initial data: Django's own cleaning never runs, so it cannot reword or drop anything."""
    form._errors = ErrorDict()
    form.cleaned_data = {}
    for name, problems in errors.items():
        for problem in problems:
            form.add_error(name if name in form.fields else None, problem)


def default_values(schema: dict[str, Any]) -> dict[str, str]:
    """The agency's suggested answers (JSON Schema `default`), as the text a draft keeps: a new
    draft starts with them chosen, as a paper form comes with the usual box already ticked."""
    values = {}
    for name, prop in (schema.get("properties") or {}).items():
        if isinstance(prop, dict) and "default" in prop:
            default = prop["default"]
            values[name] = ("true" if default else "false") if isinstance(default, bool) else str(default)
    return values


def locked_values(schema: dict[str, Any], prefill: dict[str, dict[str, str]]) -> dict[str, str]:
    """Fields the agency marks `readOnly` and the portal could fill: shown, not editable. A
    read-only field that could not be filled (its source was down) stays open for typing, or the
    person could never send the form."""
    return {
        spec.name: prefill[spec.name]["value"]
        for spec in form_fields(schema)
        if spec.read_only and spec.name in prefill
    }


def typed_values(schema: dict[str, Any], post, *, locked: dict[str, str] | None = None) -> dict[str, str]:
    """What the person typed, as text. Locked fields keep their pre-filled value whatever the
    browser sends."""
    locked = locked or {}
    values: dict[str, str] = {}
    for spec in form_fields(schema):
        if spec.name in locked:
            values[spec.name] = locked[spec.name]
        elif spec.kind == "flag":
            values[spec.name] = "true" if post.get(spec.name) in ("on", "true", "1") else "false"
        else:
            # Kept as typed (only line endings unified), up to a bound: a draft is not a store
            # for megabytes of text.
            raw = str(post.get(spec.name, "")).replace("\r\n", "\n")
            values[spec.name] = raw[: max(spec.max_length or 0, 10_000)]
    return values


def _number(text: str) -> int | float | None:
    compact = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        value = Decimal(compact)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass(frozen=True, kw_only=True)
class Checked:
    document: dict[str, Any]
    errors: dict[str, list[str]]

    @property
    def ok(self) -> bool:
        return not self.errors


def check(schema: dict[str, Any], values: dict[str, str]) -> Checked:
    """Build the document from the typed values and check it against the schema."""
    specs = {spec.name: spec for spec in form_fields(schema)}
    document: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for name, spec in specs.items():
        text = values.get(name, "")
        if spec.kind == "flag":
            document[name] = text == "true"
            continue
        text = text.strip()
        if not text:
            continue
        if spec.kind == "number":
            number = _number(text)
            if number is None:
                errors.setdefault(name, []).append(
                    _("Enter %(label)s as a number, for example 1500 or 12.50.") % {"label": spec.label}
                )
                continue
            document[name] = number
        else:
            document[name] = text
    for name in schema.get("required") or []:
        if name in specs and name not in document and name not in errors:
            spec = specs[name]
            message = _("Choose %(label)s.") if spec.kind == "choice" else _("Enter %(label)s.")
            errors.setdefault(name, []).append(message % {"label": spec.label})
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    for error in validator.iter_errors(document):
        if error.validator == "required" and not error.path:
            continue  # said above, per field
        name = str(error.path[0]) if error.path else ""
        if name in errors:
            continue  # one message per field: the first problem is the one to fix
        spec = specs.get(name)
        if spec is None:
            errors.setdefault("", []).append(
                _("The form does not accept this data. Reload the page and try again.")
            )
            continue
        errors.setdefault(name, []).append(_message(error, spec))
    return Checked(document=document, errors=errors)


def _message(error, spec: Field) -> str:
    label = {"label": spec.label}
    kind = error.validator
    if kind == "maxLength":
        return ngettext(
            "%(label)s can have at most %(count)d character.",
            "%(label)s can have at most %(count)d characters.",
            error.validator_value,
        ) % {**label, "count": error.validator_value}
    if kind == "minLength":
        return ngettext(
            "%(label)s needs at least %(count)d character.",
            "%(label)s needs at least %(count)d characters.",
            error.validator_value,
        ) % {**label, "count": error.validator_value}
    if kind == "pattern":
        help_text = _PATTERN_HELP.get(error.validator_value)
        message = _("%(label)s is not written correctly.") % label
        return f"{message} {help_text()}" if help_text else message
    if kind in ("minimum", "exclusiveMinimum"):
        return _("%(label)s must be at least %(limit)s.") % {**label, "limit": error.validator_value}
    if kind in ("maximum", "exclusiveMaximum"):
        return _("%(label)s must be at most %(limit)s.") % {**label, "limit": error.validator_value}
    if kind in ("oneOf", "enum", "const", "anyOf"):
        return _("Choose one of the options for %(label)s.") % label
    if kind == "format" and error.validator_value == "date":
        return _("Enter %(label)s as a real date, for example 2026-03-31.") % label
    if kind == "format" and error.validator_value == "email":
        return _("Enter %(label)s as an e-mail address, for example name@example.ge.") % label
    if kind == "type" and error.validator_value in ("number", "integer"):
        return (
            _("Enter %(label)s as a whole number.") % label
            if error.validator_value == "integer"
            else _("Enter %(label)s as a number, for example 1500 or 12.50.") % label
        )
    return _("Check %(label)s.") % label


# Attachments and the answer to an agency: Django forms for rendering and shape only; the rules
# (limits, file types, the vault's quota) are the services' (attachments.py, services.py).

_FILE_ERRORS = {
    "empty": gettext_lazy("The file is empty."),
    "invalid": gettext_lazy("Choose a file from your computer."),
    "missing": gettext_lazy("Choose a file from your computer."),
}
# A convenience for the browser's file dialog, not a check: the content decides.
_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _document_label(document) -> str:
    return _("%(name)s (%(type)s, %(size)s)") % {
        "name": document.name,
        "type": type_label(document.content_type),
        "size": filesizeformat(document.size),
    }


class AttachForm(forms.Form):
    """Documents to attach: from the vault (checkboxes) and/or one file from the computer."""

    documents = forms.MultipleChoiceField(
        label=gettext_lazy("From your document vault"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Choose documents from your own vault.")},
    )
    file = forms.FileField(
        label=gettext_lazy("From your computer"),
        required=False,
        widget=forms.FileInput(attrs={"accept": _ACCEPT}),
        error_messages=_FILE_ERRORS,
    )

    def __init__(self, *args, documents=(), **kwargs) -> None:
        kwargs.setdefault("auto_id", "f-%s")
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(str(d.pk), _document_label(d)) for d in documents]
        # Django's own name check would refuse a long name before the vault could say why.
        self.fields["file"].max_length = None

    def chosen(self) -> list[str]:
        return list(self.cleaned_data.get("documents") or [])


class SupplementForm(AttachForm):
    """The person's answer to the agency's request for more information."""

    text = forms.CharField(
        label=gettext_lazy("Your answer"),
        required=False,  # the service says what is missing, in the same words as everywhere
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    field_order = ["text", "documents", "file"]
