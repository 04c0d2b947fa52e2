"""Every service description has the shape of protocol §7, and together they cover R-S-5."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from demo_agencies.agencies import AGENCIES
from demo_agencies.world import build_population
from panjara_protocol.envelope import Party
from panjara_protocol.kinds import ASSURANCE_LEVELS, CATEGORIES, DEADLINE_UNITS, SERVICE_TYPES

DESCRIPTIONS = {code: agency.describe(code=code) for code, agency in AGENCIES.items()}
SERVICES = {s["code"]: s for d in DESCRIPTIONS.values() for s in d["services"]}

# R-S-5, item by item, and the service that provides it ("correspondence" is the portal's own).
R_S_5 = {
    "vehicle ownership": "mia.vehicles",
    "debtor-registry search": "nbe.debtor-search",
    "debtor registry": "nbe.debtor",
    "personal data": "psda.person",
    "border crossing": "mia.border-crossings",
    "person's participation in documents": "psda.civil-acts",
    "real estate": "napr.property",
    "classification of public information": "psda.public-information",
    "extract from the Registry of Entrepreneurs and NNLEs": "napr.extract",
    "information from that registry": "napr.company",
    "correction of technical errors in registered data": "napr.technical-correction",
    "electronic copies of documents": "napr.document-copies",
    "change of identification details": "psda.identity-change",
    "registration of a new entity": "napr.registration",
    "start / termination of insolvency proceedings": "napr.insolvency",
    "start / termination of reorganisation": "napr.reorganisation-proceedings",
    "change of an entity's registered data": "napr.change",
    "an entity's e-mail / phone / address other than the legal address": "napr.contacts",
    "reorganisation": "napr.reorganisation",
    "pledge on a share (register / terminate / change)": "napr.share-pledge",
    "cancellation of registration": "napr.cancellation",
    "start / termination of liquidation": "napr.liquidation",
}
R_S_5_CATEGORIES = (
    "municipality",
    "permits",
    "cofinancing",
    "transport",
    "business",
    "property",
    "social",
    "health",
    "family",
    "debt",
)


@pytest.mark.parametrize(("item", "code"), R_S_5.items())
def test_every_service_of_r_s_5_exists(item, code):
    assert code in SERVICES, item


def test_every_category_r_s_5_names_has_a_service_and_each_has_a_functional_one():
    categories = {s["category"] for s in SERVICES.values()}
    assert set(R_S_5_CATEGORIES) <= categories
    for category in (
        "municipality",
        "permits",
        "cofinancing",
        "social",
        "health",
        "family",
        "debt",
        "transport",
    ):
        assert any(s["category"] == category and s["type"] == "functional" for s in SERVICES.values()), (
            category
        )


def test_every_agency_has_an_informational_service_and_a_functional_one():
    for code, description in DESCRIPTIONS.items():
        types = {s["type"] for s in description["services"]}
        assert types == {"informational", "functional"}, code


def test_the_assurance_levels_are_used_with_signatures_where_it_matters():
    functional = [s for s in SERVICES.values() if s["type"] == "functional"]
    assert any(s["assurance"] == "high" and s["signature_required"] for s in functional)
    assert any(s["assurance"] == "substantial" and not s["signature_required"] for s in functional)


def _bilingual(value):
    return (
        isinstance(value, dict)
        and set(value) == {"ka", "en"}
        and all(isinstance(v, str) and v.strip() for v in value.values())
    )


@pytest.mark.parametrize("code", sorted(SERVICES))
def test_a_service_description_has_the_protocol_shape(code):
    service = SERVICES[code]
    agency = code.split(".")[0]
    assert re.fullmatch(rf"{agency}\.[a-z][a-z0-9-]*", code) and len(code) <= 64
    assert _bilingual(service["name"]) and _bilingual(service["description"])
    assert re.search(r"[\u10d0-\u10ff]", service["name"]["ka"])
    assert service["category"] in CATEGORIES
    assert service["type"] in SERVICE_TYPES
    assert service["assurance"] in ASSURANCE_LEVELS
    assert isinstance(service["signature_required"], bool)
    assert service["fee"]["currency"] == "GEL"
    assert re.fullmatch(r"[0-9]+\.[0-9]{2}", service["fee"]["amount"])
    assert Decimal("0") <= Decimal(service["fee"]["amount"]) < Decimal("1e8")
    if service["deadline"] is not None:
        assert isinstance(service["deadline"]["value"], int) and service["deadline"]["value"] >= 0
        assert service["deadline"]["unit"] in DEADLINE_UNITS
    assert service["terms"] is None or _bilingual(service["terms"])
    keywords = service["keywords"]
    assert set(keywords) == {"ka", "en"} and keywords["ka"] and keywords["en"]
    assert all(isinstance(word, str) and word for words in keywords.values() for word in words)
    if service["type"] == "functional":
        _check_form(service["form_schema"])
        assert service["deadline"] is not None
    else:
        assert service["form_schema"] is None


def _check_form(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert _bilingual(schema["x-labels"])
    assert schema["required"] and set(schema["required"]) <= set(schema["properties"])
    for name, prop in schema["properties"].items():
        assert re.fullmatch(r"[a-z][a-z_]*", name)
        assert prop["type"] in ("string", "number", "integer", "boolean")
        assert _bilingual(prop["x-labels"]) and prop["title"] == prop["x-labels"]["en"]
        if "pattern" in prop:
            re.compile(prop["pattern"])
        for option in prop.get("oneOf", []):
            assert isinstance(option["const"], str) and _bilingual(option["x-labels"])
        if "default" in prop and "oneOf" in prop:
            assert prop["default"] in [o["const"] for o in prop["oneOf"]]
    # Protocol §7 reserves x-labels and x-prefill and asks for no other x- keywords.
    assert _x_keywords(schema) <= {"x-labels", "x-prefill"}


def _x_keywords(node):
    found = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("x-"):
                found.add(key)
            found |= _x_keywords(value)
    elif isinstance(node, list):
        for item in node:
            found |= _x_keywords(item)
    return found


def _pointer(document, pointer):
    for token in pointer.lstrip("/").split("/"):
        document = document[int(token)] if isinstance(document, list) else document[token]
    return document


def _prefills(node):
    if isinstance(node, dict):
        if isinstance(node.get("x-prefill"), str):
            yield node
        for value in node.values():
            yield from _prefills(value)


def test_every_prefill_names_an_informational_service_and_resolves_for_a_persona():
    world = build_population(seed=2026)
    giorgi, company = Party(kind="person", id="01024085001"), next(iter(world.participation["01024085001"]))
    seen = 0
    for service in SERVICES.values():
        for prop in _prefills(service["form_schema"] or {}):
            source, _, pointer = prop["x-prefill"].partition("#")
            agency, name = source.split(".", 1)
            provider = AGENCIES[agency].service(name)
            assert provider is not None and provider.query is not None, prop["x-prefill"]
            subject = (
                giorgi if "person" in provider.subjects else Party(kind="company", id=company["company_id"])
            )
            data = provider.query(world=world, party=subject)
            value = _pointer(data, pointer)
            assert isinstance(value, str) and value
            if "pattern" in prop:
                assert re.fullmatch(prop["pattern"].strip("^$"), value), (prop["x-prefill"], value)
            seen += 1
    assert seen >= 10


def test_search_by_need_finds_the_repeat_birth_certificate_for_a_child():
    # R-PP-4: the words a citizen would type lead to the service without knowing the agency.
    hits = [
        code
        for code, s in SERVICES.items()
        if "birth certificate for a child" in " ".join(s["keywords"]["en"])
    ]
    assert hits == ["psda.birth-certificate"]
    assert SERVICES["psda.birth-certificate"]["category"] == "family"
