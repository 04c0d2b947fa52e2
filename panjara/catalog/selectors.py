"""Reading the catalog: categories and their services, one service, search by need, favourites."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import get_language

from panjara_protocol.kinds import CATEGORIES

from .categories import LABELS
from .models import Favourite, Service
from .search import query_terms

if TYPE_CHECKING:
    from panjara.identity.models import User

SEARCH_LIMIT = 50
# A query is a few words of need, not a document; more words would only grow the SQL.
SEARCH_MAX_WORDS = 12


@dataclass(frozen=True, kw_only=True)
class Category:
    code: str
    label: str
    services: list[Service]

    @property
    def count(self) -> int:
        return len(self.services)


@dataclass(frozen=True, kw_only=True)
class SearchResult:
    query: str
    services: list[Service] = field(default_factory=list)
    # True when no service matched every word of the query and these match only some of them.
    partial: bool = False


def _name_field() -> str:
    return "name_en" if get_language() == "en" else "name_ka"


def services_offered() -> QuerySet[Service]:
    return Service.objects.filter(is_active=True).select_related("agency")


def catalog_categories() -> list[Category]:
    """The categories of R-PP-2 that have services on offer, in the order of R-PP-2, each with its
    services by name in the page language."""
    by_category: dict[str, list[Service]] = {}
    for service in services_offered().order_by(_name_field(), "code"):
        by_category.setdefault(service.category, []).append(service)
    return [
        Category(code=code, label=str(LABELS[code]), services=by_category[code])
        for code in CATEGORIES
        if code in by_category
    ]


def catalog_category(*, code: str) -> Category | None:
    """One category with its services (possibly none); None for a code that is no category."""
    if code not in LABELS:
        return None
    services = list(services_offered().filter(category=code).order_by(_name_field(), "code"))
    return Category(code=code, label=str(LABELS[code]), services=services)


def service_get(*, code: str) -> Service | None:
    """A service the catalog offers, or None."""
    return services_offered().filter(code=code).first()


def service_search(*, query: str) -> SearchResult:
    """Services matching a need, typed in any spelling catalog.search folds (R-PP-4). Services
    that have every word of the query come first — those with the words in their name before
    those with them only in the description — and if none has every word, the ones with most of
    them. One query, on any database."""
    query = " ".join(query.split())[:200]
    terms = query_terms(query)[:SEARCH_MAX_WORDS]
    if not terms:
        return SearchResult(query=query)

    def anywhere(stems: set[str]) -> Q:
        return reduce(or_, (Q(search_text__contains=f" {stem}") for stem in sorted(stems)))

    def in_name(stems: set[str]) -> Q:
        return reduce(or_, (Q(search_name__contains=f" {stem}") for stem in sorted(stems)))

    def count(conditions: list[Q]):
        return sum(
            (Case(When(c, then=Value(1)), default=Value(0), output_field=IntegerField()) for c in conditions),
            Value(0),
        )

    found = list(
        services_offered()
        .filter(reduce(or_, (anywhere(t) for t in terms)))
        .annotate(
            words_matched=count([anywhere(t) for t in terms]),
            words_in_name=count([in_name(t) for t in terms]),
        )
        .order_by("-words_matched", "-words_in_name", _name_field(), "code")[:SEARCH_LIMIT]
    )
    complete = [s for s in found if s.words_matched == len(terms)]
    if complete:
        return SearchResult(query=query, services=complete)
    return SearchResult(query=query, services=found, partial=bool(found))


def favourite_services(*, user: User) -> list[Service]:
    """The person's favourite services the catalog offers, in the order they chose (R-PP-3)."""
    if not user.is_authenticated:
        return []
    favourites = (
        Favourite.objects.filter(user=user, service__is_active=True)
        .select_related("service", "service__agency")
        .order_by("position", "id")
    )
    return [favourite.service for favourite in favourites]


def favourite_codes(*, user: User) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Favourite.objects.filter(user=user).values_list("service__code", flat=True))
