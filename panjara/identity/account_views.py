"""The person's own account pages: active sessions (sign out one other, or all the others) and the
security log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .reauth import reauth_fresh, reauth_url
from .selectors import security_log, sessions_active
from .services.sessions import session_end_one, sessions_end_others


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request):
    action = request.POST.get("action") if request.method == "POST" else ""
    if action in ("end_others", "end_one"):
        # Whoever holds this session could otherwise shut the owner out of theirs (ASVS V7.5.2).
        # Like reauth_required, a POST without a fresh confirmation is not carried out; the
        # person comes back here and presses the button again.
        if not reauth_fresh(request):
            return redirect(reauth_url(request.path))
        if action == "end_others":
            count = sessions_end_others(request=request)
            messages.success(request, _("Other sessions signed out: %(count)d.") % {"count": count})
        elif session_end_one(request=request, session_id=_session_id(request.POST.get("session", ""))):
            messages.success(request, _("That session is signed out."))
        else:
            messages.error(
                request, _("That session has already ended, or it is not one you can sign out here.")
            )
        return redirect("identity:sessions")
    rows = list(sessions_active(user=request.user))
    current = request.session.session_key
    return render(request, "identity/sessions.html", {"rows": rows, "current": current})


def _session_id(value: str) -> int:
    # Whatever the form sent: only plain digits that fit a database id name a session.
    return int(value) if value.isascii() and value.isdecimal() and len(value) <= 18 else 0


@login_required
def security(request):
    return render(request, "identity/security_log.html", {"events": security_log(user=request.user)})
