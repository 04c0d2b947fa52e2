"""Deciding whether a file may enter the portal (R-V-1): by what its bytes are, never by what its
name or the browser says. The vault uses it for uploads and the applications app for attachments
from the computer, so both refuse the same files with the same reasons.

    inspected = inspect_upload(name=upload.name, content=data, declared_type=upload.content_type)

raises `Rejected` (with a translated `message` and a stable `reason` code) or returns `Inspected`
with the cleaned name, the content type found and the SHA-256 of the bytes."""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
ALLOWED = (PDF, JPEG, PNG)

# The extension a stored name carries for each type, and the ones a name may already have.
EXTENSION = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
EXTENSIONS = {PDF: {"pdf"}, JPEG: {"jpg", "jpeg", "jpe", "jfif"}, PNG: {"png"}}

# What browsers and scanners call these types besides their registered names.
ALIASES = {
    PDF: {PDF, "application/x-pdf", "application/acrobat", "text/pdf"},
    JPEG: {JPEG, "image/pjpeg", "image/jpg"},
    PNG: {PNG, "image/x-png"},
}
# Declared types that say nothing about the content: browsers send them for unknown files.
UNDECLARED = {
    "",
    "application/octet-stream",
    "binary/octet-stream",
    "application/unknown",
    "application/x-download",
    "application/force-download",
}

# Long enough for any real document title, short enough for every file system and header.
MAX_NAME_CHARS = 150
# An image larger than this is a decompression bomb, not a scanned page (a 600 dpi A3 scan is ~70M).
MAX_IMAGE_PIXELS = 80_000_000

# Archive signatures at the start of the file. Archives are refused because their content cannot
# be checked here and an agency could not open them as a document.
ARCHIVES = (
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"PK\x07\x08", "ZIP"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"\x28\xb5\x2f\xfd", "zstd"),
    (b"LZIP", "lzip"),
    (b"MSCF", "CAB"),
    (b"\x60\xea", "ARJ"),
)
# Word, Excel and OpenDocument files are ZIP archives with one of these inside.
OFFICE_MARKERS = (b"[Content_Types].xml", b"mimetypeapplication/vnd.oasis.opendocument", b"word/", b"xl/")
# A ZIP needs both its first local header and its end record; both inside an image or a PDF is an
# archive glued onto a real file (a polyglot), which some programs would open as the archive.
ZIP_LOCAL, ZIP_END = b"PK\x03\x04", b"PK\x05\x06"
# Windows cannot open (and some tools misbehave on) files named like devices.
DEVICE_NAMES = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
EXTENSION_PATTERN = re.compile(r"^[A-Za-z0-9]{1,8}$")


class Rejected(Exception):
    """A file the portal does not take. `message` is for the person, in the active language."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason  # name, empty, too_big, over_quota, archive, office, type, mismatch, damaged
        self.message = message


@dataclass(frozen=True, kw_only=True)
class Inspected:
    name: str  # NFC, safe, ending in the extension of content_type
    content_type: str  # one of ALLOWED, found from the bytes
    size: int
    sha256: str  # hex digest of the bytes


def type_label(content_type: str) -> str:
    return {PDF: _("PDF document"), JPEG: _("JPEG image"), PNG: _("PNG image")}.get(
        content_type, content_type
    )


def max_file_bytes() -> int:
    return int(settings.VAULT_MAX_FILE_BYTES)


def check_size(*, size: int, limit: int | None = None) -> None:
    """Refuse a file by its size alone, before its bytes are read (views call it with the size the
    upload handler counted)."""
    limit = max_file_bytes() if limit is None else limit
    if size > limit:
        raise Rejected(
            "too_big",
            _("The file is %(size)s; the largest file you can add is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    if size == 0:
        raise Rejected("empty", _("The file is empty."))


def _split_extension(name: str) -> tuple[str, str]:
    stem, dot, extension = name.rpartition(".")
    if dot and stem and EXTENSION_PATTERN.match(extension):
        return stem, extension.lower()
    return name, ""


def check_name(name: str) -> str:
    """The name as it will be stored and shown: NFC, trimmed, without anything that could reach a
    path, hide its real extension or break a header. Raises Rejected."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise Rejected("name", _("Give the file a name."))
    if "/" in name or "\\" in name:
        raise Rejected("name", _("A file name cannot contain / or \\."))
    # Cc: NUL, newlines and other control characters. Cf: invisible formatting such as the
    # right-to-left override, which makes "invoice‮fdp.exe" display as "invoiceexe.pdf".
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        raise Rejected("name", _("A file name cannot contain control or invisible characters."))
    if name.startswith(".") or ".." in name:
        raise Rejected("name", _("A file name cannot start with a dot or contain two dots in a row."))
    if name.endswith("."):
        raise Rejected("name", _("A file name cannot end with a dot."))
    if DEVICE_NAMES.match(name):
        raise Rejected("name", _("This name is reserved by Windows; choose another."))
    if len(name) > MAX_NAME_CHARS:
        raise Rejected(
            "name",
            _("A file name can be at most %(limit)d characters; this one has %(count)d.")
            % {"limit": MAX_NAME_CHARS, "count": len(name)},
        )
    return name


