"""How an agency describes its services, and small builders for the application forms.

A form is a JSON Schema (draft 2020-12) object. Protocol v1 (docs/exchange-protocol.md §7) reserves
two annotations and asks for no other `x-` keywords, so the forms use only:
- "x-labels": {"ka", "en"} on every property (and on each choice of an enum, written the standard
  way as "oneOf": [{"const", "title", "x-labels"}]); "title" repeats the English for generic tools;
- "x-prefill": "<service code>#<JSON pointer>" naming the informational service whose answer
  (about the applicant, or the company they act for) can pre-fill the field.
Long free-text fields are simply those with a large "maxLength".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
PERSONAL_NUMBER = r"^[0-9]{11}$"
COMPANY_ID = r"^[0-9]{9}$"
MOBILE = r"^5[0-9]{8}$"

Query = Callable[..., dict[str, Any] | None]  # (*, world: Population, party: Party) -> data | None


def _labels(ka: str, en: str) -> dict[str, Any]:
    return {"title": en, "x-labels": {"ka": ka, "en": en}}


def text(
    ka: str,
    en: str,
    *,
    max_length: int = 200,
    pattern: str | None = None,
    prefill: str | None = None,
    fmt: str | None = None,
) -> dict[str, Any]:
    prop: dict[str, Any] = {"type": "string", **_labels(ka, en), "maxLength": max_length}
    if pattern:
        prop["pattern"] = pattern
    if fmt:
        prop["format"] = fmt
    if prefill:
        prop["x-prefill"] = prefill
    return prop


def choice(
    ka: str, en: str, options: dict[str, tuple[str, str]], *, default: str | None = None
) -> dict[str, Any]:
    prop: dict[str, Any] = {
        "type": "string",
        **_labels(ka, en),
        "oneOf": [{"const": value, **_labels(o_ka, o_en)} for value, (o_ka, o_en) in options.items()],
    }
    if default is not None:
        prop["default"] = default
    return prop


def number(ka: str, en: str, *, minimum: float = 0, maximum: float | None = None) -> dict[str, Any]:
    prop: dict[str, Any] = {"type": "number", **_labels(ka, en), "minimum": minimum}
    if maximum is not None:
        prop["maximum"] = maximum
    return prop


def flag(ka: str, en: str, *, default: bool = False) -> dict[str, Any]:
    return {"type": "boolean", **_labels(ka, en), "default": default}


def day(ka: str, en: str) -> dict[str, Any]:
    return {"type": "string", "format": "date", **_labels(ka, en)}


def form(ka: str, en: str, *, required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    missing = [name for name in required if name not in properties]
    if missing:
        raise ValueError(f"required fields without a property: {missing}")
    return {
        "$schema": JSON_SCHEMA,
        "type": "object",
        **_labels(ka, en),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


# Fields many forms share: the applicant as the civil registry knows them.
def applicant_fields() -> dict[str, dict[str, Any]]:
    return {
        # The applicant is the signed-in person: shown, not typed (JSON Schema's readOnly).
        "personal_number": {
            **text(
                "პირადი ნომერი",
                "Personal number",
                pattern=PERSONAL_NUMBER,
                prefill="psda.person#/personal_number",
            ),
            "readOnly": True,
        },
        "first_name": text("სახელი", "First name", prefill="psda.person#/name/ka/first"),
        "last_name": text("გვარი", "Last name", prefill="psda.person#/name/ka/last"),
        "mobile": text("მობილურის ნომერი (5XXXXXXXX)", "Mobile number (5XXXXXXXX)", pattern=MOBILE),
    }


def company_field() -> dict[str, Any]:
    return text("საიდენტიფიკაციო კოდი", "Identification code", pattern=COMPANY_ID, prefill="napr.company#/id")


@dataclass(frozen=True, kw_only=True)
class Service:
    name: str  # local part; the full code is "<agency code>.<name>"
    title: tuple[str, str]
    description: tuple[str, str]
    category: str
    type: str
    assurance: str
    keywords: tuple[tuple[str, ...], tuple[str, ...]]
    signature_required: bool = False
    fee: str = "0.00"
    deadline: tuple[int, str] | None = None
    form_schema: dict[str, Any] | None = None
    terms: tuple[str, str] | None = None
    subjects: tuple[str, ...] = ("person",)  # whom an informational service can be asked about
    query: Query | None = None

    def describe(self, *, agency: str, implementation: str) -> dict[str, Any]:
        schema = self.form_schema
        if schema is not None and agency != implementation:
            schema = _rename_prefill(schema, old=f"{implementation}.", new=f"{agency}.")
        return {
            "code": f"{agency}.{self.name}",
            "name": {"ka": self.title[0], "en": self.title[1]},
            "description": {"ka": self.description[0], "en": self.description[1]},
            "category": self.category,
            "type": self.type,
            "assurance": self.assurance,
            "signature_required": self.signature_required,
            "fee": {"amount": self.fee, "currency": "GEL"},
            "deadline": None
            if self.deadline is None
            else {"value": self.deadline[0], "unit": self.deadline[1]},
            "form_schema": schema,
            "terms": None if self.terms is None else {"ka": self.terms[0], "en": self.terms[1]},
            "keywords": {"ka": list(self.keywords[0]), "en": list(self.keywords[1])},
        }


def _rename_prefill(schema: Any, *, old: str, new: str) -> Any:
    # A cloned agency (bench1 serving psda's implementation) pre-fills from its own services.
    if isinstance(schema, dict):
        return {
            key: (new + value[len(old) :])
            if key == "x-prefill" and isinstance(value, str) and value.startswith(old)
            else _rename_prefill(value, old=old, new=new)
            for key, value in schema.items()
        }
    if isinstance(schema, list):
        return [_rename_prefill(item, old=old, new=new) for item in schema]
    return schema


@dataclass(frozen=True, kw_only=True)
class Agency:
    code: str
    name: tuple[str, str]
    kind: str  # "state" | "private"
    summary: tuple[str, str]
    services: tuple[Service, ...] = field(default_factory=tuple)

    def service(self, name: str) -> Service | None:
        return next((service for service in self.services if service.name == name), None)

    def describe(self, *, code: str) -> dict[str, Any]:
        name_ka, name_en = self.name
        if code != self.code:  # a clone says so in its name, so nobody mistakes it for the original
            name_ka, name_en = f"{name_ka} ({code})", f"{name_en} ({code})"
        return {
            "agency": {"code": code, "name": {"ka": name_ka, "en": name_en}, "kind": self.kind},
            "services": [
                service.describe(agency=code, implementation=self.code) for service in self.services
            ],
        }
