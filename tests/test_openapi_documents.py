"""The OpenAPI documents of the exchange (docs/openapi/) say what the code does: the same paths,
the same enums, the same required envelope fields — and a real sealed message fits them."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from panjara_protocol import KeyPair, MalformedMessage, Party, new_envelope, reply_to, seal
from panjara_protocol.envelope import Envelope
from panjara_protocol.kinds import (
    AGENCY_PATHS,
    APPLICATION_SUBMIT,
    APPLICATION_SUPPLEMENT,
    ASSURANCE_LEVELS,
    CATEGORIES,
    DEADLINE_UNITS,
    EXPECTED_ANSWER,
    PORTAL_CALLBACK_PATH,
    QUERY,
    QUERY_RESULT,
    QUERY_STATUSES,
    SERVICE_TYPES,
)
from panjara_protocol.messages import MEDIA_TYPE, TYPE_HEADER

DOCS = Path(__file__).resolve().parent.parent / "docs" / "openapi"
AGENCY_JWKS_PATH = "/.well-known/jwks.json"
PORTAL_JWKS_PATH = "/exchange/v1/jwks.json"


def _load(name: str) -> dict[str, Any]:
    return json.loads((DOCS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def agency_api() -> dict[str, Any]:
    return _load("agency-api.json")


@pytest.fixture(scope="module")
def portal_api() -> dict[str, Any]:
    return _load("portal-api.json")


# A small JSON Schema checker for the keywords these documents use (jsonschema is not a dependency).

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _resolve(document: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/"), ref
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def problems(value: Any, schema: dict[str, Any], document: dict[str, Any], at: str = "$") -> list[str]:
    """Why `value` does not fit `schema`; [] when it does."""
    found: list[str] = []
    if "$ref" in schema:
        found += problems(value, _resolve(document, schema["$ref"]), document, at)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_TYPES[name](value) for name in types):
            return [*found, f"{at}: {value!r} is not of type {types}"]
    if "const" in schema and value != schema["const"]:
        found.append(f"{at}: {value!r} is not {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{at}: {value!r} is not one of {schema['enum']}")
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            found.append(f"{at}: length {len(value)} is out of bounds")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{at}: {value!r} does not match {schema['pattern']}")
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and value < schema.get("minimum", value)
    ):
        found.append(f"{at}: {value} is below {schema['minimum']}")
    if isinstance(value, dict):
        found += [f"{at}: lacks {name!r}" for name in schema.get("required", []) if name not in value]
        properties = schema.get("properties", {})
        for name, item in value.items():
            if name in properties:
                found += problems(item, properties[name], document, f"{at}.{name}")
            elif schema.get("additionalProperties") is False:
                found.append(f"{at}: unexpected member {name!r}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            found += problems(item, schema["items"], document, f"{at}[{index}]")
    for sub in schema.get("allOf", []):
        found += problems(value, sub, document, at)
    if "anyOf" in schema and all(problems(value, sub, document, at) for sub in schema["anyOf"]):
        found.append(f"{at}: fits none of anyOf")
    if "oneOf" in schema:
        fitting = sum(not problems(value, sub, document, at) for sub in schema["oneOf"])
        if fitting != 1:
            found.append(f"{at}: fits {fitting} of oneOf, not exactly one")
    if "not" in schema and not problems(value, schema["not"], document, at):
        found.append(f"{at}: fits a schema it must not")
    if "if" in schema and not problems(value, schema["if"], document, at):
        found += problems(value, schema.get("then", {}), document, at)
    return found


def _schema(document: dict[str, Any], name: str) -> dict[str, Any]:
    return document["components"]["schemas"][name]


def _payload_of(sealed: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    def decode(segment: str) -> dict[str, Any]:
        return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))

    header, payload, _signature = sealed.decode("ascii").split(".")
    return decode(header), decode(payload)


def _payload_schema_of(document: dict[str, Any], path: str, method: str = "post") -> dict[str, Any]:
    schema = document["paths"][path][method]["requestBody"]["content"][MEDIA_TYPE]["schema"]
    return schema["x-payload-schema"]


def _ok_payload_schema_of(document: dict[str, Any], path: str) -> dict[str, Any]:
    return document["paths"][path]["post"]["responses"]["200"]["content"][MEDIA_TYPE]["schema"][
        "x-payload-schema"
    ]


def _kind_const(document: dict[str, Any], schema: dict[str, Any]) -> str:
    message = _resolve(document, schema["$ref"])
    return next(part["properties"]["kind"]["const"] for part in message["allOf"] if "properties" in part)


# The documents


@pytest.mark.parametrize("name", ["agency-api.json", "portal-api.json"])
def test_both_documents_are_openapi_3_1_of_protocol_version_1(name):
    document = _load(name)
    assert document["openapi"].startswith("3.1.")
    assert document["info"]["version"] == "1"
    assert document["jsonSchemaDialect"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_reference_in_both_documents_resolves(agency_api, portal_api):
    def refs(node: Any):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"]
            for item in node.values():
                yield from refs(item)
        elif isinstance(node, list):
            for item in node:
                yield from refs(item)

    for document in (agency_api, portal_api):
        for ref in refs(document):
            assert _resolve(document, ref) is not None


def test_the_agency_paths_are_the_paths_the_portal_posts_to(agency_api):
    assert set(agency_api["paths"]) == set(AGENCY_PATHS.values()) | {AGENCY_JWKS_PATH}
    for kind, path in AGENCY_PATHS.items():
        operation = agency_api["paths"][path]["post"]
        assert set(operation["requestBody"]["content"]) == {MEDIA_TYPE}
        assert _kind_const(agency_api, _payload_schema_of(agency_api, path)) == kind
        # Every kind the portal sends is in use: none is only reserved any more.
        assert operation.get("x-reserved", False) is False
    assert set(agency_api["paths"][AGENCY_JWKS_PATH]) == {"get"}


def _answer_kind(document: dict[str, Any], schema: dict[str, Any]) -> str | None:
    """The kind an answer schema fixes, following allOf down to the message it extends."""
    message = _resolve(document, schema["$ref"])
    for part in message.get("allOf", []):
        if "$ref" in part:
            kind = _answer_kind(document, part)
        else:
            kind = part.get("properties", {}).get("kind", {}).get("const")
        if kind:
            return kind
    return None


def test_each_request_kind_is_answered_by_its_answer_kind(agency_api):
    assert set(EXPECTED_ANSWER) == set(AGENCY_PATHS)
    for kind, answer in EXPECTED_ANSWER.items():
        assert _answer_kind(agency_api, _ok_payload_schema_of(agency_api, AGENCY_PATHS[kind])) == answer


def test_the_portal_paths_are_the_ones_django_serves(portal_api):
    assert set(portal_api["paths"]) == {PORTAL_CALLBACK_PATH, PORTAL_JWKS_PATH}
    assert reverse("exchange:callbacks") == PORTAL_CALLBACK_PATH
    assert reverse("exchange:jwks") == PORTAL_JWKS_PATH
    responses = portal_api["paths"][PORTAL_CALLBACK_PATH]["post"]["responses"]
    assert {"200", "400", "401", "409", "413", "422"} <= set(responses)
    assert set(responses["200"]["content"]) == set(responses["422"]["content"]) == {MEDIA_TYPE}
    for status in ("400", "401", "409", "413"):
        assert set(responses[status]["content"]) == {"application/json"}


def test_the_service_description_enums_are_the_protocols(agency_api):
    properties = _schema(agency_api, "ServiceDescription")["properties"]
    assert properties["category"]["enum"] == list(CATEGORIES)
    assert properties["type"]["enum"] == list(SERVICE_TYPES)
    assert properties["assurance"]["enum"] == list(ASSURANCE_LEVELS)
    deadline = next(option for option in properties["deadline"]["anyOf"] if option["type"] == "object")
    assert deadline["properties"]["unit"]["enum"] == list(DEADLINE_UNITS)


def test_the_query_statuses_are_the_protocols(agency_api):
    options = _schema(agency_api, "QueryResultBody")["oneOf"]
    assert [option["properties"]["status"]["const"] for option in options] == list(QUERY_STATUSES)


@pytest.mark.parametrize("document", ["agency-api.json", "portal-api.json"])
def test_the_envelope_requires_what_the_code_requires(document):
    schema = _schema(_load(document), "Envelope")
    full = _full_envelope().to_json()
    assert set(schema["properties"]) == set(full)
    required_by_code = set()
    for name in full:
        try:
            Envelope.from_json({key: value for key, value in full.items() if key != name})
        except MalformedMessage:
            required_by_code.add(name)
    assert required_by_code == {"v", "id", "ts", "iss", "aud", "kind", "purpose"}
    assert set(schema["required"]) == required_by_code
    party_kinds = _schema(_load(document), "Party")["properties"]["kind"]["enum"]
    assert set(party_kinds) == {"person", "company", "staff", "system"}


# Real messages fit the documents


def _full_envelope() -> Envelope:
    request = new_envelope(
        iss="portal",
        aud="civreg",
        kind=QUERY,
        purpose="personal-page",
        service="civreg.personal-data",
        subject=Party(kind="company", id="204567890"),
        actor=Party(kind="person", id="01001012345"),
        principal=Party(kind="company", id="204567890"),
    )
    return reply_to(request, kind=QUERY_RESULT, body={"status": "ok", "data": {"name": "შპს მაგალითი"}})


def test_a_sealed_query_and_its_answer_fit_the_schemas(agency_api):
    key = KeyPair.generate("portal-test-1")
    request = new_envelope(
        iss="portal",
        aud="civreg",
        kind=QUERY,
        purpose="personal-page",
        service="civreg.personal-data",
        subject=Party(kind="person", id="01001012345"),
    )
    header, payload = _payload_of(seal(request, key))
    assert header == {"alg": "Ed25519", "kid": "portal-test-1", "typ": TYPE_HEADER}
    assert problems(header, _schema(agency_api, "ProtectedHeader"), agency_api) == []
    assert problems(payload, _schema(agency_api, "Envelope"), agency_api) == []
    assert problems(payload, _payload_schema_of(agency_api, AGENCY_PATHS[QUERY]), agency_api) == []

    answer = reply_to(request, kind=QUERY_RESULT, body={"status": "not_found"})
    header, payload = _payload_of(seal(answer, KeyPair.generate("civreg-test-1", kty="EC")))
    assert header["alg"] == "ES256"
    assert problems(header, _schema(agency_api, "ProtectedHeader"), agency_api) == []
    assert problems(payload, _ok_payload_schema_of(agency_api, AGENCY_PATHS[QUERY]), agency_api) == []


def test_the_checker_refuses_what_the_code_refuses(agency_api):
    _header, payload = _payload_of(seal(_full_envelope(), KeyPair.generate("k-1")))
    envelope = _schema(agency_api, "Envelope")
    assert problems(payload, envelope, agency_api) == []
    assert problems({**payload, "ts": "2026-11-22T09:15:02Z"}, envelope, agency_api)
    assert problems({**payload, "v": "2"}, envelope, agency_api)
    assert problems({**payload, "subject": {"kind": "robot", "id": "1"}}, envelope, agency_api)
    assert problems({key: value for key, value in payload.items() if key != "purpose"}, envelope, agency_api)


def test_a_service_description_the_catalog_accepts_fits_the_schema(agency_api):
    from panjara.catalog.descriptions import parse_service

    service = {
        "code": "civreg.extract",
        "name": {"ka": "ამონაწერი", "en": "Extract"},
        "description": {"ka": "ამონაწერი PDF ფორმატში", "en": "An extract as PDF"},
        "category": "business",
        "type": "functional",
        "assurance": "substantial",
        "signature_required": False,
        "fee": {"amount": "10.00", "currency": "GEL"},
        "deadline": {"value": 4, "unit": "working_days"},
        "form_schema": {"type": "object", "properties": {"company_id": {"type": "string"}}},
        "keywords": {"ka": ["ამონაწერი"], "en": ["extract"]},
    }
    parse_service(service, agency_code="civreg")
    schema = _schema(agency_api, "ServiceDescription")
    assert problems(service, schema, agency_api) == []
    body = {"services": [service]}
    assert problems(body, _schema(agency_api, "ServiceDescriptionBody"), agency_api) == []
    without_form = {key: value for key, value in service.items() if key != "form_schema"}
    assert problems(without_form, schema, agency_api)


def test_public_keys_fit_the_jwks_schema(agency_api, portal_api):
    keys = {"keys": [KeyPair.generate("a-1").public_jwk(), KeyPair.generate("b-1", kty="EC").public_jwk()]}
    for document in (agency_api, portal_api):
        assert problems(keys, _schema(document, "Jwks"), document) == []
        private = {"keys": [KeyPair.generate("c-1").private_jwk()]}
        assert problems(private, _schema(document, "Jwks"), document)


def test_a_sealed_callback_its_ack_and_a_signed_error_fit_the_portal_schemas(portal_api):
    callback = new_envelope(
        iss="civreg",
        aud="portal",
        kind="case.status",
        purpose="case",
        subject=Party(kind="person", id="01001012345"),
    )
    _header, payload = _payload_of(seal(callback, KeyPair.generate("civreg-test-1")))
    assert problems(payload, _payload_schema_of(portal_api, PORTAL_CALLBACK_PATH), portal_api) == []
    assert problems(
        {**payload, "kind": "query"}, _payload_schema_of(portal_api, PORTAL_CALLBACK_PATH), portal_api
    )

    responses = portal_api["paths"][PORTAL_CALLBACK_PATH]["post"]["responses"]
    portal_key = KeyPair.generate("portal-test-1")
    for status, kind, body in (
        ("200", "ack", {}),
        ("422", "error", {"error": "unsupported_kind", "detail": "x"}),
    ):
        _header, answer = _payload_of(seal(reply_to(callback, kind=kind, body=body), portal_key))
        schema = responses[status]["content"][MEDIA_TYPE]["schema"]["x-payload-schema"]
        assert problems(answer, schema, portal_api) == []


def _attachment(content: bytes, name: str = "statement.pdf") -> dict[str, Any]:
    return {
        "name": name,
        "media_type": "application/pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content": base64.b64encode(content).decode("ascii"),
    }


def test_an_application_and_a_supplement_with_attachments_and_their_acks_fit_the_schemas(agency_api):
    """Protocol §6.3 (ATTACHMENT) and §6.6 (application.supplement)."""
    key = KeyPair.generate("portal-test-1")
    agency_key = KeyPair.generate("civreg-test-1")
    content = b"%PDF-1.4 a statement %%EOF"
    bodies = {
        APPLICATION_SUBMIT: {
            "application": {
                "id": "6980ea1b-d978-474a-9ed9-8abc32f4e462",
                "reference": "PJ-20261122-7KQ2MX",
                "submitted_at": "2026-11-22T07:25:00.452000+00:00",
                "language": "ka",
                "data": {"personal_number": "01001012345"},
                "attachments": [_attachment(content)],
            }
        },
        APPLICATION_SUPPLEMENT: {
            "application": "6980ea1b-d978-474a-9ed9-8abc32f4e462",
            "supplement": {
                "id": "1d7c8a52-4a43-5c1e-9a63-3f0b1a0f3c11",
                "submitted_at": "2026-11-23T10:00:00+00:00",
                "text": "The statement is attached.",
                "attachments": [_attachment(content)],
            },
        },
    }
    for kind, body in bodies.items():
        request = new_envelope(
            iss="portal",
            aud="civreg",
            kind=kind,
            purpose="application",
            service="civreg.extract",
            subject=Party(kind="person", id="01001012345"),
            body=body,
        )
        schema = _payload_schema_of(agency_api, AGENCY_PATHS[kind])
        _header, payload = _payload_of(seal(request, key))
        assert problems(payload, schema, agency_api) == []
        _header, answer = _payload_of(
            seal(reply_to(request, kind="ack", body={"case": "CIV-000001", "repeat": False}), agency_key)
        )
        assert problems(answer, _ok_payload_schema_of(agency_api, AGENCY_PATHS[kind]), agency_api) == []

    attachment = _schema(agency_api, "Attachment")
    assert problems(_attachment(content), attachment, agency_api) == []
    assert problems({**_attachment(content), "sha256": "ABC"}, attachment, agency_api)
    assert problems({**_attachment(content), "media_type": "application/zip"}, attachment, agency_api)
    assert problems({**_attachment(content), "name": "x" * 121}, attachment, agency_api)
    without_content = {k: v for k, v in _attachment(content).items() if k != "content"}
    assert problems(without_content, attachment, agency_api)
