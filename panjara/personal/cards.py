"""The personal page's cards: which informational services become cards, in which life area and
order a citizen looks for them, and the shape of one card as the templates see it (R-PP-5).

A card is one informational service of the catalog, asked about the signed-in person. Services the
portal knows the data shape of (docs/demo-agencies.md) get a template of their own; a service a
new agency adds by configuration still gets a card, with its data listed generically, so that no
portal code has to change for it to appear.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

# The exchange purpose of every query the personal page sends (protocol §10).
PURPOSE = "personal-page"

# Informational services that are about a company, not a person: asking them with a person as
# subject is refused by the agency (`unsupported_subject`). Service descriptions do not say whom a
# service can be asked about (protocol §7), so the portal has to know.
COMPANY_ONLY = frozenset({"napr.company"})

# Life areas, in the order a citizen reads the page, each with its known services in order.
AREAS: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("person", _("You and your family"), ("psda.person", "psda.civil-acts", "psda.family")),
    ("home", _("Home and property"), ("napr.property", "utilities.bills")),
    ("money", _("Taxes and debts"), ("rs.tax-balance", "rs.declarations", "nbe.debtor")),
    ("transport", _("Vehicles, fines and travel"), ("mia.vehicles", "mia.fines", "mia.border-crossings")),
    ("work", _("Companies"), ("napr.participation",)),
    ("care", _("Social support, health and education"), ("ssa.benefits", "ssa.health", "eqe.education")),
    ("other", _("Other information about you"), ()),
)
# Where a service the portal does not know goes, by its catalog category.
CATEGORY_AREA = {
    "personal": "person",
    "family": "person",
    "property": "home",
    "utilities": "home",
    "municipality": "home",
    "taxes": "money",
    "debt": "money",
    "fines": "transport",
    "transport": "transport",
    "business": "work",
    "social": "care",
    "health": "care",
    "education": "care",
}
# Cards whose tables need the page's full width.
WIDE = frozenset({"psda.civil-acts", "napr.property", "utilities.bills", "mia.fines", "mia.border-crossings"})
_POSITION = {code: (a, i) for a, (_code, _label, codes) in enumerate(AREAS) for i, code in enumerate(codes)}
_AREA_INDEX = {code: index for index, (code, _label, _codes) in enumerate(AREAS)}


def area_of(*, code: str, category: str) -> str:
    if code in _POSITION:
        return AREAS[_POSITION[code][0]][0]
    return CATEGORY_AREA.get(category, "other")


def card_order(*, code: str, category: str) -> tuple[int, int, str]:
    """Sort key: the area's place on the page, then the service's place in it (unknown ones last,
    by code)."""
    if code in _POSITION:
        area, position = _POSITION[code]
        return area, position, code
    return _AREA_INDEX[area_of(code=code, category=category)], 1000, code


def template_for(code: str) -> str:
    if code in _POSITION:
        return f"personal/cards/{code.replace('.', '_').replace('-', '_')}.html"
    return "personal/cards/generic.html"


class CardState(StrEnum):
    FRESH = "fresh"  # the agency answered now
    KEPT = "kept"  # it did not; what it sent earlier is shown, from the kept signed answer
    UNAVAILABLE = "unavailable"  # it did not, and nothing is kept (or no longer)
    NEEDS_ASSURANCE = "needs_assurance"  # the session's way in is too weak for this service


@dataclass(frozen=True, kw_only=True)
class Card:
    code: str
    name: str  # the service's name in the person's language
    agency_name: str
    area: str
    template: str
    state: CardState
    found: bool = False  # the agency holds something (not "not_found")
    data: dict[str, Any] | None = None  # the agency's `data`, exactly as it signed it
    fetched_at: datetime | None = None
    kept_until: datetime | None = None
    stored_id: int | None = None  # the kept answer behind the card, for "what is kept"

    @property
    def url(self) -> str:
        """The service's own page; the same as {% url 'personal:service' code %}, reversed once
        per process (a page links 15 cards)."""
        return _service_url(get_script_prefix(), get_urlconf(), self.code)

    @property
    def anchor(self) -> str:
        return anchor_of(self.code)

    @property
    def wide(self) -> bool:
        return self.code in WIDE or self.template.endswith("generic.html")

    @property
    def has_answer(self) -> bool:
        return self.state in (CardState.FRESH, CardState.KEPT)


def anchor_of(code: str) -> str:
    """The id of a service's card on the personal page."""
    return "card-" + code.replace(".", "-")


@lru_cache(maxsize=1024)
def _service_url(prefix: str, urlconf: str | None, code: str) -> str:
    # The prefix and urlconf are part of the key because reverse() depends on them.
    return reverse("personal:service", args=[code], urlconf=urlconf)


@dataclass(frozen=True, kw_only=True)
class Area:
    code: str
    label: Any
    cards: list[Card]


def area_links(services: Sequence[Any]) -> list[tuple[str, Any]]:
    """(code, label) of the areas these services' cards fill, in page order: the page's list of
    contents, known before the agencies answer (every service asked becomes a card)."""
    present = {area_of(code=service.code, category=service.category) for service in services}
    return [(code, label) for code, label, _codes in AREAS if code in present]


def areas_of(cards: list[Card]) -> list[Area]:
    """Cards grouped by life area, in page order; areas without cards are left out."""
    return [
        Area(code=code, label=label, cards=[card for card in cards if card.area == code])
        for code, label, _codes in AREAS
        if any(card.area == code for card in cards)
    ]


def answer_body(body: Any) -> tuple[bool, dict[str, Any]] | None:
    """(found, data) of a query result (protocol §8), or None when it is neither shape."""
    if not isinstance(body, dict):
        return None
    if body.get("status") == "not_found":
        return False, {}
    if body.get("status") == "ok" and isinstance(body.get("data"), dict):
        return True, body["data"]
    return None
