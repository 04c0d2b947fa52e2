"""Helpers for web/includes/field.html: the ids that tie a field's hint and error to its input,
and the input rendered with aria-describedby / aria-invalid (templates cannot add attributes)."""

from django import forms, template

register = template.Library()

GROUP_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.filter
def is_group(field: forms.BoundField) -> bool:
    return isinstance(field.field.widget, GROUP_WIDGETS)


@register.simple_tag
def field_ids(field: forms.BoundField, hint: str = "") -> dict[str, str]:
    base = field.auto_id or field.html_name
    ids = {"hint": f"{base}-hint", "error": f"{base}-error"}
    described = []
    if hint:
        described.append(ids["hint"])
    if field.errors:
        described.append(ids["error"])
    ids["describedby"] = " ".join(described)
    return ids


@register.simple_tag
def accessible_widget(field: forms.BoundField, ids: dict[str, str], input_class: str = ""):
    attrs: dict[str, str] = {}
    if not is_group(field) and ids["describedby"]:
        # A group carries the description on its fieldset; repeating it on each option is noise.
        attrs["aria-describedby"] = ids["describedby"]
    if field.errors:
        attrs["aria-invalid"] = "true"
    classes = [field.field.widget.attrs.get("class", ""), input_class]
    if field.errors and not is_group(field):
        classes.append("input--error")
    if any(classes):
        attrs["class"] = " ".join(c for c in classes if c)
    return field.as_widget(attrs=attrs)


@register.filter
def error_anchor(field: forms.BoundField) -> str:
    """The id an error summary link jumps to: the input, or a group's first option (a group's
    label has no single target; GOV.UK links to the first option too)."""
    if is_group(field):
        return field.field.widget.id_for_label(field.auto_id, 0)
    return field.id_for_label
