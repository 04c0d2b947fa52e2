"""The back office's landing page: where a signed-in staff member finds their workspace."""

from __future__ import annotations

from django.shortcuts import render

from .access import staff_required
from .roles import Role


@staff_required
def home(request):
    profile = request.user.staff_profile
    return render(
        request,
        "backoffice/home.html",
        {
            "profile": profile,
            "is_hall_operator": profile.role == Role.HALL_OPERATOR and profile.hall is not None,
            "is_administrator": profile.role == Role.ADMINISTRATOR or request.user.is_superuser,
        },
    )
