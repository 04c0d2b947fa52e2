"""Reading terms of use versions. Only published versions are visible to citizens."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import TermsVersion


def terms_published() -> QuerySet[TermsVersion]:
    return TermsVersion.objects.filter(published_at__isnull=False).order_by("-version")


def terms_current() -> TermsVersion | None:
    """The version in force: the published one with the highest number, or None before the first."""
    return terms_published().first()


def terms_history() -> list[TermsVersion]:
    """Every published version, newest first (the first is the current one)."""
    return list(terms_published())


def terms_version(*, version: int) -> TermsVersion | None:
    return terms_published().filter(version=version).first()
