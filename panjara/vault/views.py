"""The vault's pages (R-V-1). Plain forms that work without JavaScript. Every document and folder
is looked up through the signed-in person (selectors), so another person's id is a 404; files and
previews are always sent as attachments with the type found from their content."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from panjara.identity.services.accounts import person_actor

from . import selectors, services
from .crypto import VaultIntegrityError
from .files import Rejected, check_size, type_label
from .forms import EditForm, FolderForm, UploadForm
from .preview import preview_png
from .uploads import CappedMemoryUploadHandler

logger = logging.getLogger(__name__)


def _person(request):
    """The signed-in person. Staff accounts without a person have no vault: nothing to find."""
    if request.user.person_id is None:
        raise Http404
    return request.user.person


def _folder_or_none(person, value: str):
    return selectors.vault_folder(person=person, folder_id=value) if value else None


def _file_response(*, content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Always a download, never rendered by the browser; filename* (RFC 6266/5987) keeps a
    # Georgian name intact, with an ASCII fallback for old clients.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Length"] = str(len(content))
    # Nothing in the vault may be kept by a shared or back-button cache.
    add_never_cache_headers(response)
    return response


def _unreadable(request, document) -> HttpResponse:
    logger.error("vault document %s failed to open", document.pk, exc_info=True)
    return render(request, "vault/unreadable.html", {"document": document}, status=500)


@require_GET
@login_required
def document_list(request):
    person = _person(request)
    selected = request.GET.get("folder", selectors.ALL)
    folders = list(selectors.vault_folders(person=person))
    current_folder = None
    if selected not in (selectors.ALL, selectors.ISSUED, selectors.UNFILED):
        current_folder = selectors.vault_folder(person=person, folder_id=selected)
    documents = selectors.vault_documents(person=person, folder=current_folder or selected)
    context = {
        "documents": [
            {"document": document, "type": type_label(document.content_type)} for document in documents
        ],
        "folders": folders,
        "selected": selected,
        "current_folder": current_folder,
        "usage": selectors.vault_usage(person=person),
        "folder_form": FolderForm(prefix="folder"),
        "max_file_bytes": settings.VAULT_MAX_FILE_BYTES,
    }
    return render(request, "vault/list.html", context)


@csrf_exempt  # only so the upload handler can be set; _upload checks the CSRF token itself
@login_required
def upload(request):
    if request.method == "POST":
        # Set before the body is read; CSRF middleware would read it first without csrf_exempt.
        request.upload_handlers = [CappedMemoryUploadHandler(request, limit=settings.VAULT_MAX_FILE_BYTES)]
    return _upload(request)


@csrf_protect
def _upload(request):
    person = _person(request)
    folders = list(selectors.vault_folders(person=person))
    if request.method != "POST":
        form = UploadForm(folders=folders, initial={"folder": request.GET.get("folder", "")})
        return _upload_page(request, form)
    form = UploadForm(request.POST, request.FILES, folders=folders)
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        typed_name = form.cleaned_data["name"].strip()
        try:
            check_size(size=upload_file.size)
            document = services.vault_store(
                person=person,
                name=typed_name or upload_file.name,
                content=upload_file.read(),
                declared_type=upload_file.content_type or "",
                folder=_folder_or_none(person, form.cleaned_data["folder"]),
                actor=person_actor(request.user),
            )
        except Rejected as rejected:
            # A name the person typed is theirs to fix; anything else is about the file.
            field = "name" if rejected.reason in ("name", "mismatch") and typed_name else "file"
            form.add_error(field, rejected.message)
        except services.VaultError as refused:
            form.add_error("folder", refused.message)
        else:
            messages.success(request, _("“%(name)s” is in your vault.") % {"name": document.name})
            return redirect("vault:document", document_id=document.pk)
    return _upload_page(request, form, status=400)


def _upload_page(request, form, status: int = 200):
    person = request.user.person
    return render(
        request,
        "vault/upload.html",
        {
            "form": form,
            "usage": selectors.vault_usage(person=person),
            "max_file_bytes": settings.VAULT_MAX_FILE_BYTES,
        },
        status=status,
    )


@login_required
def document_detail(request, document_id):
    """The document's page; a POST renames and/or moves it."""
    person = _person(request)
    document = selectors.vault_document(person=person, document_id=document_id)
    folders = list(selectors.vault_folders(person=person))
    status = 200
    if request.method == "POST":
        if document.is_issued:
            return _refused(request, document)
        form = EditForm(request.POST, folders=folders)
        if form.is_valid():
            try:
                services.vault_update(
                    document=document,
                    name=form.cleaned_data["name"],
                    folder=_folder_or_none(person, form.cleaned_data["folder"]),
                    actor=person_actor(request.user),
                )
            except Rejected as rejected:
                form.add_error("name", rejected.message)
            except services.VaultError as refused:
                form.add_error(None, refused.message)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect("vault:document", document_id=document.pk)
        status = 400
        document.refresh_from_db()
    else:
        form = EditForm(
            folders=folders, initial={"name": document.name, "folder": str(document.folder_id or "")}
        )
    context = {"document": document, "form": form, "type": type_label(document.content_type)}
    return render(request, "vault/document.html", context, status=status)


