from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .roles import Role


class PublicServiceHall(models.Model):
    """A Public Service Hall (იუსტიციის სახლი), where operators register citizens (R-ID-2)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_ka = models.CharField(_("name in Georgian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    city_ka = models.CharField(_("city in Georgian"), max_length=100)
    city_en = models.CharField(_("city in English"), max_length=100)
    address_ka = models.CharField(_("address in Georgian"), max_length=300)
    address_en = models.CharField(_("address in English"), max_length=300)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("Public Service Hall")
        verbose_name_plural = _("Public Service Halls")
        ordering = ["city_en", "name_en"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_ka

    @property
    def city(self) -> str:
        return self.city_en if translation.get_language() == "en" else self.city_ka

    @property
    def address(self) -> str:
        return self.address_en if translation.get_language() == "en" else self.address_ka


class StaffProfile(models.Model):
    """What a staff account is for: its role and where it works. An operator belongs to a hall,
    an official to an agency; the database refuses anything else, not only the forms."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="staff_profile",
        verbose_name=_("account"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    hall = models.ForeignKey(
        PublicServiceHall,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operators",
        verbose_name=_("Public Service Hall"),
    )
    agency = models.ForeignKey(
        "exchange.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officials",
        verbose_name=_("agency"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        ordering = ["role", "user__email"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.HALL_OPERATOR) & Q(hall__isnull=False))
                | (~Q(role=Role.HALL_OPERATOR) & Q(hall__isnull=True)),
                name="backoffice_staff_hall_iff_operator",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.AGENCY_OFFICIAL) | Q(agency__isnull=False),
                name="backoffice_staff_official_has_agency",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=[Role.ADMINISTRATOR, Role.HALL_OPERATOR]) | Q(agency__isnull=True),
                name="backoffice_staff_agency_only_for_agency_roles",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def clean(self) -> None:
        errors = {}
        if self.role == Role.HALL_OPERATOR and self.hall_id is None:
            errors["hall"] = _("A Public Service Hall operator must work at a hall.")
        if self.role != Role.HALL_OPERATOR and self.hall_id is not None:
            errors["hall"] = _("Only Public Service Hall operators work at a hall.")
        if self.role == Role.AGENCY_OFFICIAL and self.agency_id is None:
            errors["agency"] = _("An agency official must belong to an agency.")
        if self.role in (Role.ADMINISTRATOR, Role.HALL_OPERATOR) and self.agency_id is not None:
            errors["agency"] = _("This role does not belong to an agency.")
        if errors:
            raise ValidationError(errors)
