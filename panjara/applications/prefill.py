""" "Tell us once": filling an application's fields from what agencies already hold about the
person (protocol §7, `x-prefill`: "<informational service>#<JSON pointer into its data>").

Each service named by the form is asked once, all of them concurrently, through the exchange
with the purpose "prefill" (so the person sees it on "who used my data"). A service that does not
answer just leaves its fields for the person to type; it never stops the form from opening.
"""

from __future__ import annotations

from typing import Any

from panjara.catalog.models import Service
from panjara.core import clock
from panjara.exchange.client import Request
from panjara.exchange.services import exchange_ask_sync
from panjara.identity.services.accounts import person_actor
from panjara.personal.cards import COMPANY_ONLY
from panjara_protocol import Party
from panjara_protocol.kinds import QUERY

from .forms import form_fields

PURPOSE = "prefill"


def _pointer(data: Any, pointer: str) -> Any:
    """RFC 6901: "/name/ka/first" inside the answer's data; None where the path does not exist."""
    if pointer in ("", "/"):
        return data
    node = data
    for token in pointer.lstrip("/").split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None  # objects and lists do not fit one field


def prefill_sources(schema: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """{field: (service code, pointer)} for the fields a person's data can fill."""
    sources = {}
    for spec in form_fields(schema):
        code, _hash, pointer = spec.prefill.partition("#")
        if code and code not in COMPANY_ONLY:
            sources[spec.name] = (code, pointer)
    return sources


def prefill_for(*, user, schema: dict[str, Any]) -> dict[str, dict[str, str]]:
    """{field: {"value", "service", "agency", "fetched_at"}} for every field that could be filled."""
    sources = prefill_sources(schema)
    if not sources or not user.personal_number:
        return {}
    services = {
        s.code: s
        for s in Service.objects.filter(
            code__in={code for code, _pointer in sources.values()},
            kind=Service.Kind.INFORMATIONAL,
            is_active=True,
            agency__is_active=True,
        ).select_related("agency")
    }
    if not services:
        return {}
    subject = Party(kind="person", id=user.personal_number)
    requests = [
        Request(agency=s.agency.code, kind=QUERY, service=s.code, purpose=PURPOSE, subject=subject)
        for s in services.values()
    ]
    answers: dict[str, Any] = {}
    for outcome in exchange_ask_sync(requests, on_behalf=person_actor(user)):
        body = outcome.answer.body if outcome.ok and outcome.answer else None
        if isinstance(body, dict) and body.get("status") == "ok":
            answers[outcome.request.service] = body.get("data")
    fetched_at = clock.now().isoformat()
    filled = {}
    for name, (code, pointer) in sources.items():
        if code not in answers:
            continue
        text = _as_text(_pointer(answers[code], pointer))
        if text is None or text == "":
            continue
        filled[name] = {
            "value": text,
            "service": code,
            "agency": services[code].agency.code,
            "fetched_at": fetched_at,
        }
    return filled
