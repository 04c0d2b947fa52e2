"""The decision letter the desk issues with an answer: a PDF made by WeasyPrint with the agency,
the case number, the date, the decision and its reasons, in Georgian and then in English on the
next page. It reaches the person's vault as a document issued by the agency, like any agency's.

Rendering reuses the back office's font set-up and its fetcher that loads the portal's fonts and
nothing else: the letter carries text an official typed."""

from __future__ import annotations

from datetime import datetime

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from panjara.backoffice.pdf import _font_urls, _FontsOnly

from .models import DeskCase


def letter_name(*, case: DeskCase) -> str:
    return f"{case.number}-decision.pdf"


def decision_letter_pdf(
    *, case: DeskCase, approved: bool, reasons: dict[str, str], decided_at: datetime, official_name: str
) -> bytes:
    agency, service = case.agency, case.service
    sections = [
        {
            "language": language,
            "agency": agency.name_en if language == "en" else agency.name_ka,
            "service": service.name_en if language == "en" else service.name_ka,
            "reasons": reasons.get(language, ""),
        }
        for language in ("ka", "en")
    ]
    fonts = _font_urls()
    html = render_to_string(
        "desk/letter.html",
        {
            "case": case,
            "sections": sections,
            "approved": approved,
            "decided_at": timezone.localtime(decided_at),
            "official_name": official_name,
        },
    )
    css = render_to_string("desk/letter.css", {"fonts": fonts})
    fetcher = _FontsOnly({url for url in fonts.values() if url})
    font_config = FontConfiguration()
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher, font_config=font_config)], font_config=font_config
    )
