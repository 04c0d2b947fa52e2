"""The page every document an agency issues is printed on, made into a PDF by WeasyPrint.

Each document is bilingual, Georgian first, as the agencies' other texts are: the agency, the
title, the case number and the issue date head it, then the facts from the agency's own records.
Fonts come from the system (DejaVu Sans has Georgian); rendering fetches nothing, since the
documents carry text people typed (a clinic, an institution), which is escaped but is still
theirs. Which facts go on which document is in `certificates.py`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from html import escape

from weasyprint import HTML
from weasyprint.urls import URLFetcher

Text = tuple[str, str]  # (Georgian, English); the same string twice for a name or a number


def same(value: object) -> Text:
    """A value that reads the same in both languages: a number, a code, a date."""
    return (str(value), str(value))


def day(value: date | str) -> str:
    """A date as Georgian documents write it: 17.05.1984."""
    parsed = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{parsed:%d.%m.%Y}"


@dataclass(frozen=True, kw_only=True)
class Paper:
    """What heads every document: who issues it, for which case, when."""

    agency: Text
    case: str
    issued: date
    # A letter's answer names the letter's registration number, not a case.
    number_label: Text = ("საქმის ნომერი", "Case number")


@dataclass(frozen=True, kw_only=True)
class Table:
    caption: Text
    columns: tuple[Text, ...]
    rows: list[tuple[Text, ...]] = field(default_factory=list)
    empty: Text = ("ჩანაწერი არ არის.", "No entries.")


@dataclass(frozen=True, kw_only=True)
class Document:
    name: str  # the file name the person sees in their vault
    title: Text
    facts: list[tuple[Text, Text]]  # (label, value)
    tables: list[Table] = field(default_factory=list)
    statement: Text | None = None  # what the agency certifies, in words


_CSS = """
@page { size: A4; margin: 18mm 18mm 20mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8pt; color: #555; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; color: #111; line-height: 1.35; }
header { border-bottom: 2px solid #1d3d6b; padding-bottom: 6pt; margin-bottom: 12pt; }
header .agency { font-weight: bold; font-size: 11pt; color: #1d3d6b; }
h1 { font-size: 14pt; margin: 0 0 2pt; }
h1 + .en, .en { color: #444; }
.meta { margin: 8pt 0 12pt; }
table { width: 100%; border-collapse: collapse; margin: 6pt 0 12pt; }
tr, caption { break-inside: avoid; } caption { break-after: avoid; }
th, td { text-align: left; vertical-align: top; padding: 3pt 5pt; border: 0.5pt solid #999; }
th { background: #eef2f7; font-weight: normal; }
table.facts th { width: 38%; }
caption { text-align: left; font-weight: bold; padding: 4pt 0; }
.statement { border: 1pt solid #1d3d6b; padding: 6pt 8pt; margin: 10pt 0; }
footer { margin-top: 18pt; font-size: 8pt; color: #555; }
"""


def _both(text: Text, *, tag: str = "div") -> str:
    ka, en = (escape(part) for part in text)
    if ka == en:
        return f"<{tag}>{ka}</{tag}>"
    return f'<{tag}>{ka}</{tag}><{tag} class="en">{en}</{tag}>'


def _facts(facts: list[tuple[Text, Text]]) -> str:
    rows = "".join(f"<tr><th>{_both(label)}</th><td>{_both(value)}</td></tr>" for label, value in facts)
    return f'<table class="facts">{rows}</table>'


def _table(table: Table) -> str:
    head = "".join(f"<th>{_both(column)}</th>" for column in table.columns)
    if table.rows:
        body = "".join(
            "<tr>" + "".join(f"<td>{_both(cell)}</td>" for cell in row) + "</tr>" for row in table.rows
        )
    else:
        body = f'<tr><td colspan="{len(table.columns)}">{_both(table.empty)}</td></tr>'
    caption = " / ".join(escape(part) for part in dict.fromkeys(table.caption))
    # The header row repeats on the next page when a table breaks across pages.
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_of(document: Document, paper: Paper) -> str:
    statement = (
        "" if document.statement is None else f'<div class="statement">{_both(document.statement)}</div>'
    )
    return f"""<!doctype html><html lang="ka"><head><meta charset="utf-8">
<title>{escape(document.title[0])} / {escape(document.title[1])}</title>
<meta name="author" content="{escape(paper.agency[1])}"><style>{_CSS}</style></head><body>
<header><div class="agency">{_both(paper.agency)}</div></header>
<h1>{escape(document.title[0])}</h1><div class="en">{escape(document.title[1])}</div>
<div class="meta">{" / ".join(escape(part) for part in paper.number_label)}: <b>{escape(paper.case)}</b><br>
გაცემის თარიღი / Date of issue: <b>{day(paper.issued)}</b></div>
{_facts(document.facts)}{"".join(_table(table) for table in document.tables)}{statement}
<footer>{
        _both(
            (
                "დოკუმენტი გაცემულია ელექტრონულად; მის წარმომავლობას ადასტურებს სააგენტოს ხელმოწერილი შეტყობინება.",
                "Issued electronically; the agency's signed message that carried it proves where it came from.",
            )
        )
    }</footer>
</body></html>"""


class _NothingFetched(URLFetcher):
    def fetch(self, url, headers=None):
        raise ValueError("an issued document loads nothing from outside")


# WeasyPrint shares font caches between renderings; one at a time keeps them consistent, and the
# demo issues a document every few seconds, not many at once.
_RENDERING = threading.Lock()


def render(document: Document, paper: Paper) -> bytes:
    """The document as PDF bytes. Slow (a tenth of a second or more): call it off the event loop."""
    with _RENDERING:
        return HTML(string=html_of(document, paper), url_fetcher=_NothingFetched()).write_pdf()
