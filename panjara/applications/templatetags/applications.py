"""The "apply" box on a functional service's page (the catalog's template loads it, so the
catalog does not need to know how applications work)."""

from __future__ import annotations

import secrets

from django import template

from panjara.applications.models import Application
from panjara.applications.services import submit_blocker
from panjara.identity.services.sessions import session_assurance

register = template.Library()


@register.inclusion_tag("applications/apply_box.html", takes_context=True)
def apply_box(context, service):
    request = context["request"]
    user = request.user
    signed_in = user.is_authenticated
    assurance = session_assurance(request) if signed_in else ""
    blocker = submit_blocker(service=service, session_assurance=assurance)
    if not signed_in and blocker is not None and blocker.code == "assurance":
        blocker = None  # signing in is the next step anyway
    drafts = (
        list(Application.objects.filter(user=user, service=service, status=Application.Status.DRAFT))
        if signed_in
        else []
    )
    return {
        "service": service,
        "blocker": blocker,
        "signed_in": signed_in,
        "drafts": drafts,
        # One key per page view: pressing "apply" twice (or reloading the POST) opens one draft.
        "key": secrets.token_hex(16),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
