"""Pages of the applications app: start from a service, fill and save a draft with its attached
documents, send it, see the receipt and the history, answer the agency's request for more
information; the list of one's applications. All server-rendered, no JavaScript."""

from __future__ import annotations

import secrets
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from panjara.catalog.models import Service
from panjara.identity.services.sessions import session_assurance
from panjara.vault.uploads import CappedMemoryUploadHandler

from .attachments import (
    AttachRefused,
    Upload,
    attachment_remove,
    attachments_add,
    max_attachments,
    max_file_bytes,
    max_total_bytes,
)
from .forms import (
    AttachForm,
    Field,
    SupplementForm,
    form_fields,
    html_form,
    locked_values,
    show_errors,
    typed_values,
)
from .models import Application, ApplicationEvent
from .selectors import (
    agency_question,
    application_of,
    applications_of,
    attachable_documents,
    attachments_of,
    supplement_state,
)
from .services import (
    SubmitRefused,
    answer_blocker,
    application_start,
    application_submit,
    draft_delete,
    draft_save,
    submit_blocker,
    supplement_send,
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


def _attach_form(application: Application, data=None, files=None) -> AttachForm:
    attached = {a.document_id for a in application.attachments.filter(supplement__isnull=True)}
    documents = attachable_documents(user=application.user, exclude=attached)
    return AttachForm(data, files, documents=documents, prefix="attach")


def _edit(
    request,
    application: Application,
    *,
    errors: dict[str, list[str]] | None = None,
    values=None,
    attach_form: AttachForm | None = None,
):
    schema = application.service.form_schema or {}
    form = html_form(
        schema,
        values=values if values is not None else application.values,
        hints=_hints(application),
        locked=locked_values(schema, application.prefill),
    )
    errors = dict(errors or {})
    attachment_errors = errors.pop("attachments", [])
    if errors:
        show_errors(form, errors)
    if attach_form is None:
        attach_form = _attach_form(application)
    if attachment_errors:
        show_errors(attach_form, {"": attachment_errors})
    blocker = submit_blocker(service=application.service, session_assurance=session_assurance(request))
    failed = bool(form.errors or attach_form.errors)
    return render(
        request,
        "applications/edit.html",
        {
            "application": application,
            "service": application.service,
            "form": form,
            "attach_form": attach_form,
            "attachments": attachments_of(application=application).get(None, []),
            "limits": _limits(),
            "blocker": blocker,
            "failed": failed,
            "error_forms": [(form, ""), (attach_form, "attachments")],
        },
        status=400 if failed else 200,
    )


def _limits() -> dict[str, int]:
    return {"count": max_attachments(), "total": max_total_bytes(), "file": max_file_bytes()}


def _upload(form: AttachForm) -> Upload | None:
    upload_file = form.cleaned_data.get("file")
    if not upload_file:
        return None
    return Upload(
        name=upload_file.name,
        declared_type=upload_file.content_type or "",
        size=upload_file.size,
        content=upload_file.read(),
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


def _timeline(application: Application, grouped: dict) -> list[dict]:
    """The history, with each agency message in the person's language as the agency wrote it,
    and each answer of the person's with what it carried."""
    language = get_language() or "ka"
    return [
        {
            "event": event,
            "message": (event.detail.get("message") or {}).get(language, ""),
            "documents": event.detail.get("documents") or [],
            "attachments": grouped.get(event.detail.get("supplement"), [])
            if event.kind == ApplicationEvent.Kind.SUPPLEMENT
            else [],
        }
        for event in application.events.all()
    ]


def _sent(request, application: Application, *, supplement_form: SupplementForm | None = None, key=""):
    """The page of a sent application: receipt, history, what was sent, and the form to answer
    the agency while it waits for more information."""
    grouped = attachments_of(application=application)
    state = supplement_state(application=application)
    blocker = answer_blocker(service=application.service, session_assurance=session_assurance(request))
    page_errors: list[str] = []
    if state != "open" or blocker is not None:
        # The agency is not asking (any more), or the sign-in must be raised: no form, but an
        # answer that was refused for it still says why.
        if supplement_form is not None and supplement_form.is_bound:
            page_errors = [error for errors in supplement_form.errors.values() for error in errors]
        supplement_form = None
    elif supplement_form is None:
        supplement_form = SupplementForm(documents=attachable_documents(user=request.user), prefix="answer")
    failed = bool(page_errors or (supplement_form is not None and supplement_form.errors))
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "service": application.service,
            "summary": _summary(application),
            "timeline": _timeline(application, grouped),
            "attachments": grouped.get(None, []),
            "supplement_state": state,
            "question": _question(application),
            "supplement_form": supplement_form,
            "blocker": blocker if state == "open" else None,
            # One key per form shown: sending it twice (double click, reload) sends one answer.
            "key": key or secrets.token_hex(16),
            "limits": _limits(),
            "failed": failed,
            "error_forms": [(supplement_form, "answer")] if supplement_form is not None else [],
            "page_errors": page_errors,
        },
        status=400 if failed else 200,
    )


