"""Service categories (R-PP-2). Agencies name a category by code in their service descriptions;
the portal owns the labels, so every agency's services group the same way in both languages."""

from django.utils.translation import gettext_lazy as _

from panjara_protocol.kinds import CATEGORIES

LABELS = {
    "personal": _("Personal information"),
    "family": _("Family"),
    "health": _("Health"),
    "social": _("Social services"),
    "property": _("Property"),
    "business": _("Business"),
    "taxes": _("Taxes"),
    "fines": _("Fines"),
    "education": _("Education"),
    "utilities": _("Utility bills"),
    "transport": _("Transport"),
    "municipality": _("Municipality"),
    "permits": _("Permits and licences"),
    "cofinancing": _("Co-financing"),
    "debt": _("Debt"),
    "correspondence": _("Correspondence with public bodies"),
}
assert set(LABELS) == set(CATEGORIES), "every protocol category needs a label"

CHOICES = [(code, LABELS[code]) for code in CATEGORIES]
