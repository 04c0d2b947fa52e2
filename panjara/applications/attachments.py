"""Documents attached to applications and to answers to agencies (R-V-1, R-S-2; protocol §6.3).

Every attachment is a vault document: a file from the computer goes into the person's vault
first (`vault_store`), so it is checked by content and counted against the quota with the
vault's own reasons, and the person keeps a copy of what they sent. The attachment row copies
name, type, size and digest; the bytes are read from the vault only when the message is built,
and leave the outbox row again once the agency has acknowledged it (content is personal data,
kept only as long as delivery needs it).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from panjara.audit.services import audit_record
from panjara.core import clock
from panjara.identity.services.accounts import person_actor
from panjara.vault.crypto import VaultIntegrityError
from panjara.vault.files import Rejected, check_size
from panjara.vault.models import Document
from panjara.vault.selectors import vault_document, vault_read
from panjara.vault.services import VaultError, vault_store

from .models import PURPOSE, Application, ApplicationAttachment

# The protocol's bound for a name (§6.3); the vault allows longer ones.
MAX_NAME_CHARS = 120


def max_attachments() -> int:
    return int(settings.APPLICATION_MAX_ATTACHMENTS)


def max_total_bytes() -> int:
    return int(settings.APPLICATION_MAX_ATTACHMENT_BYTES)


def max_file_bytes() -> int:
    """The largest single file: the vault's limit, or the message's total if that is smaller."""
    return min(int(settings.VAULT_MAX_FILE_BYTES), max_total_bytes())


@dataclass(frozen=True, kw_only=True)
class Upload:
    """A file from the person's computer, as the upload handler received it."""

    name: str
    declared_type: str
    size: int  # as it arrived; `content` holds at most the limit plus one byte
    content: bytes


class AttachRefused(Exception):
    """What the person chose cannot be attached. `field` is where to show it: "documents" (the
    vault list), "file" (the file input) or "attachments" (the attached list)."""

    def __init__(self, field: str, messages: Sequence[str]) -> None:
        super().__init__(messages[0])
        self.field = field
        self.messages = list(messages)


def contract_name(name: str) -> str:
    """The vault's name shortened to the protocol's bound, keeping the extension."""
    if len(name) <= MAX_NAME_CHARS:
        return name
    stem, _dot, extension = name.rpartition(".")
    return f"{stem[: MAX_NAME_CHARS - len(extension) - 1]}.{extension}"


def _refuse_over_limits(*, field: str, held: Sequence[int], adding: Sequence[int]) -> None:
    limit = max_attachments()
    if len(held) + len(adding) > limit:
        raise AttachRefused(
            field,
            [
                ngettext(
                    "You can attach at most %(limit)d document. Remove one before you attach another.",
                    "You can attach at most %(limit)d documents. Remove one before you attach another.",
                    limit,
                )
                % {"limit": limit}
            ],
        )
    total, used = max_total_bytes(), sum(held)
    if used + sum(adding) > total:
        raise AttachRefused(
            field,
            [
                _(
                    "Attached documents can be at most %(limit)s in total. %(left)s is left and this "
                    "adds %(size)s."
                )
                % {
                    "limit": filesizeformat(total),
                    "left": filesizeformat(max(total - used, 0)),
                    "size": filesizeformat(sum(adding)),
                }
            ],
        )


def attachments_take_in(
    *, user, held: Sequence[ApplicationAttachment], document_ids: Sequence[str], upload: Upload | None
) -> list[Document]:
    """The vault documents to attach next to `held`: the chosen ones and the upload, which is
    stored in the person's vault on the way. Raises AttachRefused (nothing stored then). A
    document or file already among `held` is skipped, so a double click attaches it once."""
    held_documents = {a.document_id for a in held}
    held_digests = {a.sha256 for a in held}
    chosen: list[Document] = []
    for document_id in dict.fromkeys(document_ids):
        try:
            document = vault_document(person=user, document_id=document_id)
        except Http404:
            raise AttachRefused("documents", [_("Choose documents from your own vault.")]) from None
        if document.pk not in held_documents:
            chosen.append(document)
    if upload is not None:
        try:
            check_size(size=upload.size, limit=max_file_bytes())
        except Rejected as rejected:
            raise AttachRefused("file", [rejected.message]) from None
        digest = hashlib.sha256(upload.content).hexdigest()
        if digest in held_digests or digest in {d.sha256 for d in chosen}:
            upload = None
    _refuse_over_limits(
        field="file" if upload is not None else "documents",
        held=[a.size for a in held],
        adding=[d.size for d in chosen] + ([upload.size] if upload is not None else []),
    )
    if upload is not None:
        try:
            chosen.append(
                vault_store(
                    person=user,
                    name=upload.name,
                    content=upload.content,
                    declared_type=upload.declared_type,
                    actor=person_actor(user),
                )
            )
        except Rejected as rejected:
            raise AttachRefused("file", [rejected.message]) from None
        except VaultError as refused:
            raise AttachRefused("file", [refused.message]) from None
    return chosen


