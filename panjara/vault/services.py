"""Writing to the vault (R-V-1). Every write is audited in the same transaction. A file is written
before its row and removed again if the row or its audit event fails, so a failed upload leaves
neither; a deleted document's file goes when the deletion commits, so a rolled-back deletion
keeps it. (When a caller's own outer transaction rolls back after a store, the file outlives its
row; `vault_sweep_unreferenced` removes such files later.)"""

from __future__ import annotations

import logging
import unicodedata
import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from panjara.audit.services import Actor, audit_record
from panjara.core import clock
from panjara.identity.models import Person, User

from . import crypto, storage
from .files import Inspected, Rejected, inspect_upload, name_for
from .models import Document, Folder

logger = logging.getLogger(__name__)

PURPOSE = "vault"
# Callers may name the owner by the person or by their account.
Owner = Person | User
FOLDER_NAME_MAX = 60


class VaultError(Exception):
    """A change the vault refuses. `message` is for the person, in the active language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def owner_of(person: Owner) -> Person:
    """The Person behind `person`: callers may hand the person or their account."""
    owner = getattr(person, "person", person)
    if not isinstance(owner, Person):
        raise VaultError(_("Only a person's account has a document vault."))
    return owner


def _audit(*, actor: Actor, action: str, document: Document, detail: dict | None = None) -> None:
    audit_record(
        actor=actor,
        action=action,
        subject_person=document.person.personal_number,
        object_type="vault_document",
        object_id=str(document.pk),
        purpose=PURPOSE,
        detail=detail or {},
    )


def _used_bytes(person: Person) -> int:
    return Document.objects.filter(person=person).aggregate(total=Sum("size"))["total"] or 0


def _write(
    *,
    person: Person,
    inspected: Inspected,
    content: bytes,
    fields: dict,
    enforce_quota: bool,
    actor: Actor,
    action: str,
) -> Document:
    document = Document(
        id=uuid.uuid4(),
        person=person,
        name=inspected.name,
        content_type=inspected.content_type,
        size=inspected.size,
        sha256=inspected.sha256,
        created_at=clock.now(),
        **fields,
    )
    written = False
    try:
        with transaction.atomic():
            # Lock the person so two uploads at once cannot both fit in the space left for one
            # (PostgreSQL row lock; SQLite's IMMEDIATE transactions already serialise writers).
            Person.objects.select_for_update().filter(pk=person.pk).first()
            if enforce_quota:
                used, quota = _used_bytes(person), int(settings.VAULT_QUOTA_BYTES)
                if used + inspected.size > quota:
                    raise Rejected(
                        "over_quota",
                        _(
                            "Your vault has %(free)s free and this file is %(size)s. Delete documents "
                            "you no longer need, then try again."
                        )
                        % {
                            "free": filesizeformat(max(quota - used, 0)),
                            "size": filesizeformat(inspected.size),
                        },
                    )
            key = crypto.active_key()
            document.key_id = key.id
            storage.write(document.id, crypto.seal(plaintext=content, document_id=document.id, key=key))
            written = True
            document.save(force_insert=True)
            _audit(
                actor=actor,
                action=action,
                document=document,
                detail={
                    "content_type": document.content_type,
                    "size": document.size,
                    "sha256": document.sha256,
                    **({"issuer": document.issuer} if document.issuer else {}),
                },
            )
    except BaseException:
        if written:
            storage.remove(document.id)
        raise
    return document


def vault_store(
    *,
    person: Owner,
    name: str,
    content: bytes,
    declared_type: str = "",
    folder: Folder | None = None,
    actor: Actor,
) -> Document:
    """Put a person's own file into their vault. Raises `Rejected` (files.py reasons, and
    "over_quota") with a message for the person."""
    person = owner_of(person)
    if folder is not None and folder.person_id != person.pk:
        raise VaultError(_("Choose one of your own folders."))
    inspected = inspect_upload(name=name, content=content, declared_type=declared_type)
    return _write(
        person=person,
        inspected=inspected,
        content=content,
        fields={"folder": folder, "origin": Document.Origin.UPLOADED},
        enforce_quota=True,
        actor=actor,
        action="vault.uploaded",
    )


def vault_store_issued(
    *,
    person: Owner,
    name: str,
    content: bytes,
    issuer: str,
    source_digest: str = "",
    declared_type: str = "",
    reference: str = "",
    actor: Actor | None = None,
) -> Document:
    """Put a document an agency issued (an answer, a certificate, an extract) into the person's
    vault, marked as issued: the person can read and download it but not rename, move or delete
    it. It is checked like any upload (an agency's file is still a file from outside), except that
    the person's quota does not stop the state's answer from arriving; it counts in their usage.
    With a `reference`, delivering the same document again returns the first one."""
    person = owner_of(person)
    if not issuer:
        raise VaultError("an issued document needs its issuing agency's code")
    if reference:
        existing = Document.objects.filter(person=person, reference=reference).first()
        if existing is not None:
            return existing
    # Agencies' documents are bounded by the exchange's answer limit, not the person's file limit.
    inspected = inspect_upload(
        name=name, content=content, declared_type=declared_type, limit=settings.EXCHANGE["MAX_ANSWER_BYTES"]
    )
    try:
        return _write(
            person=person,
            inspected=inspected,
            content=content,
            fields={
                "origin": Document.Origin.ISSUED,
                "issuer": issuer[:64],
                "source_digest": source_digest[:128],
                "reference": reference[:128],
            },
            enforce_quota=False,
            actor=actor or Actor(kind="agency", id=issuer, label=issuer),
            action="vault.issued",
        )
    except IntegrityError:
        # The same reference delivered twice at once: the other delivery stored it.
        existing = Document.objects.filter(person=person, reference=reference).first() if reference else None
        if existing is None:
            raise
        return existing


def _refuse_if_issued(document: Document) -> None:
    if document.is_issued:
        raise VaultError(_("This document was issued by an agency and cannot be changed or deleted."))


@transaction.atomic
def vault_update(*, document: Document, name: str, folder: Folder | None, actor: Actor) -> Document:
    """Rename and/or move a person's own document. The name keeps saying what the content is."""
    _refuse_if_issued(document)
    if folder is not None and folder.person_id != document.person_id:
        raise VaultError(_("Choose one of your own folders."))
    new_name = name_for(name=name, content_type=document.content_type)
    changed = []
    if new_name != document.name:
        document.name = new_name
        changed.append("name")
        _audit(actor=actor, action="vault.renamed", document=document)
    if (folder.pk if folder else None) != document.folder_id:
        document.folder = folder
        changed.append("folder")
        _audit(
            actor=actor,
            action="vault.moved",
            document=document,
            detail={"folder": str(folder.pk) if folder else ""},
        )
    if changed:
        document.save(update_fields=changed)
    return document


def _remove_after_commit(document_id: uuid.UUID) -> None:
    try:
        storage.remove(document_id)
    except OSError:
        # The row is gone; the sweep removes the file once it is unreferenced and old enough.
        logger.exception("could not remove vault file %s", document_id)


@transaction.atomic
def vault_delete(*, document: Document, actor: Actor) -> None:
    """Delete a person's own document: the row now, the file when the deletion commits."""
    _refuse_if_issued(document)
    document_id = document.pk
    _audit(actor=actor, action="vault.deleted", document=document, detail={"sha256": document.sha256})
    document.delete()
    transaction.on_commit(partial(_remove_after_commit, document_id))


def _folder_name(name: str) -> str:
    # Folder names never reach a path or a header (folders are found by UUID); only what could
    # mislead a reader is refused.
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise VaultError(_("Give the folder a name."))
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in name):
        raise VaultError(_("A folder name cannot contain control or invisible characters."))
    if len(name) > FOLDER_NAME_MAX:
        raise VaultError(_("A folder name can be at most %(limit)d characters.") % {"limit": FOLDER_NAME_MAX})
    return name