def _question(application: Application) -> str:
    event = agency_question(application=application)
    if event is None:
        return ""
    return (event.detail.get("message") or {}).get(get_language() or "ka", "")


@csrf_exempt  # only so the upload handler is set before the body is read; _detail checks CSRF
@login_required
@require_http_methods(["GET", "POST"])
def detail(request, application_id):
    if request.method == "POST":
        request.upload_handlers = [
            CappedMemoryUploadHandler(request, limit=max_file_bytes(), field="attach-file")
        ]
    return _detail(request, application_id)


@csrf_protect
def _detail(request, application_id):
    application = application_of(user=request.user, application_id=application_id)
    if not application.is_draft:
        if request.method == "POST":
            # A second "send" of the same draft (double click, back button): the receipt.
            return redirect("applications:detail", application_id=application.pk)
        return _sent(request, application)
    if request.method == "GET":
        return _edit(request, application)
    schema = application.service.form_schema or {}
    values = typed_values(schema, request.POST, locked=locked_values(schema, application.prefill))
    action = request.POST.get("action", "save")
    remove = request.POST.get("remove", "")
    attach_form = _attach_form(application, request.POST, request.FILES)
    try:
        if not attach_form.is_valid():
            draft_save(application=application, values=values)
            return _edit(request, application, values=values, attach_form=attach_form)
        # Whatever button was pressed, what the person chose to attach is attached first: a
        # person who picks a file and presses "send" means it to go with the application.
        chosen, upload = attach_form.chosen(), _upload(attach_form)
        if chosen or upload:
            added = attachments_add(application=application, document_ids=chosen, upload=upload)
            if added and action != "submit":
                messages.success(
                    request,
                    ngettext(
                        "%(count)d document was attached.", "%(count)d documents were attached.", len(added)
                    )
                    % {"count": len(added)},
                )
        elif action == "attach":
            raise AttachRefused(
                "documents", [_("Choose a document from your vault or a file from your computer.")]
            )
        if remove:
            draft_save(application=application, values=values)
            attachment_remove(application=application, attachment_id=remove)
            messages.success(
                request, _("The document was removed from the application. It stays in your vault.")
            )
        elif action == "submit":
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
            if action != "attach":
                messages.success(request, _("Your draft was saved. You can come back to it at any time."))
    except AttachRefused as refused:
        try:
            draft_save(application=application, values=values)
        except SubmitRefused:
            # Sent from another tab meanwhile: nothing to keep here any more; show the receipt.
            return redirect("applications:detail", application_id=application.pk)
        show_errors(attach_form, {refused.field: refused.messages})
        return _edit(request, application, values=values, attach_form=attach_form)
    except SubmitRefused as refused:
        application.refresh_from_db()
        return _edit(request, application, errors=refused.errors, values=values)
    return redirect("applications:detail", application_id=application.pk)


@csrf_exempt  # as detail: the upload handler first, then _supplement checks CSRF
@login_required
@require_POST
def supplement(request, application_id):
    request.upload_handlers = [
        CappedMemoryUploadHandler(request, limit=max_file_bytes(), field="answer-file")
    ]
    return _supplement(request, application_id)


@csrf_protect
def _supplement(request, application_id):
    application = application_of(user=request.user, application_id=application_id)
    if application.is_draft:
        raise Http404
    form = SupplementForm(
        request.POST, request.FILES, documents=attachable_documents(user=request.user), prefix="answer"
    )
    key = request.POST.get("key", "")[:64]
    if form.is_valid():
        try:
            supplement_send(
                application=application,
                key=key,
                text=form.cleaned_data["text"],
                document_ids=form.chosen(),
                upload=_upload(form),
                session_assurance=session_assurance(request),
            )
        except SubmitRefused as refused:
            show_errors(form, refused.errors)
        else:
            messages.success(
                request, _("Your answer was sent to the agency. It will continue with your application.")
            )
            return redirect("applications:detail", application_id=application.pk)
    application.refresh_from_db()
    return _sent(request, application, supplement_form=form, key=key)


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