def name_for(*, name: str, content_type: str) -> str:
    """`check_name`, then make the extension say what the content is: add it when the name has
    none, refuse a name whose extension claims another type (a PNG called "scan.pdf")."""
    name = check_name(name)
    _stem, extension = _split_extension(name)
    if not extension:
        name = f"{name}.{EXTENSION[content_type]}"
        if len(name) > MAX_NAME_CHARS:
            raise Rejected(
                "name",
                _("A file name can be at most %(limit)d characters; this one has %(count)d.")
                % {"limit": MAX_NAME_CHARS, "count": len(name)},
            )
        return name
    if extension not in EXTENSIONS[content_type]:
        raise Rejected(
            "mismatch",
            _("The name ends in .%(extension)s, but the file is a %(kind)s. Rename it to end in .%(right)s.")
            % {"extension": extension, "kind": type_label(content_type), "right": EXTENSION[content_type]},
        )
    return name


def _archive(content: bytes) -> str:
    for signature, kind in ARCHIVES:
        if content.startswith(signature):
            return kind
    # tar keeps its magic at offset 257.
    if content[257:262] == b"ustar":
        return "tar"
    return ""


def _sniff(content: bytes) -> str:
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return ""


def _check_declared(*, declared_type: str, content_type: str) -> None:
    declared = (declared_type or "").split(";")[0].strip().lower()
    if declared in UNDECLARED or declared in ALIASES[content_type]:
        return
    raise Rejected(
        "mismatch",
        _("The file says it is %(declared)s, but its content is a %(kind)s.")
        % {"declared": declared[:60], "kind": type_label(content_type)},
    )


def _check_pdf(content: bytes) -> None:
    # Readers look for the end marker in the last kilobyte; a file cut short in transfer has none.
    if b"%%EOF" not in content[-1024:]:
        raise Rejected(
            "damaged", _("The PDF is incomplete or damaged. Save it again and upload the new file.")
        )


def _check_image(content: bytes, *, content_type: str) -> None:
    damaged = Rejected(
        "damaged", _("The image is incomplete or damaged. Save it again and upload the new file.")
    )
    expected = {JPEG: "JPEG", PNG: "PNG"}[content_type]
    # The end marker first: WeasyPrint (imported by the hall's PDFs) sets Pillow's process-wide
    # LOAD_TRUNCATED_IMAGES, under which decoding pads a file cut short instead of failing. A
    # JPEG ends with EOI (FF D9; some writers add padding after it), a PNG with its IEND chunk.
    if content_type == JPEG and b"\xff\xd9" not in content[-64:]:
        raise damaged
    if content_type == PNG and not content.endswith(b"IEND\xaeB`\x82"):
        raise damaged
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != expected:
                    raise damaged
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise Rejected("damaged", _("The image has too many pixels. Scan or save it smaller."))
                image.verify()
            # verify() checks structure and checksums but not that every pixel is there (a
            # truncated JPEG passes it); decoding the whole image does.
            with Image.open(io.BytesIO(content)) as image:
                image.load()
    except Rejected:
        raise
    except (
        OSError,
        SyntaxError,
        ValueError,
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise damaged from None


def inspect_content(*, content: bytes, declared_type: str = "", limit: int | None = None) -> str:
    """The content type of `content` if the portal takes it, else Rejected."""
    check_size(size=len(content), limit=limit)
    archive = _archive(content)
    if archive:
        head = content[:4096] + content[-65536:]
        if archive == "ZIP" and any(marker in head for marker in OFFICE_MARKERS):
            raise Rejected(
                "office",
                _(
                    "This is an office document (Word, Excel or similar), which is an archive. Save it as PDF and upload the PDF."
                ),
            )
        raise Rejected(
            "archive",
            _(
                "This is a %(kind)s archive. Archives are not accepted: upload each document as PDF, JPEG or PNG."
            )
            % {"kind": archive},
        )
    content_type = _sniff(content)
    if not content_type:
        raise Rejected("type", _("This type of file is not accepted. Upload a PDF, JPEG or PNG file."))
    if ZIP_LOCAL in content and ZIP_END in content:
        raise Rejected(
            "archive",
            _("The file has an archive hidden inside it. Save the document again and upload the new file."),
        )
    _check_declared(declared_type=declared_type, content_type=content_type)
    if content_type == PDF:
        _check_pdf(content)
    else:
        _check_image(content, content_type=content_type)
    return content_type


def inspect_upload(
    *, name: str, content: bytes, declared_type: str = "", limit: int | None = None
) -> Inspected:
    """Check a file someone hands to the portal. The name is checked before the bytes: a name
    with path tricks is refused whatever it carries."""
    check_name(name)
    content_type = inspect_content(content=content, declared_type=declared_type, limit=limit)
    return Inspected(
        name=name_for(name=name, content_type=content_type),
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
