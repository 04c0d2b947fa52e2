from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TermsVersion(models.Model):
    """One version of the portal's terms of use (R-C-1..3). A row is a draft until the DEA publishes
    it (panjara.consent.services); publishing gives it the next version number, a publication
    moment and the SHA-256 of each language's exact text, and from then on it never changes: a
    person's acceptance (a later issue) points at a version and the hash of the text they saw."""

    version = models.PositiveIntegerField(_("version"), unique=True, null=True, blank=True, editable=False)
    text_ka = models.TextField(_("text in Georgian"))
    text_en = models.TextField(_("text in English"))
    summary_ka = models.TextField(_("summary of changes in Georgian"), blank=True)
    summary_en = models.TextField(_("summary of changes in English"), blank=True)
    text_hash_ka = models.CharField(
        _("SHA-256 of the Georgian text"), max_length=64, blank=True, editable=False
    )
    text_hash_en = models.CharField(
        _("SHA-256 of the English text"), max_length=64, blank=True, editable=False
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-version", "-created_at"]
        verbose_name = _("terms of use version")
        verbose_name_plural = _("terms of use versions")
        constraints = [
            # A published version has its number and hashes; a draft has neither.
            models.CheckConstraint(
                condition=(
                    models.Q(published_at__isnull=True, version__isnull=True)
                    | models.Q(published_at__isnull=False, version__isnull=False)
                ),
                name="consent_terms_published_has_version",
            ),
        ]

    def __str__(self) -> str:
        if self.version is None:
            return str(_("Draft %(id)s") % {"id": self.pk or ""}).strip()
        return str(_("Version %(version)s") % {"version": self.version})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def text_in(self, language: str) -> str:
        return self.text_en if language == "en" else self.text_ka

    def summary_in(self, language: str) -> str:
        return self.summary_en if language == "en" else self.summary_ka

    def text_hash_in(self, language: str) -> str:
        return self.text_hash_en if language == "en" else self.text_hash_ka


class TermsDecision(models.Model):
    """A person's answer to one terms version (R-C-1, R-C-2): accepted or refused, when, in which
    language, and the SHA-256 of the exact text they were shown. Rows are only ever added."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        REFUSED = "refused", _("refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terms_decisions"
    )
    terms = models.ForeignKey(TermsVersion, on_delete=models.PROTECT, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=8, choices=Decision.choices)
    language = models.CharField(_("language"), max_length=2)
    text_hash = models.CharField(_("SHA-256 of the text shown"), max_length=64)
    decided_at = models.DateTimeField(_("decided"), db_index=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("terms decision")
        verbose_name_plural = _("terms decisions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.terms_id} {self.decision}"
