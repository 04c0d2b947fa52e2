import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from panjara.core import clock

# Why the portal handles the person's data here: in the audit log and on every exchange message.
PURPOSE = "application"


class Application(models.Model):
    """One application to one functional service (R-S-2): a draft while the person works on it,
    then a submitted application that the agency answers. The same row all the way, so a draft
    that is submitted keeps its history and its id (and the person's bookmark)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("sent, waiting for the agency")
        DELIVERED = "delivered", _("delivered to the agency")
        RECEIVED = "received", _("registered by the agency")
        IN_PROGRESS = "in_progress", _("in progress")
        INFO_NEEDED = "info_needed", _("more information needed")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    # Not a sequence: the id is in the address bar and must not let anyone count applications or
    # guess another person's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # The applicant as the agencies know them; kept apart from the account so the application
    # stays whose it was if the account changes.
    personal_number = models.CharField(_("personal number"), max_length=11)
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    # What the person typed, field by field, as text: a draft keeps even what is not valid yet.
    values = models.JSONField(_("typed values"), default=dict, blank=True)
    # Where pre-filled values came from: {field: {"service", "agency", "fetched_at", "value"}}.
    prefill = models.JSONField(_("pre-filled values"), default=dict, blank=True)
    # At submission: the validated document as sent, and the form it was valid against.
    document = models.JSONField(_("application as sent"), null=True, blank=True)
    form_schema = models.JSONField(_("form at submission"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="ka")
    reference = models.CharField(_("registration number"), max_length=32, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True)
    agency_case = models.CharField(_("agency's case number"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    updated_at = models.DateTimeField(_("last saved"), default=clock.now)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["user", "status", "-updated_at"], name="applications_user_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="applications_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="applications_one_per_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"draft {self.id}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ApplicationEvent(models.Model):
    """A line of an application's history, as the person sees it: saved, sent, delivered, and
    (with case tracking) what the agency said."""

    class Kind(models.TextChoices):
        CREATED = "created", _("draft started")
        SAVED = "saved", _("draft saved")
        SUBMITTED = "submitted", _("sent")
        DELIVERED = "delivered", _("delivered to the agency")
        STATUS = "status", _("status changed")
        ANSWER = "answer", _("answer from the agency")
        SUPPLEMENT = "supplement", _("your answer to the agency")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=16, choices=Application.Status.choices, blank=True)
    at = models.DateTimeField(_("when"), default=clock.now)
    by = models.CharField(_("by"), max_length=64, blank=True)  # "person", "portal" or an agency code
    detail = models.JSONField(default=dict, blank=True)
    # An agency's report: its own event id (a repeated callback is recognised by it) and the
    # exact signed bytes it sent, so what the person is shown can be proven unchanged (R-P-3).
    agency_event = models.CharField(max_length=64, blank=True)
    signed = models.BinaryField(null=True, blank=True, editable=False)
    digest = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("application event")
        verbose_name_plural = _("application events")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "agency_event"],
                condition=~Q(agency_event=""),
                name="applications_agency_event_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ApplicationAttachment(models.Model):
    """A document sent with an application, or with the person's answer to the agency's request
    for more information (`supplement`). It points at the vault document it came from while that
    exists; name, type, size and digest are copied, so a sent application keeps saying exactly
    which bytes went out even after the person deleted the document from their vault."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="attachments")
    # Empty: attached to the application itself. Otherwise the id of the answer that carried it.
    supplement = models.UUIDField(_("answer"), null=True, blank=True)
    document = models.ForeignKey(
        "vault.Document",
        verbose_name=_("vault document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    media_type = models.CharField(_("type"), max_length=32)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    added_at = models.DateTimeField(_("added"), default=clock.now)

    class Meta:
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")
        ordering = ["added_at", "id"]
        indexes = [models.Index(fields=["application", "supplement"], name="applications_attachment_of")]

    def __str__(self) -> str:
        return self.name
