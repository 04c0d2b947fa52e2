"""Reading staff and halls."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import PublicServiceHall, StaffProfile


def staff_role(*, user) -> str:
    """The user's staff role, or "" for a citizen account."""
    profile = getattr(user, "staff_profile", None) if user and user.is_authenticated else None
    return profile.role if profile else ""


def staff_list(*, role: str | None = None) -> QuerySet[StaffProfile]:
    profiles = StaffProfile.objects.select_related("user", "hall", "agency")
    return profiles.filter(role=role) if role else profiles


def halls_open() -> QuerySet[PublicServiceHall]:
    return PublicServiceHall.objects.filter(is_active=True)
