from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DayOff(models.Model):
    """A one-off day off that the holiday calendar does not know: the government declares some at
    short notice (an election day, a day of mourning). Public holidays themselves come from the
    maintained calendar library, so nobody has to type Easter in every year."""

    day = models.DateField(_("date"), unique=True)
    name_ka = models.CharField(_("name in Georgian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("one-off day off")
        verbose_name_plural = _("one-off days off")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name_en}"
