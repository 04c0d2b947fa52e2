"""Pages of correspondence: the directory of public bodies with search, a body's page with "write
to this body", the person's letters, composing a draft (attachments from the vault or the
computer), a sent letter with its thread, history and "how the deadline was computed", and
replying or clarifying. Server-rendered, no JavaScript."""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from panjara.applications.attachments import (
    AttachRefused,
    Upload,
    max_attachments,
    max_file_bytes,
    max_total_bytes,
)
from panjara.applications.forms import AttachForm, show_errors
from panjara.applications.selectors import attachable_documents
from panjara.deadlines.explain import explanation
from panjara.vault.uploads import CappedMemoryUploadHandler

from .forms import LetterForm
from .models import Letter, LetterEvent, PublicBody
from .selectors import (
    bodies_search,
    bodies_tree,
    bodies_writable,
    body_of,
    body_route,
    clarification_open,
    letter_deadline,
    letter_of,
    letters_of,
    thread_of,
)
from .services import (
    LetterRefused,
    draft_delete,
    draft_save,
    letter_attach,
    letter_detach,
    letter_send,
    letter_start,
)
from .timeliness import summaries_attach


@require_GET
def bodies(request):
    query = request.GET.get("q", "").strip()[:200]
    tree = bodies_tree()
    summaries_attach(tree)
    return render(
        request,
        "correspondence/bodies.html",
        {"query": query, "results": bodies_search(query=query) if query else None, "tree": tree},
    )


@require_GET
def body(request, code: str):
    found = body_of(code=code)
    agency, _unit = body_route(found)
    return render(
        request,
        "correspondence/body.html",
        {
            "body": found,
            "children": found.children.filter(is_active=True).order_by("name_en"),
            "writable": agency is not None and agency.is_active,
            "key": secrets.token_hex(16),
        },
    )


@login_required
@require_GET
def letter_list(request):
    return render(request, "correspondence/list.html", letters_of(user=request.user))


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    """GET: choose the body (a select, narrowed by a search). POST: a new draft to it."""
    if request.method == "POST":
        chosen = PublicBody.objects.filter(code=request.POST.get("body", ""), is_active=True).first()
        if chosen is None or body_route(chosen)[0] is None:
            messages.error(request, _("Choose a public body that receives letters through the portal."))
            return redirect("correspondence:start")
        letter = letter_start(
            user=request.user,
            body=chosen,
            kind=request.POST.get("kind", ""),
            idempotency_key=request.POST.get("key", ""),
        )
        return redirect("correspondence:detail", letter_id=letter.pk)
    query = request.GET.get("q", "").strip()[:200]
    writable = bodies_writable()
    if query:
        found = {b.pk for b in bodies_search(query=query)}
        writable = [b for b in writable if b.pk in found]
    return render(
        request,
        "correspondence/start.html",
        {"query": query, "bodies": writable, "key": secrets.token_hex(16)},
    )


def _limits() -> dict[str, int]:
    return {"count": max_attachments(), "total": max_total_bytes(), "file": max_file_bytes()}


def _attach_form(letter: Letter, data=None, files=None) -> AttachForm:
    attached = {a.document_id for a in letter.attachments.all()}
    return AttachForm(
        data, files, documents=attachable_documents(user=letter.user, exclude=attached), prefix="attach"
    )


def _letter_form(letter: Letter, data=None) -> LetterForm:
    return LetterForm(
        data,
        bodies=bodies_writable(),
        fixed_body=letter.thread != letter.pk,
        fixed_kind=letter.clarifies_id is not None,
        initial={"body": letter.body_id, "kind": letter.kind, "subject": letter.subject, "text": letter.text},
    )


def _edit(request, letter: Letter, *, form=None, attach_form=None, errors=None):
    form = form or _letter_form(letter)
    attach_form = attach_form or _attach_form(letter)
    errors = dict(errors or {})
    attachment_errors = errors.pop("attachments", [])
    if errors:
        show_errors(form, errors)
    if attachment_errors:
        show_errors(attach_form, {"": attachment_errors})
    failed = bool(form.errors or attach_form.errors)
    return render(
        request,
        "correspondence/edit.html",
        {
            "letter": letter,
            "form": form,
            "attach_form": attach_form,
            "attachments": list(letter.attachments.select_related("document")),
            "limits": _limits(),
            "failed": failed,
            "error_forms": [(form, ""), (attach_form, "attachments")],
        },
        status=400 if failed else 200,
    )


