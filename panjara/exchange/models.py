from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from panjara.core.models import ChainedRecord

code_validator = RegexValidator(r"^[a-z][a-z0-9-]{1,31}$", _("Lowercase letters, digits and hyphens."))


class Agency(models.Model):
    """A service provider on the exchange: a state agency or a private company. A new agency joins
    by an administrator adding a row and its keys here — no portal code changes."""

    class Kind(models.TextChoices):
        STATE = "state", _("state agency")
        PRIVATE = "private", _("private company")

    class Channel(models.TextChoices):
        # Its own system, reached over HTTP at base_url (protocol §2).
        EXCHANGE = "exchange", _("its own system over the exchange")
        # No system of its own: its officials work in the portal's back office (the agency desk),
        # which speaks for it with a key the portal holds for it (ADR 0006).
        DESK = "desk", _("the agency desk in the back office")

    code = models.CharField(_("code"), max_length=32, unique=True, validators=[code_validator])
    name_ka = models.CharField(_("name in Georgian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STATE)
    channel = models.CharField(
        _("served through"), max_length=16, choices=Channel.choices, default=Channel.EXCHANGE
    )
    base_url = models.URLField(_("base URL"), max_length=300, blank=True)
    timeout_ms = models.PositiveIntegerField(_("timeout (ms)"), default=3000)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel="desk") | ~Q(base_url=""), name="exchange_agency_url_unless_desk"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.name_en}"

    @property
    def is_desk(self) -> bool:
        return self.channel == self.Channel.DESK

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.channel == self.Channel.EXCHANGE and not self.base_url:
            raise ValidationError({"base_url": _("An agency with its own system needs its base URL.")})


class AgencyKey(models.Model):
    """A public key the portal trusts for one agency's signatures. Rotation: add the new key, let
    the agency switch, then retire the old one; messages name their key by kid."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="keys", verbose_name=_("agency")
    )
    kid = models.CharField(_("key id"), max_length=128, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    is_active = models.BooleanField(_("trusted"), default=True)
    added_at = models.DateTimeField(default=timezone.now, editable=False)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("agency key")
        verbose_name_plural = _("agency keys")

    def __str__(self) -> str:
        return self.kid

    def clean(self) -> None:
        # The admin form edits the JWK directly: accept only a public Ed25519/P-256 key whose
        # kid is the row's kid, never a private key pasted by mistake.
        from django.core.exceptions import ValidationError

        from panjara_protocol import ProtocolError, public_jwk_from

        if isinstance(self.public_jwk, dict) and "d" in self.public_jwk:
            raise ValidationError({"public_jwk": _("This is a private key. Register only the public half.")})
        try:
            public = public_jwk_from(self.public_jwk)
        except (ProtocolError, ValueError, TypeError, KeyError):
            raise ValidationError(
                {"public_jwk": _("Not an Ed25519 or P-256 public key with a kid.")}
            ) from None
        if public.get("kid") != self.kid:
            raise ValidationError({"kid": _("The key id must be the JWK's kid.")})
        self.public_jwk = public


class ExchangeMessage(ChainedRecord):
    """One message that crossed the exchange, in either direction, hash-chained. Metadata, digest
    and signature only: the personal data in an answer lives with what it serves (StoredAnswer),
    for as long as that needs it (R-C-5), while the log proves what passed and when."""

    CHAIN = "exchange"

    class Direction(models.TextChoices):
        OUT = "out", _("sent")
        IN = "in", _("received")

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        FAILED = "failed", _("not delivered")

    logged_at = models.DateTimeField(default=timezone.now, db_index=True)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    message_id = models.CharField(max_length=64, blank=True, db_index=True)
    in_reply_to = models.CharField(max_length=64, blank=True)
    agency_code = models.CharField(max_length=32, db_index=True)
    kind = models.CharField(max_length=32, blank=True)
    service = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=64, blank=True)
    subject = models.CharField(max_length=32, blank=True, db_index=True)
    actor = models.CharField(max_length=64, blank=True)
    principal = models.CharField(max_length=64, blank=True)
    digest = models.CharField(max_length=80, blank=True)
    signature = models.TextField(blank=True)
    size = models.PositiveIntegerField(default=0)
    elapsed_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta(ChainedRecord.Meta):
        verbose_name = _("exchange message")
        verbose_name_plural = _("exchange messages")
        constraints = [
            # The replay guard of last resort: an accepted incoming message id exists once.
            models.UniqueConstraint(
                fields=["message_id"],
                condition=Q(direction="in", status="accepted"),
                name="exchange_accepted_inbound_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seq} {self.direction} {self.kind} {self.status}"


class StoredAnswer(models.Model):
    """An agency's answer kept as the exact signed bytes it sent, so that what the person is shown
    can be proven unchanged (R-P-3). Kept for a purpose until `expires_at`, then purged (R-C-5)."""

    message_id = models.CharField(max_length=64, unique=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="answers")
    service = models.CharField(max_length=64)
    subject = models.CharField(max_length=32, db_index=True)
    purpose = models.CharField(max_length=64)
    raw = models.BinaryField()
    digest = models.CharField(max_length=80)
    received_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("stored answer")
        verbose_name_plural = _("stored answers")
        indexes = [models.Index(fields=["subject", "service", "-received_at"])]

    def __str__(self) -> str:
        return f"{self.service} {self.message_id}"


class OutboxMessage(models.Model):
    """A message the portal must deliver to an agency at least once (an application, a letter).

    The row is written in the same transaction as the thing it carries, so a submission and its
    delivery exist together or not at all; a worker then sends it until the agency acknowledges.
    Each attempt is a new signed message (the envelope id and time must be fresh, protocol §5):
    the receiver recognises a repeat by `reference`, which the body carries."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for delivery")
        DELIVERED = "delivered", _("delivered")

    reference = models.CharField(_("reference"), max_length=80, unique=True)
    agency_code = models.CharField(_("agency"), max_length=32)
    kind = models.CharField(_("message kind"), max_length=32)
    purpose = models.CharField(_("purpose"), max_length=64)
    service = models.CharField(_("service"), max_length=64, blank=True)
    subject_person = models.CharField(_("about person"), max_length=11, blank=True)
    body = models.JSONField(_("body"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # While an attempt runs this is its lease: no other worker claims the row before it passes,
    # and a worker killed mid-attempt loses the row to the next one once it does.
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    answer_message_id = models.CharField(max_length=64, blank=True)
    answer_body = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="exchange_outbox_due")]

    def __str__(self) -> str:
        return f"{self.reference} → {self.agency_code} ({self.status})"
