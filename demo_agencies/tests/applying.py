"""Applying as the portal does: `application.submit` and `application.supplement` signed with the
portal's test key, and the agency's signed answer verified."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from demo_agencies.agencies import AGENCIES
from demo_agencies.tests.support import GIORGI, PORTAL, person, post
from panjara_protocol import Envelope, KeyPair, new_envelope, open_message, seal
from panjara_protocol.keys import import_jwk


def attachment(content: bytes, *, name: str = "referral.pdf", **overrides: Any) -> dict[str, Any]:
    return {
        "name": name,
        "media_type": "application/pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
        "content": base64.b64encode(content).decode(),
        **overrides,
    }


# An agency checks an attachment's size, digest and first bytes; it does not read the PDF.
SCAN = b"%PDF-1.4\n% a scanned referral\n%%EOF\n"


def _names_applicant(service: str) -> bool:
    code, _, name = service.partition(".")
    return "personal_number" in AGENCIES[code].service(name).form_schema["properties"]


def _signed(kind: str, code: str, service: str | None, body: dict, applicant: str) -> bytes:
    return seal(
        new_envelope(
            iss="portal",
            aud=code,
            kind=kind,
            purpose="application",
            service=service,
            subject=person(applicant),
            body=body,
        ),
        PORTAL,
    )


def _answer(keys: Mapping[str, KeyPair], code: str, reply) -> Envelope:
    public = import_jwk(keys[code].public_jwk())
    return open_message(reply.body, key_for=lambda kid: public, expected_aud="portal", expected_iss=code)


def submit(
    base: str,
    keys: Mapping[str, KeyPair],
    service: str,
    data: dict,
    *,
    applicant: str = GIORGI,
    application: str | None = None,
    attachments: list | None = None,
) -> tuple[str, Envelope]:
    code = service.split(".")[0]
    application = application or str(uuid.uuid4())
    body = {
        "application": {
            "id": application,
            "reference": "PJ-20261122-TEST01",
            "submitted_at": "2026-11-22T07:25:00+00:00",
            "language": "en",
            "data": {"personal_number": applicant, **data} if _names_applicant(service) else data,
            "attachments": attachments or [],
        }
    }
    reply = post(
        f"{base}/{code}/v1/applications", _signed("application.submit", code, service, body, applicant)
    )
    return application, _answer(keys, code, reply)


def supplement(
    base: str,
    keys: Mapping[str, KeyPair],
    code: str,
    application: str,
    *,
    supplement_id: str | None = None,
    attachments: tuple | list = (),
    applicant: str = GIORGI,
) -> tuple[int, Envelope]:
    body = {
        "application": application,
        "supplement": {
            "id": supplement_id or str(uuid.uuid4()),
            "submitted_at": "2026-11-22T09:00:00+00:00",
            "text": "The referral is attached.",
            "attachments": list(attachments),
        },
    }
    reply = post(
        f"{base}/{code}/v1/applications/supplements",
        _signed("application.supplement", code, None, body, applicant),
    )
    return reply.status, _answer(keys, code, reply)


def until(condition: Callable[[], Any], *, seconds: float = 15.0) -> Any:
    deadline = time.monotonic() + seconds
    while not (result := condition()):
        assert time.monotonic() < deadline, "the case did not get there in time"
        time.sleep(0.02)
    return result
