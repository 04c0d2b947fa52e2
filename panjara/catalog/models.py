from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from panjara_protocol.kinds import ASSURANCE_LEVELS, DEADLINE_UNITS, SERVICE_TYPES

from .categories import CHOICES as CATEGORY_CHOICES


class Service(models.Model):
    """A service as its agency describes it over the exchange (R-S-5). The portal copies the
    description here on each sync; the agency stays its source of truth."""

    class Kind(models.TextChoices):
        INFORMATIONAL = "informational", _("informational")
        FUNCTIONAL = "functional", _("functional")

    class Assurance(models.TextChoices):
        LOW = "low", _("low")
        SUBSTANTIAL = "substantial", _("substantial")
        HIGH = "high", _("high")

    class DeadlineUnit(models.TextChoices):
        CALENDAR_DAYS = "calendar_days", _("calendar days")
        WORKING_DAYS = "working_days", _("working days")
        MONTHS = "months", _("months")

    agency = models.ForeignKey("exchange.Agency", on_delete=models.PROTECT, related_name="services")
    code = models.CharField(_("code"), max_length=64, unique=True)
    name_ka = models.CharField(_("name in Georgian"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300)
    description_ka = models.TextField(_("description in Georgian"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    category = models.CharField(_("category"), max_length=32, choices=CATEGORY_CHOICES)
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    assurance = models.CharField(_("assurance level"), max_length=16, choices=Assurance.choices)
    signature_required = models.BooleanField(_("qualified signature needed"), default=False)
    fee_amount = models.DecimalField(_("fee"), max_digits=10, decimal_places=2, default=0)
    fee_currency = models.CharField(max_length=3, default="GEL")
    deadline_value = models.PositiveIntegerField(_("answer deadline"), null=True, blank=True)
    deadline_unit = models.CharField(max_length=16, choices=DeadlineUnit.choices, blank=True)
    form_schema = models.JSONField(_("application form (JSON Schema)"), null=True, blank=True)
    terms_ka = models.TextField(blank=True)
    terms_en = models.TextField(blank=True)
    keywords_ka = models.TextField(blank=True)
    keywords_en = models.TextField(blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    synced_at = models.DateTimeField(default=timezone.now)
    source_message_id = models.CharField(max_length=64, blank=True)
    # The search index (catalog.search): skeleton words, each after a space, refreshed by every
    # sync, so that a search is one query on any database.
    search_name = models.TextField(blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_ka

    @property
    def description(self) -> str:
        return self.description_en if get_language() == "en" else self.description_ka


class Favourite(models.Model):
    """A service in a person's own favourites menu (R-PP-3), in the order they chose."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="favourites",
        verbose_name=_("account"),
    )
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="+", verbose_name=_("service")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("favourite service")
        verbose_name_plural = _("favourite services")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "service"], name="catalog_favourite_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.service_id} @{self.position}"


assert set(Service.Kind.values) == set(SERVICE_TYPES)
assert set(Service.Assurance.values) == set(ASSURANCE_LEVELS)
assert set(Service.DeadlineUnit.values) == set(DEADLINE_UNITS)
