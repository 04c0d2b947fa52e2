"""Small real files for the vault's tests, made here (no fixtures on disk, no network)."""

from __future__ import annotations

import io
import zipfile

from PIL import Image


def pdf(text: str = "Panjara vault test page") -> bytes:
    """A one-page PDF with `text` in its (uncompressed) content stream, with a correct xref."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def image(kind: str = "PNG", size: tuple[int, int] = (64, 48), colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format=kind)
    return out.getvalue()


def png(**kwargs) -> bytes:
    return image("PNG", **kwargs)


def jpeg(**kwargs) -> bytes:
    return image("JPEG", **kwargs)


def pillow_pdf() -> bytes:
    """A PDF as Pillow writes it (an image on a page), as scanners' software often does."""
    out = io.BytesIO()
    Image.new("RGB", (200, 280), "navy").save(out, format="PDF")
    return out.getvalue()


def zip_archive(files: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in (files or {"passport.pdf": pdf()}).items():
            archive.writestr(name, content)
    return out.getvalue()


def docx() -> bytes:
    """What Word writes, in outline: a ZIP with [Content_Types].xml and word/document.xml."""
    return zip_archive(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "word/document.xml": b'<?xml version="1.0"?><w:document/>',
        }
    )
