"""The demo's agency without a system of its own: Tbilisi City Hall, served at the agency desk
(ADR 0006). The portal keeps its catalog, so its services are described here, in the protocol's
own shape (docs/exchange-protocol.md §7), with forms written like the demo agencies' (the portal
never imports those). Demo data only."""

from __future__ import annotations

from typing import Any

CODE = "tbilisi"
NAME = {"ka": "თბილისის მერია", "en": "Tbilisi City Hall"}
KIND = "state"

_JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
_MOBILE = r"^5[0-9]{8}$"


def _labels(ka: str, en: str) -> dict[str, Any]:
    return {"title": en, "x-labels": {"ka": ka, "en": en}}


def _text(ka: str, en: str, *, max_length: int = 200, pattern: str = "") -> dict[str, Any]:
    return {
        "type": "string",
        **_labels(ka, en),
        "maxLength": max_length,
        **({"pattern": pattern} if pattern else {}),
    }


def _form(ka: str, en: str, *, required: list[str], **properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": _JSON_SCHEMA,
        "type": "object",
        **_labels(ka, en),
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _applicant() -> dict[str, dict[str, Any]]:
    return {
        # The applicant is the signed-in person: shown, not typed.
        "personal_number": {
            **_text("პირადი ნომერი", "Personal number", pattern=r"^[0-9]{11}$"),
            "x-prefill": "psda.person#/personal_number",
            "readOnly": True,
        },
        "mobile": _text("მობილურის ნომერი (5XXXXXXXX)", "Mobile number (5XXXXXXXX)", pattern=_MOBILE),
    }


def services() -> list[dict[str, Any]]:
    """Two functional services that need an official's decision."""
    applicant = _applicant()
    return [
        {
            "code": f"{CODE}.outdoor-seating-permit",
            "name": {
                "ka": "ტროტუარზე სეზონური გარე მაგიდების განთავსების ნებართვა",
                "en": "Seasonal outdoor seating on a sidewalk",
            },
            "description": {
                "ka": "კაფის ან რესტორნის მაგიდების სეზონური განთავსება ტროტუარზე, ობიექტის წინ.",
                "en": "A permit for a café's or restaurant's tables on the sidewalk in front of it, for a season.",
            },
            "category": "permits",
            "type": "functional",
            "assurance": "substantial",
            "signature_required": False,
            "deadline": {"value": 10, "unit": "working_days"},
            "keywords": {
                "ka": ["გარე მაგიდები", "ტროტუარი", "კაფე", "ნებართვა"],
                "en": ["outdoor seating", "terrace", "sidewalk", "cafe permit"],
            },
            "form_schema": _form(
                "გარე მაგიდების ნებართვა",
                "Outdoor seating permit",
                required=[
                    "personal_number",
                    "mobile",
                    "business_name",
                    "address",
                    "area_m2",
                    "season_start",
                    "season_end",
                ],
                personal_number=applicant["personal_number"],
                mobile=applicant["mobile"],
                business_name=_text("ობიექტის სახელწოდება", "Name of the café or restaurant", max_length=120),
                address=_text("ობიექტის მისამართი", "Address of the premises"),
                area_m2={
                    "type": "number",
                    **_labels("ტროტუარის ფართობი (მ²)", "Sidewalk area (m²)"),
                    "minimum": 1,
                    "maximum": 200,
                },
                season_start={
                    "type": "string",
                    "format": "date",
                    **_labels("სეზონის დასაწყისი", "Season starts"),
                },
                season_end={
                    "type": "string",
                    "format": "date",
                    **_labels("სეზონის დასასრული", "Season ends"),
                },
            ),
        },
        {
            "code": f"{CODE}.entrance-repair-cofinancing",
            "name": {
                "ka": "მრავალბინიანი სახლის სადარბაზოს რემონტის თანადაფინანსება",
                "en": "Co-financing the repair of an apartment building's entrance",
            },
            "description": {
                "ka": "მერია ამხანაგობასთან ერთად აფინანსებს სადარბაზოს, სახურავის, ლიფტის ან ფასადის შეკეთებას.",
                "en": "The City Hall shares with the residents the cost of repairing an entrance, roof, lift or facade.",
            },
            "category": "cofinancing",
            "type": "functional",
            "assurance": "substantial",
            "signature_required": False,
            "deadline": {"value": 20, "unit": "working_days"},
            "keywords": {
                "ka": ["სადარბაზო", "ამხანაგობა", "ლიფტი", "სახურავი", "თანადაფინანსება"],
                "en": ["entrance repair", "homeowners association", "lift", "roof", "co-financing"],
            },
            "form_schema": _form(
                "სადარბაზოს რემონტის თანადაფინანსება",
                "Entrance repair co-financing",
                required=[
                    "personal_number",
                    "mobile",
                    "building_address",
                    "flats",
                    "works",
                    "estimated_cost",
                ],
                personal_number=applicant["personal_number"],
                mobile=applicant["mobile"],
                building_address=_text("შენობის მისამართი", "Address of the building"),
                flats={
                    "type": "integer",
                    **_labels("ბინების რაოდენობა", "Number of flats"),
                    "minimum": 2,
                    "maximum": 1000,
                },
                works={
                    "type": "string",
                    **_labels("სამუშაოები", "Works"),
                    "oneOf": [
                        {"const": value, **_labels(ka, en)}
                        for value, (ka, en) in {
                            "entrance": ("სადარბაზოს რემონტი", "Entrance repair"),
                            "roof": ("სახურავის შეკეთება", "Roof repair"),
                            "lift": ("ლიფტის შეცვლა", "Lift replacement"),
                            "facade": ("ფასადის რემონტი", "Facade repair"),
                        }.items()
                    ],
                },
                estimated_cost={
                    "type": "number",
                    **_labels("სავარაუდო ღირებულება (ლარი)", "Estimated cost (GEL)"),
                    "minimum": 1,
                },
                works_description=_text(
                    "სამუშაოების აღწერა (არასავალდებულო)",
                    "Description of the works (optional)",
                    max_length=2000,
                ),
            ),
        },
    ]
