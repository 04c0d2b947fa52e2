"""The document vault (R-V-1): a person's own documents, uploaded or issued by agencies. Rows hold
what the person sees and what proves the file; the bytes are sealed on disk (see crypto.py and
storage.py). Ids are UUIDs, so an id in a URL tells nothing about how many documents exist or
whose they are, and every lookup is scoped to the owner as well."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from panjara.core import clock


class Folder(models.Model):
    """One level of folders, named by the person."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # PROTECT: a person's row going away must not silently drop their documents' rows and leave
    # sealed files behind; persons are never deleted by the portal.
    person = models.ForeignKey(
        "identity.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="vault_folders"
    )
    name = models.CharField(_("name"), max_length=60)
    created_at = models.DateTimeField(_("created"), default=clock.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("vault folder")
        verbose_name_plural = _("vault folders")
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="vault_folder_name_unique_per_person"),
        ]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    class Kind(models.TextChoices):
        PDF = "application/pdf", _("PDF document")
        JPEG = "image/jpeg", _("JPEG image")
        PNG = "image/png", _("PNG image")

    class Origin(models.TextChoices):
        UPLOADED = "uploaded", _("uploaded")
        ISSUED = "issued", _("issued by an agency")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "identity.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="vault_documents"
    )
    folder = models.ForeignKey(
        Folder,
        verbose_name=_("folder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    name = models.CharField(_("name"), max_length=255)
    # Found from the bytes when the file came in (files.inspect_upload), never from its name.
    content_type = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    # Which vault key sealed the file, so the key can be rotated while old files stay readable.
    key_id = models.CharField(_("key id"), max_length=32)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, default=Origin.UPLOADED)
    # For issued documents: the agency that issued it and the digest of its signed answer, so the
    # document can be traced back to the agency's own bytes.
    issuer = models.CharField(_("issuing agency"), max_length=64, blank=True)
    source_digest = models.CharField(_("digest of the signed source"), max_length=128, blank=True)
    # Set by a sender that may deliver twice (an agency callback is at least once): one document
    # per person and reference.
    reference = models.CharField(_("reference"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("added"), default=clock.now)

    class Meta:
        ordering = ["-created_at", "name"]
        verbose_name = _("vault document")
        verbose_name_plural = _("vault documents")
        indexes = [models.Index(fields=["person", "-created_at"], name="vault_person_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "reference"],
                condition=~models.Q(reference=""),
                name="vault_one_document_per_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_issued(self) -> bool:
        return self.origin == self.Origin.ISSUED

    @property
    def is_image(self) -> bool:
        return self.content_type in (self.Kind.JPEG, self.Kind.PNG)
