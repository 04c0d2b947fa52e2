"""The registration application a citizen signs at the hall (R-ID-2), as a PDF made by WeasyPrint
from an HTML template: the person as the registry knows them, the document the operator checked,
the e-mail that becomes the username, the hall, the date, signature lines and the full text of the
terms of use in force (R-C-1), in Georgian or, on request, in English.

The one-time password is deliberately not on it: the hall keeps the signed application on file,
and a password on a filed paper would be readable by everyone who handles it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from panjara.consent.selectors import terms_current
from panjara.identity.models import User
from panjara.identity.services.accounts import ONE_TIME_PASSWORD_LIFETIME

from .hall import DocumentType, Kind
from .models import PublicServiceHall

FONTS = {
    "georgian_regular": "web/fonts/NotoSansGeorgian-Regular.woff2",
    "georgian_bold": "web/fonts/NotoSansGeorgian-Bold.woff2",
    "latin_regular": "web/fonts/NotoSans-Latin-Regular.woff2",
    "latin_bold": "web/fonts/NotoSans-Latin-Bold.woff2",
}


def _font_urls() -> dict[str, str]:
    # The portal's own fonts, read from disk; a missing one falls back to the system's DejaVu.
    urls = {}
    for name, static_path in FONTS.items():
        found = finders.find(static_path)
        urls[name] = Path(found).resolve().as_uri() if found else ""
    return urls


class _FontsOnly(URLFetcher):
    """The document is made from the portal's own template, but it carries text people typed;
    whatever happens, rendering it reads the font files and nothing else (no network, no other
    file on the server)."""

    def __init__(self, allowed: set[str]) -> None:
        super().__init__(allowed_protocols={"file"})
        self.allowed = allowed

    def fetch(self, url, headers=None):
        if url.split("?")[0] not in self.allowed:
            raise ValueError("only the portal's fonts may be loaded into an application")
        return super().fetch(url, headers)


def application_pdf(
    *,
    account: User,
    operator: User,
    hall: PublicServiceHall,
    kind: str,
    document: dict[str, str],
    done_at: datetime,
    language: str,
) -> bytes:
    fonts = _font_urls()
    with translation.override(language):
        terms = terms_current()
        context = {
            "account": account,
            "person": account.person,
            "operator": operator,
            "hall": hall,
            "kind": kind,
            "is_reset": kind == Kind.RESET,
            "document_type": DocumentType(document["type"]).label if document.get("type") else "",
            "document_number": document.get("number", ""),
            "document_valid_until": datetime.fromisoformat(document["valid_until"]).date()
            if document.get("valid_until")
            else None,
            "done_at": done_at,
            "message_language": dict(settings.LANGUAGES).get(account.language, account.language),
            "terms": terms,
            "terms_text": terms.text_in(language) if terms else "",
            "terms_hash": terms.text_hash_in(language) if terms else "",
            "language": language,
            "lifetime_hours": int(ONE_TIME_PASSWORD_LIFETIME.total_seconds() // 3600),
        }
        html = render_to_string("backoffice/hall/application.html", context)
        css = render_to_string("backoffice/hall/application.css", {"fonts": fonts})
    fetcher = _FontsOnly({url for url in fonts.values() if url})
    # @font-face rules in a stylesheet given to write_pdf only take effect through a shared
    # FontConfiguration; without it WeasyPrint silently falls back to the system fonts.
    font_config = FontConfiguration()
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=css, url_fetcher=fetcher, font_config=font_config)], font_config=font_config
    )