def attachments_create(
    *, application: Application, documents: Sequence[Document], supplement: uuid.UUID | None = None
) -> list[ApplicationAttachment]:
    """Rows for `documents`; call inside the transaction of what they belong to."""
    now = clock.now()
    return ApplicationAttachment.objects.bulk_create(
        [
            ApplicationAttachment(
                application=application,
                supplement=supplement,
                document=document,
                name=contract_name(document.name),
                media_type=document.content_type,
                size=document.size,
                sha256=document.sha256,
                added_at=now,
            )
            for document in documents
        ]
    )


def _audit(*, application: Application, action: str, attachment: ApplicationAttachment) -> None:
    audit_record(
        actor=person_actor(application.user),
        action=action,
        subject_person=application.personal_number,
        object_type="application",
        object_id=str(application.pk),
        purpose=PURPOSE,
        detail={
            "attachment": str(attachment.pk),
            "document": str(attachment.document_id or ""),
            "sha256": attachment.sha256,
        },
    )


def _refuse_unless_draft(application: Application) -> None:
    if not Application.objects.filter(pk=application.pk, status=Application.Status.DRAFT).exists():
        raise AttachRefused("attachments", [_("This application was already sent; it cannot be changed.")])


def attachments_add(
    *, application: Application, document_ids: Sequence[str], upload: Upload | None
) -> list[ApplicationAttachment]:
    """Attach vault documents and/or a file from the computer to a draft."""
    _refuse_unless_draft(application)
    held = list(application.attachments.filter(supplement__isnull=True))
    documents = attachments_take_in(
        user=application.user, held=held, document_ids=document_ids, upload=upload
    )
    with transaction.atomic():
        _refuse_unless_draft(application)
        added = attachments_create(application=application, documents=documents)
        for attachment in added:
            _audit(application=application, action="application.attachment_added", attachment=attachment)
    return added


@transaction.atomic
def attachment_remove(*, application: Application, attachment_id: str) -> None:
    """Take a document off a draft (it stays in the vault). Removing one that is already gone (a
    double click) does nothing."""
    _refuse_unless_draft(application)
    try:
        attachment_uuid = uuid.UUID(str(attachment_id))
    except ValueError:
        return
    attachment = application.attachments.filter(pk=attachment_uuid, supplement__isnull=True).first()
    if attachment is None:
        return
    _audit(application=application, action="application.attachment_removed", attachment=attachment)
    attachment.delete()


def attachments_payload(attachments: Sequence[ApplicationAttachment]) -> list[dict[str, Any]]:
    """The ATTACHMENT objects of protocol §6.3, with each document's bytes read from the vault.
    Raises AttachRefused("attachments") naming every document that is gone or unreadable."""
    payload, problems = [], []
    for attachment in attachments:
        document = attachment.document
        if document is None:
            problems.append(
                _(
                    "“%(name)s” was deleted from your vault after you attached it. Remove it, or "
                    "attach the document again, and send once more."
                )
                % {"name": attachment.name}
            )
            continue
        try:
            content = vault_read(document=document)
        except VaultIntegrityError:
            content = b""
        if hashlib.sha256(content).hexdigest() != attachment.sha256:
            problems.append(
                _("“%(name)s” could not be read from your vault. Remove it and attach it again.")
                % {"name": attachment.name}
            )
            continue
        payload.append(
            {
                "name": attachment.name,
                "media_type": attachment.media_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "content": base64.b64encode(content).decode("ascii"),
            }
        )
    if problems:
        raise AttachRefused("attachments", problems)
    return payload


def without_content(attachments: Any) -> list[dict[str, Any]]:
    """ATTACHMENT objects without their bytes: what an outbox row keeps once delivered."""
    if not isinstance(attachments, list):
        return []
    return [
        {key: value for key, value in item.items() if key != "content"}
        for item in attachments
        if isinstance(item, dict)
    ]
