"""Checking an agency's service description before it enters the catalog. One bad service is
skipped with its reason; it never takes the agency's other services or the sync down with it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from panjara_protocol.kinds import ASSURANCE_LEVELS, CATEGORIES, DEADLINE_UNITS, SERVICE_TYPES


class InvalidDescription(ValueError):
    pass


@dataclass(frozen=True, kw_only=True)
class ServiceDescription:
    code: str
    fields: dict[str, Any]


def _texts(data: Any, name: str, *, required: bool = True) -> tuple[str, str]:
    if data is None and not required:
        return "", ""
    if not isinstance(data, dict) or not all(isinstance(data.get(lang), str) for lang in ("ka", "en")):
        raise InvalidDescription(f"{name} needs Georgian and English text")
    if required and not (data["ka"].strip() and data["en"].strip()):
        raise InvalidDescription(f"{name} is empty")
    return data["ka"].strip(), data["en"].strip()


def _one_of(value: Any, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise InvalidDescription(f"{name} {value!r} is not one of {', '.join(allowed)}")
    return value


def parse_service(data: Any, *, agency_code: str) -> ServiceDescription:
    if not isinstance(data, dict):
        raise InvalidDescription("a service must be an object")
    code = data.get("code")
    if not isinstance(code, str) or not code.startswith(f"{agency_code}.") or len(code) > 64:
        raise InvalidDescription(f"service code {code!r} must start with {agency_code!r}.")
    name_ka, name_en = _texts(data.get("name"), "name")
    description_ka, description_en = _texts(data.get("description"), "description")
    terms_ka, terms_en = _texts(data.get("terms"), "terms", required=False)
    kind = _one_of(data.get("type"), SERVICE_TYPES, "type")
    fee = data.get("fee") or {"amount": "0", "currency": "GEL"}
    if not isinstance(fee, dict):
        raise InvalidDescription("fee must be an object")
    try:
        amount = Decimal(str(fee["amount"]))
        if amount < 0 or amount >= Decimal("1e8"):
            raise InvalidOperation
    except (InvalidOperation, KeyError, TypeError):
        raise InvalidDescription("fee amount must be a non-negative decimal") from None
    deadline = data.get("deadline")
    if deadline is not None:
        value = deadline.get("value") if isinstance(deadline, dict) else None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise InvalidDescription("deadline needs a whole number of units")
        _one_of(deadline.get("unit"), DEADLINE_UNITS, "deadline unit")
    schema = data.get("form_schema")
    if kind == "functional" and not isinstance(schema, dict):
        raise InvalidDescription("a functional service needs a form schema")
    keywords = data.get("keywords") or {}
    if not isinstance(keywords, dict) or not all(
        isinstance(keywords.get(lang, []), list) for lang in ("ka", "en")
    ):
        raise InvalidDescription("keywords must be lists of words in ka and en")
    if str(fee.get("currency", "GEL")) != "GEL":
        raise InvalidDescription("fees are in GEL")
    return ServiceDescription(
        code=code,
        fields=dict(
            name_ka=name_ka,
            name_en=name_en,
            description_ka=description_ka,
            description_en=description_en,
            category=_one_of(data.get("category"), CATEGORIES, "category"),
            kind=kind,
            assurance=_one_of(data.get("assurance"), ASSURANCE_LEVELS, "assurance"),
            signature_required=bool(data.get("signature_required", False)),
            fee_amount=amount,
            fee_currency="GEL",
            deadline_value=deadline["value"] if deadline else None,
            deadline_unit=deadline["unit"] if deadline else "",
            form_schema=schema if isinstance(schema, dict) else None,
            terms_ka=terms_ka,
            terms_en=terms_en,
            keywords_ka=" ".join(k for k in keywords.get("ka", []) if isinstance(k, str)),
            keywords_en=" ".join(k for k in keywords.get("en", []) if isinstance(k, str)),
        ),
    )
