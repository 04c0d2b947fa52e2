"""The person's own account pages: active sessions (sign out the others) and the security log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .reauth import reauth_fresh, reauth_url
from .selectors import security_log, sessions_active
from .services.sessions import sessions_end_others


@login_required
@require_http_methods(["GET", "POST"])
def sessions(request):
    if request.method == "POST" and request.POST.get("action") == "end_others":
        # Whoever holds this session could otherwise shut the owner out of theirs (ASVS V7.5.2).
        # Like reauth_required, a POST without a fresh confirmation is not carried out; the
        # person comes back here and presses the button again.
        if not reauth_fresh(request):
            return redirect(reauth_url(request.path))
        count = sessions_end_others(request=request)
        messages.success(request, _("Other sessions signed out: %(count)d.") % {"count": count})
        return redirect("identity:sessions")
    rows = list(sessions_active(user=request.user))
    current = request.session.session_key
    return render(request, "identity/sessions.html", {"rows": rows, "current": current})


@login_required
def security(request):
    return render(request, "identity/security_log.html", {"events": security_log(user=request.user)})
