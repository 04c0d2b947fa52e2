"""Correspondence with public bodies (issue 5, R-S-3, R-S-4): the directory of bodies, letters
(letters, public-information requests, requests for one's own data) and their history.

Everything the overdue job, the escalation assistant and the timeliness page will need is a column
or an event here: registration day, cached due date, answer time and outcome, refusal ground,
pauses (clarification_needed events and the clarifying letters) and extensions (with their
ground code)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from panjara.core import clock
from panjara.deadlines.rules import LETTER, PERSONAL_DATA, PUBLIC_INFORMATION

# Why the portal handles the person's data here: in the audit log and on every exchange message.
PURPOSE = "correspondence"

KIND_CHOICES = [
    (LETTER, _("letter")),
    (PUBLIC_INFORMATION, _("public information request")),
    (PERSONAL_DATA, _("request for your own personal data")),
]


class PublicBody(models.Model):
    """A public body a person can write to: a ministry, an agency under it, or a unit of an
    agency. Letters reach the body through an exchange agency: its own, or (for a unit) its
    parent's with the unit's code in the letter."""

    class Level(models.TextChoices):
        MINISTRY = "ministry", _("ministry")
        AGENCY = "agency", _("agency")
        UNIT = "unit", _("unit")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_ka = models.CharField(_("name in Georgian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.AGENCY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Empty for a unit: it uses the agency of the nearest body above it.
    agency = models.ForeignKey(
        "exchange.Agency",
        verbose_name=_("receives letters through"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_bodies",
    )
    unit_code = models.CharField(_("unit code"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    kinds = models.JSONField(_("kinds of request accepted"), default=list, blank=True)
    # catalog.search skeleton words of both names, each after a space (see catalog/search.py).
    search_text = models.TextField(editable=False, blank=True)

    class Meta:
        verbose_name = _("public body")
        verbose_name_plural = _("public bodies")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "ka").startswith("en") else self.name_ka


class Letter(models.Model):
    """One letter from a person to a public body: a draft while it is written, then a sent letter
    the body answers. A reply is a new letter in the same thread; an answer to the body's request
    for clarification names the letter it clarifies."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SENT = "sent", _("sent, waiting for the body")
        DELIVERED = "delivered", _("delivered to the body")
        RECEIVED = "received", _("registered by the body")
        IN_PROGRESS = "in_progress", _("in progress")
        CLARIFICATION_NEEDED = "clarification_needed", _("clarification needed")
        EXTENDED = "extended", _("deadline extended")
        ANSWERED = "answered", _("answered")
        REFUSED = "refused", _("refused")

    CLOSED = (Status.ANSWERED, Status.REFUSED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.PROTECT, related_name="letters"
    )
    personal_number = models.CharField(_("personal number"), max_length=11)
    body = models.ForeignKey(
        PublicBody, verbose_name=_("public body"), on_delete=models.PROTECT, related_name="letters"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=KIND_CHOICES, default=LETTER)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="ka")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    reference = models.CharField(_("registration number"), max_length=32, blank=True)
    # The first letter's id; equals the letter's own id for a new thread.
    thread = models.UUIDField(_("thread"), default=uuid.uuid4)
    clarifies = models.ForeignKey(
        "self",
        verbose_name=_("clarifies"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clarifications",
    )
    idempotency_key = models.CharField(max_length=64, blank=True)
    agency_case = models.CharField(_("body's case number"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    updated_at = models.DateTimeField(_("last saved"), default=clock.now)
    submitted_at = models.DateTimeField(_("sent"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # Cached: recomputed from the events on each one (deadline engine), for queues and the job.
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    paused = models.BooleanField(_("clock stopped"), default=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, blank=True)
    refusal_ground_ka = models.TextField(_("ground of refusal (Georgian)"), blank=True)
    refusal_ground_en = models.TextField(_("ground of refusal (English)"), blank=True)
    # Set once by the daily job (correspondence.overdue) when the deadline passed unanswered; the
    # conditional update that sets it is what makes the job tell the person and the body once.
    overdue_at = models.DateTimeField(_("deadline passed"), null=True, blank=True)
    # A complaint to the superior body names the letter it complains about.
    escalates = models.ForeignKey(
        "self",
        verbose_name=_("complaint about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["user", "status", "-updated_at"], name="letters_user_status"),
            models.Index(fields=["status", "due_on"], name="letters_due"),
            models.Index(fields=["thread"], name="letters_thread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="letters_reference_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="letters_one_per_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or f"draft {self.id}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_overdue(self) -> bool:
        """Marked overdue by the daily job and still without an answer."""
        return self.overdue_at is not None and self.status not in self.CLOSED

    @property
    def can_escalate(self) -> bool:
        """The escalation assistant is offered for a refused letter or an overdue one."""
        return self.status == self.Status.REFUSED or self.is_overdue


class LetterEvent(models.Model):
    """A line of a letter's history. A body's report keeps its event id and signed bytes (R-P-3);
    a clarification request is a pause, an `extended` report carries its ground's code."""

    class Kind(models.TextChoices):
        CREATED = "created", _("draft started")
        SENT = "sent", _("sent")
        DELIVERED = "delivered", _("delivered to the body")
        STATUS = "status", _("status changed")
        ANSWER = "answer", _("answer from the body")
        CLARIFIED = "clarified", _("your clarification")
        OVERDUE = "overdue", _("the deadline passed without an answer")

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=16, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=24, choices=Letter.Status.choices, blank=True)
    at = models.DateTimeField(_("when"), default=clock.now)
    by = models.CharField(_("by"), max_length=64, blank=True)
    extension = models.CharField(_("ground of extension"), max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    agency_event = models.CharField(max_length=64, blank=True)
    signed = models.BinaryField(null=True, blank=True, editable=False)
    digest = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("letter event")
        verbose_name_plural = _("letter events")
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "agency_event"],
                condition=~Q(agency_event=""),
                name="letters_agency_event_once",
            ),
            # The daily job's line is written once per letter, whatever runs twice or at once.
            models.UniqueConstraint(
                fields=["letter"], condition=Q(kind="overdue"), name="letters_overdue_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class LetterAttachment(models.Model):
    """A document sent with a letter; like applications' attachments it copies name, type, size
    and digest and points at the vault document while that exists."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "vault.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
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

    def __str__(self) -> str:
        return self.name
