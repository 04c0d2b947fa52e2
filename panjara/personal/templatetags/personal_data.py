"""Showing agencies' data readably in the person's language: names given in both languages,
ISO dates as dates, amounts in lari. Values are shown as the agency sent them; only their form
changes. A value that is not what the data shape promises is shown as it came, never dropped."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import Any

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_ALT
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


@cache
def _month_names(language: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The month names of one language, (nominative as in "F", genitive as in "E"), translated
    once per process: formatting each date with Django's general formatter costs a regular
    expression and two translation lookups per date, and a page shows a hundred dates. The
    caller passes the active language, so each language gets its own names."""
    return (
        ("", *(str(MONTHS[month]) for month in range(1, 13))),
        ("", *(str(MONTHS_ALT[month]) for month in range(1, 13))),
    )


def format_date(value: date) -> str:
    """The same text as `dateformat.format(value, DATE)` ("j E Y")."""
    return f"{value.day} {_month_names(get_language())[1][value.month]} {value.year:04d}"


def format_moment(value: datetime) -> str:
    """The same text as `dateformat.format(value, DATETIME)` ("j E Y, H:i")."""
    return f"{format_date(value)}, {value.hour:02d}:{value.minute:02d}"


@register.filter
def day(value: Any) -> str:
    """An ISO date as <time>, e.g. "17 მაისი 1984"."""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    try:
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return "" if value is None else str(value)
    return format_html('<time datetime="{}">{}</time>', parsed.isoformat(), format_date(parsed))


@register.filter
def moment(value: Any) -> str:
    """A date and time (aware datetime or ISO text with offset) as <time>, in Tbilisi time."""
    if not isinstance(value, (datetime, str)):
        return _moment(value)
    # Every card shows when its answer came and until when it is kept, and the answers of one
    # page share those moments: the text is remembered per value, language and time zone. The
    # offset is part of the key because equal instants with different offsets compare equal,
    # and the <time> attribute shows the offset the value came with.
    offset = value.utcoffset() if isinstance(value, datetime) else None
    return _moment_cached(value, offset, get_language(), timezone.get_current_timezone_name())


@lru_cache(maxsize=2048)
def _moment_cached(value: datetime | str, _offset, _language: str | None, _zone: str) -> str:
    return _moment(value)


def _moment(value: Any) -> str:
    try:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return "" if value is None else str(value)
    if timezone.is_naive(parsed):
        return format_html("{}", format_moment(parsed))
    local = timezone.localtime(parsed)
    return format_html('<time datetime="{}">{}</time>', parsed.isoformat(), format_moment(local))


@register.filter
def period(value: Any) -> str:
    """A billing or tax period: "2026-02" as a month, "2024" as it is."""
    text = "" if value is None else str(value)
    if re.fullmatch(r"\d{4}-\d{2}", text):
        try:
            month = date.fromisoformat(text + "-01")
        except ValueError:
            return text
        return f"{_month_names(get_language())[0][month.month]} {month.year:04d}"  # MONTH, "F Y"
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
