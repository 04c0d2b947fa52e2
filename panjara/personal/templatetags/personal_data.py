"""Showing agencies' data readably in the person's language: names given in both languages,
ISO dates as dates, amounts in lari. Values are shown as the agency sent them; only their form
changes. A value that is not what the data shape promises is shown as it came, never dropped."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import dateformat, timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from panjara.personal.labels import LABELS

register = template.Library()

DATE = "j E Y"
DATETIME = "j E Y, H:i"
MONTH = "F Y"
PHOTO_TYPES = ("image/png", "image/jpeg")
BASE64 = re.compile(r"^[A-Za-z0-9+/]+={0,2}$")


@register.filter
def tr(value: Any) -> Any:
    """A value sent in both languages ({"ka": …, "en": …}) in the page's language."""
    if isinstance(value, dict):
        chosen = value.get("en" if get_language() == "en" else "ka") or value.get("ka") or value.get("en")
        return chosen if isinstance(chosen, str) else ""
    return "" if value is None else value


@register.filter
def full_name(name: Any) -> str:
    """psda's {"ka": {"first", "last"}, "en": {…}} as one name."""
    parts = name
    if isinstance(name, dict) and ("ka" in name or "en" in name):
        parts = name.get("en" if get_language() == "en" else "ka") or name.get("ka") or name.get("en")
    if isinstance(parts, dict):
        return " ".join(str(parts.get(key) or "") for key in ("first", "last")).strip()
    return str(parts or "")


@register.filter
def label(code: Any, group: str) -> Any:
    return LABELS.get(group, {}).get(code, code)


@register.filter
def day(value: Any) -> str:
    """An ISO date as <time>, e.g. "17 მაისი 1984"."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return "" if value is None else str(value)
    return format_html('<time datetime="{}">{}</time>', parsed.isoformat(), dateformat.format(parsed, DATE))


@register.filter
def moment(value: Any) -> str:
    """A date and time (aware datetime or ISO text with offset) as <time>, in Tbilisi time."""
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return "" if value is None else str(value)
    if timezone.is_naive(parsed):
        return format_html("{}", dateformat.format(parsed, DATETIME))
    local = timezone.localtime(parsed)
    return format_html(
        '<time datetime="{}">{}</time>', parsed.isoformat(), dateformat.format(local, DATETIME)
    )


@register.filter
def period(value: Any) -> str:
    """A billing or tax period: "2026-02" as a month, "2024" as it is."""
    text = "" if value is None else str(value)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        try:
            return dateformat.format(date.fromisoformat(text + "-01"), MONTH)
        except ValueError:
            return text
    return text


def _decimal(value: Any) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def money(amount: Any, currency: Any = "GEL") -> str:
    """An amount sent as a string with two decimals, grouped for reading, in lari by default."""
    number = _decimal(amount) if amount is not None else None
    if number is None:
        return "" if amount is None else str(amount)
    text = number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True)
    if (currency or "GEL") == "GEL":
        return gettext("%(amount)s GEL") % {"amount": text}
    return f"{text} {currency}"


@register.filter
def is_positive(amount: Any) -> bool:
    number = _decimal(amount) if amount is not None else None
    return bool(number and number > 0)


@register.filter
def area(value: Any) -> str:
    number = _decimal(value) if value is not None else None
    if number is None:
        return "" if value is None else str(value)
    return gettext("%(area)s m²") % {"area": number_format(number, decimal_pos=2, use_l10n=True)}


@register.filter
def percent(value: Any) -> str:
    number = _decimal(value) if value is not None else None
    if number is None:
        return "" if value is None else str(value)
    return gettext("%(share)s %%") % {"share": number_format(number.normalize(), use_l10n=True)}


@register.filter
def photo_src(photo: Any) -> str:
    """A data: URI for the ID photo, only for an image type and base64 text (never markup)."""
    if not isinstance(photo, dict) or photo.get("media_type") not in PHOTO_TYPES:
        return ""
    data = photo.get("data")
    if not isinstance(data, str) or not BASE64.match(data):
        return ""
    return f"data:{photo['media_type']};base64,{data}"


@register.filter
def data_rows(data: Any) -> list[tuple[str, str]]:
    """Any answer as (where, value) rows, for a service the portal has no template for: a new
    agency's data is still shown, whole and readable, without portal code changes."""
    rows: list[tuple[str, str]] = []

    def walk(value: Any, path: list[str]) -> None:
        if isinstance(value, dict) and set(value) <= {"ka", "en"} and value:
            rows.append((" › ".join(path), tr(value)))
        elif isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, [*path, str(key).replace("_", " ")])
        elif isinstance(value, list):
            for index, inner in enumerate(value, start=1):
                walk(inner, [*path, str(index)])
        elif isinstance(value, bool):
            rows.append((" › ".join(path), gettext("yes") if value else gettext("no")))
        else:
            rows.append((" › ".join(path), "—" if value is None else str(value)))

    walk(data, [])
    return rows
