"""Reading the fields every agency report shares (protocol §6.4, §6.7): the agency's event id,
texts in both languages and base64 documents. Applications' case reports and correspondence's
letter reports parse them the same way, with the same refusals."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from panjara.audit.services import Actor
from panjara.vault.files import Rejected
from panjara.vault.services import vault_store_issued

from .callbacks import CallbackRefused
from .models import Agency

TEXT_MAX = 4000
MAX_DOCUMENTS = 10


def report_event_id(body: dict) -> str:
    event = body.get("event")
    if not isinstance(event, str) or not event or len(event) > 64:
        raise CallbackRefused("malformed", "event must be your id for this report (at most 64 characters)")
    return event


def report_texts(value: Any, *, required: bool = False, code: str = "malformed") -> dict[str, str]:
    """An agency's text in both languages, or {} when it sent none and none is required."""
    if value is None and not required:
        return {}
    if not isinstance(value, dict) or not all(isinstance(value.get(lang), str) for lang in ("ka", "en")):
        raise CallbackRefused(code, "texts are {'ka': ..., 'en': ...}")
    texts = {"ka": value["ka"][:TEXT_MAX], "en": value["en"][:TEXT_MAX]}
    if required and not (texts["ka"].strip() and texts["en"].strip()):
        raise CallbackRefused(code, "the text is required in ka and en")
    return texts


def report_documents(body: dict) -> list[tuple[str, bytes]]:
    items = body.get("documents") or []
    if not isinstance(items, list) or len(items) > MAX_DOCUMENTS:
        raise CallbackRefused("malformed", f"documents is a list of at most {MAX_DOCUMENTS}")
    documents = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise CallbackRefused("malformed", "each document has a name and base64 content")
        try:
            content = base64.b64decode(item.get("content", ""), validate=True)
        except (binascii.Error, TypeError, ValueError):
            raise CallbackRefused("malformed", "document content is not base64") from None
        documents.append((item["name"], content))
    return documents


def report_documents_store(
    *, person, agency: Agency, documents: list[tuple[str, bytes]], digest: str, reference: str
) -> list[dict[str, str]]:
    """Keep a report's documents in the person's vault as issued by the agency, tied to the signed
    report by its digest. A document the vault refuses refuses the whole report (the caller's
    transaction rolls back), so the agency can send it again corrected."""
    actor = Actor(kind="agency", id=agency.code, label=agency.name_en)
    stored = []
    for index, (name, content) in enumerate(documents):
        try:
            document = vault_store_issued(
                person=person,
                name=name,
                content=content,
                issuer=agency.code,
                source_digest=digest,
                reference=f"{reference}:{index}",
                actor=actor,
            )
        except Rejected as rejected:
            raise CallbackRefused("bad_document", f"{name}: {rejected.reason}") from None
        stored.append({"id": str(document.pk), "name": document.name})
    return stored
