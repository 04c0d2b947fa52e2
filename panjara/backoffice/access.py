"""Who may open the back-office pages. Anonymous visitors go to the sign-in; a signed-in account
without the right role gets a 403 page that says why, never the page itself."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.utils.translation import gettext as _

from .roles import Role
from .selectors import staff_role


def forbidden(request, *, reason: str):
    return render(request, "backoffice/forbidden.html", {"reason": reason}, status=403)


def staff_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not staff_role(user=request.user):
            return forbidden(request, reason=_("The back office is only for the portal's staff."))
        return view(request, *args, **kwargs)

    return wrapper


def hall_operator_required(view):
    """The hall workspace: a Public Service Hall operator working at an open hall. The hall is
    handed to the view as request.hall, since everything done there is recorded with it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        profile = getattr(request.user, "staff_profile", None)
        if profile is None or profile.role != Role.HALL_OPERATOR or profile.hall is None:
            return forbidden(request, reason=_("Only Public Service Hall operators can register citizens."))
        if not profile.hall.is_active:
            return forbidden(request, reason=_("Your Public Service Hall is closed in the portal."))
        request.hall = profile.hall
        return view(request, *args, **kwargs)

    return wrapper
