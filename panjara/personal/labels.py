"""Words for the codes agencies send (protocol data shapes, docs/demo-agencies.md). Agencies send
names for most things in both languages; these are the bare codes, which the portal names. An
unknown code is shown as sent."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LABELS = {
    "sex": {"male": _("male"), "female": _("female")},
    "citizenship": {"birth": _("by birth"), "naturalisation": _("by naturalisation")},
    "country": {"GEO": _("Georgia")},
    # A person's part in a civil act.
    "role": {
        "child": pgettext_lazy("civil act", "child"),
        "mother": pgettext_lazy("civil act", "mother"),
        "father": pgettext_lazy("civil act", "father"),
        "husband": pgettext_lazy("civil act", "husband"),
        "wife": pgettext_lazy("civil act", "wife"),
        "subject": pgettext_lazy("civil act", "person concerned"),
        "deceased": pgettext_lazy("civil act", "deceased"),
    },
    "relation": {
        "mother": pgettext_lazy("family", "mother"),
        "father": pgettext_lazy("family", "father"),
        "spouse": pgettext_lazy("family", "spouse"),
        "child": pgettext_lazy("family", "child"),
        "former_spouse": pgettext_lazy("family", "former spouse"),
    },
    "name_change_reason": {"marriage": _("on marriage"), "divorce": _("on divorce")},
    "company_role": {"director": _("director"), "partner": _("partner")},
    "direction": {"out": _("left Georgia"), "in": _("entered Georgia")},
    "payment": {"paid": _("paid"), "unpaid": _("unpaid"), "overdue": _("overdue")},
    "creditor": {"state": _("state body"), "company": _("company"), "person": _("private person")},
    "programme": {"universal_healthcare": _("Universal healthcare programme")},
}