def vault_folder_create(*, person: Owner, name: str, actor: Actor) -> Folder:
    person = owner_of(person)
    name = _folder_name(name)
    if Folder.objects.filter(person=person, name__iexact=name).exists():
        raise VaultError(_("You already have a folder with this name."))
    try:
        with transaction.atomic():
            folder = Folder.objects.create(person=person, name=name, created_at=clock.now())
            audit_record(
                actor=actor,
                action="vault.folder_created",
                subject_person=person.personal_number,
                object_type="vault_folder",
                object_id=str(folder.pk),
                purpose=PURPOSE,
            )
    except IntegrityError:
        raise VaultError(_("You already have a folder with this name.")) from None
    return folder


@transaction.atomic
def vault_folder_delete(*, folder: Folder, actor: Actor) -> int:
    """Delete a folder; its documents stay in the vault, outside any folder. Returns how many."""
    moved = Document.objects.filter(folder=folder).update(folder=None)
    audit_record(
        actor=actor,
        action="vault.folder_deleted",
        subject_person=folder.person.personal_number,
        object_type="vault_folder",
        object_id=str(folder.pk),
        purpose=PURPOSE,
        detail={"documents_moved_out": moved},
    )
    folder.delete()
    return moved


def vault_sweep_unreferenced(*, older_than: timedelta = timedelta(hours=1)) -> int:
    """Remove files no row points at: left by a store whose caller's transaction rolled back, a
    write interrupted by a crash, or a removal that failed. Only files older than `older_than`,
    so a store whose transaction has not committed yet keeps its file."""
    cutoff = (clock.now() - older_than).timestamp()
    candidates = [
        (path, document_id) for path, document_id in storage.stored_files() if path.stat().st_mtime < cutoff
    ]
    known = set(
        Document.objects.filter(pk__in=[d for _p, d in candidates if d is not None]).values_list(
            "pk", flat=True
        )
    )
    removed = 0
    for path, document_id in candidates:
        if document_id is None or document_id not in known:
            path.unlink(missing_ok=True)
            removed += 1
    if removed:
        logger.info("vault sweep removed %d unreferenced file(s)", removed)
    return removed
