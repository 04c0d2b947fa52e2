"""Files that arrive with an application or a supplement (the ATTACHMENT of the protocol: name,
media type, size, SHA-256 and base64 content), checked as the contract asks a receiver to check
them, and kept sealed with the vault's key (ADR 0006)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import Any

from panjara.vault import crypto
from panjara.vault.files import ALLOWED, Rejected, check_name, inspect_content

MAX_ATTACHMENTS = 5
MAX_TOTAL_BYTES = 8 * 1024 * 1024
MAX_NAME_CHARS = 120
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BadAttachment(Exception):
    """An attachment the agency refuses (signed error "bad_attachment")."""


@dataclass(frozen=True, kw_only=True)
class Received:
    name: str
    media_type: str
    content: bytes
    sha256: str


def _one(item: Any, index: int) -> Received:
    if not isinstance(item, dict):
        raise BadAttachment(f"attachment {index} is not an object")
    name, media_type, size = item.get("name"), item.get("media_type"), item.get("size")
    digest, content = item.get("sha256"), item.get("content")
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_CHARS:
        raise BadAttachment(f"attachment {index}: name is 1 to {MAX_NAME_CHARS} characters")
    try:
        check_name(name)
    except Rejected as rejected:
        raise BadAttachment(f"attachment {index}: name is not a bare file name ({rejected.reason})") from None
    if media_type not in ALLOWED:
        raise BadAttachment(f"attachment {index}: media_type is not one of {', '.join(ALLOWED)}")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise BadAttachment(f"attachment {index}: size is a whole number of bytes")
    if not isinstance(digest, str) or not _SHA256.match(digest):
        raise BadAttachment(f"attachment {index}: sha256 is 64 lowercase hex digits")
    if not isinstance(content, str):
        raise BadAttachment(f"attachment {index}: content is base64 text")
    try:
        raw = base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise BadAttachment(f"attachment {index}: content is not standard base64") from None
    if len(raw) != size:
        raise BadAttachment(f"attachment {index}: size says {size} bytes, content has {len(raw)}")
    if hashlib.sha256(raw).hexdigest() != digest:
        raise BadAttachment(f"attachment {index}: sha256 does not match the content")
    try:
        # The bytes must also be what the media type says: an official opens them.
        inspect_content(content=raw, declared_type=media_type, limit=MAX_TOTAL_BYTES)
    except Rejected as rejected:
        raise BadAttachment(f"attachment {index}: {rejected.reason}") from None
    return Received(name=name, media_type=media_type, content=raw, sha256=digest)


def attachments_decode(items: Any) -> list[Received]:
    """The attachments of a message, decoded and checked; raises BadAttachment."""
    if items is None:
        return []
    if not isinstance(items, list) or len(items) > MAX_ATTACHMENTS:
        raise BadAttachment(f"attachments is a list of at most {MAX_ATTACHMENTS}")
    received = [_one(item, index) for index, item in enumerate(items)]
    total = sum(len(item.content) for item in received)
    if total > MAX_TOTAL_BYTES:
        raise BadAttachment(f"attachments total {total} bytes, more than {MAX_TOTAL_BYTES}")
    return received


def attachment_seal(*, attachment_id: uuid.UUID, content: bytes) -> tuple[str, bytes]:
    """(key id, sealed bytes) for a new attachment row with this id."""
    key = crypto.active_key()
    return key.id, crypto.seal(plaintext=content, document_id=attachment_id, key=key)


def attachment_unseal(*, attachment_id: uuid.UUID, key_id: str, sealed: bytes) -> bytes:
    """The attachment's bytes; raises crypto.VaultIntegrityError when they were tampered with or
    moved onto another row."""
    return crypto.unseal(sealed=sealed, document_id=attachment_id, key=crypto.key_by_id(key_id))
