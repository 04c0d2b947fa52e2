from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from panjara.core import clock


class InboxMessage(models.Model):
    """A message to a person inside the portal (R-C-2: "users are notified through the portal").
    Both languages are stored, so the message reads in whichever language the person switches to
    later; the texts are fixed when it is posted, like a letter, and never re-rendered."""

    class Kind(models.TextChoices):
        TERMS_CHANGED = "terms_changed", _("terms of use changed")
        SECURITY = "security", _("security")
        APPLICATION = "application", _("application")
        LETTER = "letter", _("letter to a public body")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="inbox_messages",
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    subject_ka = models.CharField(_("subject in Georgian"), max_length=255)
    subject_en = models.CharField(_("subject in English"), max_length=255)
    body_ka = models.TextField(_("text in Georgian"))
    body_en = models.TextField(_("text in English"))
    # A path inside the portal, never an outside address: the inbox must not become a way to send
    # people to look-alike sites.
    link = models.CharField(_("link"), max_length=500, blank=True)
    # Set by a sender that may run twice (a retried background batch): one message per person
    # and reference, whatever happens to the job.
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=clock.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("inbox message")
        verbose_name_plural = _("inbox messages")
        indexes = [
            models.Index(fields=["user", "-created_at"], name="inbox_user_newest"),
            models.Index(fields=["user", "read_at"], name="inbox_user_unread"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "reference"],
                condition=~models.Q(reference=""),
                name="inbox_one_message_per_reference",
            ),
        ]

    def __str__(self) -> str:
        return self.subject_en or self.subject_ka

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def subject_in(self, language: str) -> str:
        return self.subject_en if language == "en" else self.subject_ka

    def body_in(self, language: str) -> str:
        return self.body_en if language == "en" else self.body_ka
