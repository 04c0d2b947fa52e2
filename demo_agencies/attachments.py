"""Files a person attaches to an application or a supplement (the ATTACHMENT of the protocol).

The portal states each file's size and SHA-256 next to its base64 content. We check them against
what we decoded, and the media type against the file's first bytes: a file damaged or swapped on
the way must be refused (`bad_attachment`), not filed with the case as if it were what the person
sent.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from typing import Any

MAX_FILES = 5
MAX_TOTAL_BYTES = 8 << 20
MAX_NAME = 120
SIGNATURES = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BadAttachment(Exception):
    """Why the files cannot be accepted; the caller answers `bad_attachment` with it."""


@dataclass(frozen=True, kw_only=True)
class Attachment:
    """What the case keeps of a file: enough to prove which file arrived. The demo has no archive,
    so the content itself is not kept."""

    name: str
    media_type: str
    size: int
    sha256: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "media_type": self.media_type, "size": self.size, "sha256": self.sha256}


def _bare_name(name: Any) -> str:
    if (
        not isinstance(name, str)
        or not name.strip()
        or len(name) > MAX_NAME
        or any(char in name for char in "/\\\x00")
        or name in (".", "..")
    ):
        raise BadAttachment(f"name must be a bare file name of at most {MAX_NAME} characters")
    return name


def _one(item: Any, position: int) -> tuple[Attachment, int]:
    if not isinstance(item, dict):
        raise BadAttachment(f"attachment {position} is not an object")
    name = _bare_name(item.get("name"))
    media_type, size, sha256 = item.get("media_type"), item.get("size"), item.get("sha256")
    if media_type not in SIGNATURES:
        raise BadAttachment(f"{name}: media_type is not one of {', '.join(SIGNATURES)}")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise BadAttachment(f"{name}: size is not a byte count")
    if not isinstance(sha256, str) or not _SHA256.match(sha256):
        raise BadAttachment(f"{name}: sha256 is not 64 lowercase hex digits")
    try:
        content = base64.b64decode(item.get("content", ""), validate=True)
    except (binascii.Error, TypeError, ValueError):
        raise BadAttachment(f"{name}: content is not standard base64") from None
    if len(content) != size:
        raise BadAttachment(f"{name}: {len(content)} bytes arrived, {size} were stated")
    if hashlib.sha256(content).hexdigest() != sha256:
        raise BadAttachment(f"{name}: the content does not match its sha256")
    if not content.startswith(SIGNATURES[media_type]):
        raise BadAttachment(f"{name}: the content is not {media_type}")
    return Attachment(name=name, media_type=media_type, size=size, sha256=sha256), size


def attachments_check(items: Any) -> list[Attachment]:
    """The files of a message, each checked; raises BadAttachment for the first that fails."""
    if items is None:
        return []
    if not isinstance(items, list):
        raise BadAttachment("attachments is a list")
    if len(items) > MAX_FILES:
        raise BadAttachment(f"at most {MAX_FILES} attachments per message")
    accepted: list[Attachment] = []
    total = 0
    for position, item in enumerate(items, start=1):
        attachment, size = _one(item, position)
        total += size
        if total > MAX_TOTAL_BYTES:
            raise BadAttachment(f"attachments exceed {MAX_TOTAL_BYTES} bytes in total")
        accepted.append(attachment)
    return accepted
