"""Previews: a PNG made here from the document, never the document's own bytes shown inline. An
image is decoded and drawn again, so whatever its file carried besides pixels (metadata, a script
in a comment, an appended archive) does not reach the browser; a PDF's first page is rendered by
PDFium."""

from __future__ import annotations

import io
import logging

from PIL import Image, ImageOps

from .files import JPEG, PDF, PNG

logger = logging.getLogger(__name__)

# Wide enough to read a scanned page on the document page, small enough to send quickly.
PREVIEW_PIXELS = 900


def _png(image: Image.Image) -> bytes:
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB")
    image.thumbnail((PREVIEW_PIXELS, PREVIEW_PIXELS))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _image_preview(content: bytes) -> bytes:
    with Image.open(io.BytesIO(content)) as image:
        # JPEG can decode at a fraction of its size: much less work for a large scan.
        image.draft("RGB", (PREVIEW_PIXELS, PREVIEW_PIXELS))
        image.load()
        return _png(image)


def _pdf_preview(content: bytes) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    try:
        page = document[0]
        try:
            width, height = page.get_size()
            scale = min(PREVIEW_PIXELS / max(width, height, 1), 3.0)
            bitmap = page.render(scale=scale)
            try:
                return _png(bitmap.to_pil())
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        document.close()


def preview_png(*, content: bytes, content_type: str) -> bytes | None:
    """A PNG of the document (an image, or a PDF's first page), or None when none can be made
    (a PDF with a password, a page PDFium cannot draw)."""
    try:
        if content_type in (JPEG, PNG):
            return _image_preview(content)
        if content_type == PDF:
            return _pdf_preview(content)
    except Exception:
        # A preview is a convenience: the page says there is none and the download still works.
        logger.warning("no preview for a %s document", content_type, exc_info=True)
    return None
