"""Pages of the applications app: start from a service, fill and save a draft, send it, see the
receipt and the history; the list of one's applications. All server-rendered, no JavaScript."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from panjara.catalog.models import Service
from panjara.identity.services.sessions import session_assurance

from .forms import Field, form_fields, html_form, locked_values, show_errors, typed_values
from .models import Application
from .selectors import application_of, applications_of
from .services import (
    SubmitRefused,
    application_start,
    application_submit,
    draft_delete,
    draft_save,
    submit_blocker,
)


@login_required
def application_list(request):
    return render(request, "applications/list.html", applications_of(user=request.user))


@login_required
@require_POST
def start(request, code: str):
    service = get_object_or_404(Service, code=code, kind=Service.Kind.FUNCTIONAL, is_active=True)
    if submit_blocker(service=service, session_assurance=session_assurance(request)) is not None:
        return redirect("catalog:service", code=service.code)
    application = application_start(
        user=request.user, service=service, idempotency_key=request.POST.get("key", "")
    )
    return redirect("applications:detail", application_id=application.pk)


def _hints(application: Application) -> dict[str, str]:
    """Under each pre-filled field: where its value came from and when (tell us once, shown)."""
    prefill = application.prefill or {}
    sources = {
        s.code: s
        for s in Service.objects.filter(
            code__in={item.get("service") for item in prefill.values()}
        ).select_related("agency")
    }
    hints = {}
    for name, item in prefill.items():
        source = sources.get(item.get("service", ""))
        agency = source.agency if source else None
        fetched = timezone.localtime(datetime.fromisoformat(item["fetched_at"]))
        hints[name] = _("Filled in from “%(service)s” (%(agency)s), %(when)s.") % {
            "service": source.name if source else item.get("service", ""),
            "agency": (agency.name_en if get_language() == "en" else agency.name_ka)
            if agency
            else item.get("agency", ""),
            "when": formats.date_format(fetched, "DATETIME_FORMAT"),
        }
    return hints


def _edit(request, application: Application, *, errors: dict[str, list[str]] | None = None, values=None):
    schema = application.service.form_schema or {}
    form = html_form(
        schema,
        values=values if values is not None else application.values,
        hints=_hints(application),
        locked=locked_values(schema, application.prefill),
    )
    if errors:
        show_errors(form, errors)
    blocker = submit_blocker(service=application.service, session_assurance=session_assurance(request))
    return render(
        request,
        "applications/edit.html",
        {"application": application, "service": application.service, "form": form, "blocker": blocker},
        status=400 if errors else 200,
    )


def _summary(application: Application) -> list[tuple[Field, str]]:
    """The sent application as the person filled it, in the form's order and labels."""
    rows = []
    for spec in form_fields(application.form_schema or {}):
        value = (application.document or {}).get(spec.name)
        if value is None:
            continue
        if spec.kind == "choice":
            value = dict(spec.choices).get(str(value), value)
        elif spec.kind == "flag":
            value = _("Yes") if value else _("No")
        rows.append((spec, value))
    return rows


def _timeline(application: Application) -> list[dict]:
    """The history, with each agency message in the person's language as the agency wrote it."""
    language = get_language() or "ka"
    return [
        {
            "event": event,
            "message": (event.detail.get("message") or {}).get(language, ""),
            "documents": event.detail.get("documents") or [],
        }
        for event in application.events.all()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, application_id):
    application = application_of(user=request.user, application_id=application_id)
    if not application.is_draft:
        if request.method == "POST":
            # A second "send" of the same draft (double click, back button): the receipt.
            return redirect("applications:detail", application_id=application.pk)
        return render(
            request,
            "applications/detail.html",
            {
                "application": application,
                "service": application.service,
                "summary": _summary(application),
                "timeline": _timeline(application),
            },
        )
    if request.method == "GET":
        return _edit(request, application)
    schema = application.service.form_schema or {}
    values = typed_values(schema, request.POST, locked=locked_values(schema, application.prefill))
    action = request.POST.get("action", "save")
    try:
        if action == "submit":
            application = application_submit(
                application=application, values=values, session_assurance=session_assurance(request)
            )
            messages.success(
                request,
                _("Your application was sent. Its registration number is %(reference)s.")
                % {"reference": application.reference},
            )
        else:
            draft_save(application=application, values=values)
            messages.success(request, _("Your draft was saved. You can come back to it at any time."))
    except SubmitRefused as refused:
        application.refresh_from_db()
        return _edit(request, application, errors=refused.errors, values=values)
    return redirect("applications:detail", application_id=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, application_id):
    application = application_of(user=request.user, application_id=application_id)
    if not application.is_draft:
        raise Http404
    if request.method == "POST":
        draft_delete(application=application)
        messages.success(request, _("The draft was deleted."))
        return redirect("applications:list")
    return render(
        request, "applications/delete.html", {"application": application, "service": application.service}
    )
