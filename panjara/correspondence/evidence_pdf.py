"""The complaint with its evidence as a PDF (WeasyPrint), in one language: the person's. It is
what the person downloads and what travels, attached, with a complaint sent through the portal.

Rendering reuses the back office's font set-up and its fetcher that loads the portal's fonts and
nothing else: the document carries text the person and the body typed."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from panjara.backoffice.pdf import _font_urls, _FontsOnly
from panjara.core import clock

from .escalation import complaint_subject, evidence_of
from .models import Letter


def evidence_name(letter: Letter) -> str:
    return f"{letter.reference}-complaint.pdf"


def evidence_pdf(*, letter: Letter, text: str, language: str) -> bytes:
    fonts = _font_urls()
    with translation.override(language):
        evidence = evidence_of(letter=letter)
        html = render_to_string(
            "correspondence/complaint/evidence.html",
            {
                "evidence": evidence,
                "letter": letter,
                "subject": complaint_subject(evidence),
                "text": text,
                "language": language,
                "made_at": timezone.localtime(clock.now()),
            },
        )
        css = render_to_string("correspondence/complaint/evidence.css", {"fonts": fonts})
    fetcher = _FontsOnly({url for url in fonts.values() if url})
    # @font-face in a stylesheet given to write_pdf needs a shared FontConfiguration (see
    # backoffice/pdf.py), or WeasyPrint silently falls back to the system fonts.
    font_config = FontConfiguration()
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher, font_config=font_config)], font_config=font_config
    )
