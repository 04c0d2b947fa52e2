"""Reading the vault. Every lookup goes through the owner: a document id alone never reaches a
document, and another person's id is simply not found (404)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from . import crypto, storage
from .models import Document, Folder
from .services import Owner, owner_of

# The folder filter's values besides a folder's id.
ALL, ISSUED, UNFILED = "", "issued", "none"


def vault_documents(*, person: Owner, folder: str | Folder | None = ALL) -> QuerySet[Document]:
    """The person's documents, newest first; optionally those in one folder (a Folder or its id),
    those issued by agencies ("issued") or those outside any folder ("none")."""
    documents = Document.objects.filter(person=owner_of(person)).select_related("folder")
    if isinstance(folder, Folder):
        return documents.filter(folder=folder)
    if folder == ISSUED:
        return documents.filter(origin=Document.Origin.ISSUED)
    if folder == UNFILED:
        return documents.filter(folder__isnull=True, origin=Document.Origin.UPLOADED)
    if folder:
        return documents.filter(folder=vault_folder(person=person, folder_id=folder))
    return documents


def _uuid(value) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def vault_document(*, person: Owner, document_id: uuid.UUID | str) -> Document:
    """One of the person's documents, or Http404 (also for another person's)."""
    try:
        return (
            Document.objects.select_related("folder", "person")
            .filter(person=owner_of(person))
            .get(pk=_uuid(document_id))
        )
    except Document.DoesNotExist:
        raise Http404 from None


def vault_folders(*, person: Owner) -> QuerySet[Folder]:
    """The person's folders by name, each with `document_count`."""
    return Folder.objects.filter(person=owner_of(person)).annotate(document_count=Count("documents"))


def vault_folder(*, person: Owner, folder_id: uuid.UUID | str) -> Folder:
    try:
        return Folder.objects.filter(person=owner_of(person)).get(pk=_uuid(folder_id))
    except Folder.DoesNotExist:
        raise Http404 from None


def vault_read(*, document: Document) -> bytes:
    """The document's bytes, as they were stored. Raises crypto.VaultIntegrityError when the file
    on disk was changed, swapped or is missing: never different bytes."""
    try:
        sealed = storage.read(document.pk)
    except FileNotFoundError:
        raise crypto.VaultIntegrityError(f"vault file {document.pk} is missing") from None
    return crypto.unseal(sealed=sealed, document_id=document.pk, key=crypto.key_by_id(document.key_id))


@dataclass(frozen=True, kw_only=True)
class Usage:
    used: int
    quota: int
    count: int

    @property
    def free(self) -> int:
        return max(self.quota - self.used, 0)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.used / self.quota)) if self.quota else 100


def vault_usage(*, person: Owner) -> Usage:
    totals = Document.objects.filter(person=owner_of(person)).aggregate(used=Sum("size"), count=Count("pk"))
    return Usage(used=totals["used"] or 0, quota=int(settings.VAULT_QUOTA_BYTES), count=totals["count"])
