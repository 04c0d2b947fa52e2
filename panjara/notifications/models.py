from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from panjara.core import clock


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("e-mail")


class Notification(models.Model):
    """One message to one recipient. The row is written first, in the caller's transaction, and
    the worker delivers it afterwards, so a message exists exactly when the change that caused it
    does, and a failed delivery is visible and retried instead of lost."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # Sent to the provider as its idempotency key: a delivery retried after a crash carries the
    # same reference, so a provider that deduplicates will not send the text twice.
    reference = models.UUIDField(_("reference"), unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("recipient"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("account"),
    )
    template = models.CharField(_("template"), max_length=64)
    language = models.CharField(_("language"), max_length=8)
    # Rendered when the notification is created, so every retry sends exactly the same text even
    # if templates or translations change in between.
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML text"), blank=True)

    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=128, blank=True)

    created_at = models.DateTimeField(_("created"), default=clock.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), default=clock.now)
    # When the next attempt is due (queued rows).
    next_attempt_at = models.DateTimeField(_("next attempt"), default=clock.now, db_index=True)
    # While sending: the worker owns the row until this moment; past it the sweep takes it back.
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notif_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.channel} → {self.to} ({self.template}, {self.status})"


class DevMailboxMessage(models.Model):
    """What the development SMS gateway and e-mail backend "sent" in demo mode, for the development
    mailbox page. Never written outside demo mode: both writers refuse to work there."""

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    to = models.CharField(_("recipient"), max_length=254)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML text"), blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("received"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("development mailbox message")
        verbose_name_plural = _("development mailbox messages")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.channel} → {self.to}"
