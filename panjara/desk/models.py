"""The agency desk (ADR 0006): cases of agencies that have no system of their own and answer
applications in the portal's back office. The desk is the agency's system, kept inside the
portal: what it holds is the agency's, and it talks to the rest of the portal only through
signed exchange messages, as a remote agency would."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from panjara.core import clock


class DeskCase(models.Model):
    """One application as the agency received it: one case per application, however often the
    portal delivers it (delivery is at least once)."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        INFO_NEEDED = "info_needed", _("waiting for the applicant")
        SUPPLEMENTED = "supplemented", _("information received")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    OPEN = (Status.NEW, Status.IN_PROGRESS, Status.INFO_NEEDED, Status.SUPPLEMENTED)
    DECIDED = (Status.APPROVED, Status.REFUSED)

    agency = models.ForeignKey(
        "exchange.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="desk_cases"
    )
    # The agency's own running number, and the case number built from it that the person sees.
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("case number"), max_length=48, unique=True)
    application_id = models.UUIDField(_("application id"))
    reference = models.CharField(_("registration number"), max_length=32, blank=True)
    service = models.ForeignKey(
        "catalog.Service", verbose_name=_("service"), on_delete=models.PROTECT, related_name="+"
    )
    personal_number = models.CharField(_("applicant's personal number"), max_length=11)
    language = models.CharField(_("applicant's language"), max_length=8, default="ka")
    data = models.JSONField(_("application data"), default=dict)
    # The form as it was when the application arrived, so its labels still fit the data after the
    # service's form changes.
    form_schema = models.JSONField(_("form"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    submitted_at = models.DateTimeField(_("sent by the applicant"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=clock.now)
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("desk case")
        verbose_name_plural = _("desk cases")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "application_id"], name="desk_one_case_per_application"
            ),
            models.UniqueConstraint(fields=["agency", "sequence"], name="desk_case_sequence_per_agency"),
        ]
        indexes = [models.Index(fields=["agency", "status", "received_at"], name="desk_queue")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class DeskSupplement(models.Model):
    """The applicant's answer to "more information needed" (application.supplement)."""

    case = models.ForeignKey(DeskCase, on_delete=models.CASCADE, related_name="supplements")
    supplement_id = models.UUIDField(_("supplement id"))
    text = models.TextField(_("text"), blank=True)
    submitted_at = models.DateTimeField(_("sent by the applicant"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=clock.now)

    class Meta:
        verbose_name = _("supplement")
        verbose_name_plural = _("supplements")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "supplement_id"], name="desk_supplement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.supplement_id}"


class SealedFile(models.Model):
    """A file received at the desk (with an application, a supplement or a letter), sealed at
    rest with the vault's key (AES-256-GCM) and the row's own id as associated data. Kept in the
    row, not on disk: it is written in the same transaction as its case or letter, so a delivery
    that rolls back leaves no file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=120)
    media_type = models.CharField(_("type"), max_length=32)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    key_id = models.CharField(_("key id"), max_length=32)
    sealed = models.BinaryField(editable=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class DeskAttachment(SealedFile):
    """A file that came with an application or a supplement."""

    case = models.ForeignKey(DeskCase, on_delete=models.CASCADE, related_name="attachments")
    supplement = models.ForeignKey(
        DeskSupplement, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    received_at = models.DateTimeField(_("received"), default=clock.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["received_at", "name"]


class DeskEvent(models.Model):
    """What a line of a case's or a letter's history has in common: when, which official, and
    for a report the event id the portal knows it by and the portal's answer to it."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted by the portal")
        REPEAT = "repeat", _("already reported")
        REFUSED = "refused", _("refused by the portal")

    at = models.DateTimeField(_("when"), default=clock.now)
    official = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    report_event = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_code = models.CharField(max_length=64, blank=True)
    # The form submission an official's action came from: a second submission of the same form
    # (a double click, a reload) finds it and does nothing again.
    token = models.CharField(max_length=64, blank=True, db_index=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]


class DeskCaseEvent(DeskEvent):
    """A line of a case's history: what arrived, what the officials reported and how the portal
    answered each report, and their notes."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("application received")
        SUPPLEMENT = "supplement", _("information received from the applicant")
        STATUS = "status", _("status reported")
        ANSWER = "answer", _("decision reported")
        NOTE = "note", _("note")

    case = models.ForeignKey(DeskCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status reported"), max_length=16, blank=True)

    class Meta(DeskEvent.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "report_event"],
                condition=~Q(report_event=""),
                name="desk_report_event_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class DeskLetter(models.Model):
    """A letter (letter, public-information request, request for one's own data) as the body
    received it at the desk: one per letter id, however often the portal delivers it."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_PROGRESS = "in_progress", _("in progress")
        CLARIFICATION_NEEDED = "clarification_needed", _("waiting for a clarification")
        CLARIFIED = "clarified", _("clarification received")
        ANSWERED = "answered", _("answered")
        REFUSED = "refused", _("refused")

    OPEN = (Status.NEW, Status.IN_PROGRESS, Status.CLARIFICATION_NEEDED, Status.CLARIFIED)

    agency = models.ForeignKey(
        "exchange.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="desk_letters"
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("letter number"), max_length=48, unique=True)
    letter_id = models.UUIDField(_("letter id"))
    reference = models.CharField(_("registration number"), max_length=32, blank=True)
    kind = models.CharField(_("kind"), max_length=24)
    unit = models.CharField(_("unit"), max_length=64, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"))
    language = models.CharField(_("writer's language"), max_length=8, default="ka")
    personal_number = models.CharField(_("writer's personal number"), max_length=11)
    thread = models.UUIDField(_("thread"))
    clarifies = models.UUIDField(_("clarifies"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.NEW)
    submitted_at = models.DateTimeField(_("sent by the writer"))
    received_at = models.DateTimeField(_("received"), default=clock.now)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("desk letter")
        verbose_name_plural = _("desk letters")
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "letter_id"], name="desk_one_letter_per_id"),
            models.UniqueConstraint(fields=["agency", "sequence"], name="desk_letter_sequence_unique"),
        ]

    def __str__(self) -> str:
        return self.number


class DeskLetterAttachment(SealedFile):
    """A file that came with a letter."""

    letter = models.ForeignKey(DeskLetter, on_delete=models.CASCADE, related_name="attachments")

    class Meta:
        verbose_name = _("letter attachment")
        verbose_name_plural = _("letter attachments")
        ordering = ["name"]


class DeskLetterEvent(DeskEvent):
    """A line of a desk letter's history: arrival, clarifications received, what the officials
    reported (with the extension ground) and how the portal answered each report."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("letter received")
        CLARIFIED = "clarified", _("clarification received")
        STATUS = "status", _("status reported")
        ANSWER = "answer", _("answer reported")

    letter = models.ForeignKey(DeskLetter, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status reported"), max_length=24, blank=True)
    extension = models.CharField(_("ground of extension"), max_length=64, blank=True)

    class Meta(DeskEvent.Meta):
        verbose_name = _("letter event")
        verbose_name_plural = _("letter events")

    def __str__(self) -> str:
        return f"{self.letter_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