def _refused(request, document) -> HttpResponse:
    return render(
        request,
        "vault/refused.html",
        {
            "document": document,
            "reason": _("This document was issued by an agency and cannot be changed or deleted."),
        },
        status=403,
    )


@require_GET
@login_required
def download(request, document_id):
    person = _person(request)
    document = selectors.vault_document(person=person, document_id=document_id)
    try:
        content = selectors.vault_read(document=document)
    except VaultIntegrityError:
        return _unreadable(request, document)
    return _file_response(content=content, content_type=document.content_type, filename=document.name)


@require_GET
@login_required
def preview(request, document_id):
    person = _person(request)
    document = selectors.vault_document(person=person, document_id=document_id)
    try:
        content = selectors.vault_read(document=document)
    except VaultIntegrityError:
        return _unreadable(request, document)
    image = preview_png(content=content, content_type=document.content_type)
    if image is None:
        raise Http404
    stem = document.name.rsplit(".", 1)[0]
    return _file_response(content=image, content_type="image/png", filename=f"{stem}-preview.png")


@login_required
def delete(request, document_id):
    """GET asks to confirm; POST deletes."""
    person = _person(request)
    document = selectors.vault_document(person=person, document_id=document_id)
    if document.is_issued:
        return _refused(request, document)
    if request.method == "POST":
        services.vault_delete(document=document, actor=person_actor(request.user))
        messages.success(request, _("“%(name)s” is deleted.") % {"name": document.name})
        return redirect("vault:list")
    return render(request, "vault/delete.html", {"document": document})


@require_POST
@login_required
def folder_create(request):
    person = _person(request)
    form = FolderForm(request.POST, prefix="folder")
    if form.is_valid():
        try:
            folder = services.vault_folder_create(
                person=person, name=form.cleaned_data["name"], actor=person_actor(request.user)
            )
        except services.VaultError as refused:
            form.add_error("name", refused.message)
        else:
            messages.success(request, _("The folder “%(name)s” is ready.") % {"name": folder.name})
            return redirect(f"{reverse('vault:list')}?folder={folder.pk}")
    return render(request, "vault/folder_new.html", {"folder_form": form}, status=400)


@require_POST
@login_required
def folder_delete(request, folder_id):
    person = _person(request)
    folder = selectors.vault_folder(person=person, folder_id=folder_id)
    services.vault_folder_delete(folder=folder, actor=person_actor(request.user))
    messages.success(
        request,
        _("The folder “%(name)s” is deleted; its documents are still in your vault.") % {"name": folder.name},
    )
    return redirect("vault:list")