def _history(letter: Letter) -> list[dict]:
    language = get_language() or "ka"
    return [
        {
            "event": event,
            "message": (event.detail.get("message") or {}).get(language, ""),
            "ground": (event.detail.get("refusal_ground") or {}).get(language, ""),
            "documents": event.detail.get("documents") or [],
        }
        for event in letter.events.exclude(kind=LetterEvent.Kind.CREATED)
    ]


def _sent(request, letter: Letter):
    deadline = letter_deadline(letter)
    question = clarification_open(letter=letter)
    language = get_language() or "ka"
    return render(
        request,
        "correspondence/detail.html",
        {
            "letter": letter,
            "thread": thread_of(letter=letter),
            "history": _history(letter),
            "attachments": list(letter.attachments.select_related("document")),
            "deadline": deadline,
            "explanation": explanation(deadline) if deadline else [],
            "question": (question.detail.get("message") or {}).get(language, "") if question else "",
            "refusal_ground": letter.refusal_ground_en if language == "en" else letter.refusal_ground_ka,
            "closed": letter.status in Letter.CLOSED,
            "key": secrets.token_hex(16),
        },
    )


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


@csrf_exempt  # only so the upload handler is set before the body is read; _detail checks CSRF
@login_required
@require_http_methods(["GET", "POST"])
def detail(request, letter_id):
    if request.method == "POST":
        request.upload_handlers = [
            CappedMemoryUploadHandler(request, limit=max_file_bytes(), field="attach-file")
        ]
    return _detail(request, letter_id)


@csrf_protect
def _detail(request, letter_id):
    letter = letter_of(user=request.user, letter_id=letter_id)
    if not letter.is_draft:
        return _sent(request, letter)
    if request.method == "GET":
        return _edit(request, letter)
    form = _letter_form(letter, data=request.POST)
    form.is_valid()
    data = form.cleaned_data
    letter = draft_save(
        letter=letter,
        body=data.get("body"),
        kind=data.get("kind", ""),
        subject=request.POST.get("subject", ""),
        text=request.POST.get("text", "").replace("\r\n", "\n"),
    )
    action = request.POST.get("action", "save")
    if request.POST.get("remove"):
        letter_detach(letter=letter, attachment_id=request.POST["remove"])
        return redirect("correspondence:detail", letter_id=letter.pk)
    if action == "attach":
        attach_form = _attach_form(letter, request.POST, request.FILES)
        if not attach_form.is_valid():
            return _edit(request, letter, attach_form=attach_form)
        try:
            letter_attach(letter=letter, document_ids=attach_form.chosen(), upload=_upload(attach_form))
        except AttachRefused as refused:
            attach_form = _attach_form(letter)
            show_errors(attach_form, {"": refused.messages})
            return _edit(request, letter, attach_form=attach_form)
        return redirect("correspondence:detail", letter_id=letter.pk)
    if action == "send":
        try:
            letter = letter_send(letter=letter)
        except LetterRefused as refused:
            letter.refresh_from_db()
            return _edit(request, letter, errors=refused.errors)
        messages.success(
            request,
            _("Your letter was sent and registered under the number %(reference)s.")
            % {"reference": letter.reference},
        )
        return redirect("correspondence:detail", letter_id=letter.pk)
    messages.success(request, _("The draft is saved. It stays here until you send or delete it."))
    return redirect("correspondence:detail", letter_id=letter.pk)


@login_required
@require_http_methods(["GET", "POST"])
def delete(request, letter_id):
    letter = letter_of(user=request.user, letter_id=letter_id)
    if not letter.is_draft:
        return redirect("correspondence:detail", letter_id=letter.pk)
    if request.method == "POST":
        draft_delete(letter=letter)
        messages.success(request, _("The draft was deleted."))
        return redirect("correspondence:list")
    return render(request, "correspondence/delete.html", {"letter": letter})


@login_required
@require_POST
def reply(request, letter_id):
    """A new draft in the letter's thread; with `clarify`, the answer to the body's request for
    clarification (sending it resumes the clock)."""
    letter = letter_of(user=request.user, letter_id=letter_id)
    if letter.is_draft:
        return redirect("correspondence:detail", letter_id=letter.pk)
    clarify = request.POST.get("clarify") == "1" and clarification_open(letter=letter) is not None
    draft = letter_start(
        user=request.user,
        body=letter.body,
        idempotency_key=request.POST.get("key", ""),
        reply_to=letter,
        clarify=clarify,
    )
    return redirect("correspondence:detail", letter_id=draft.pk)
