"""What a use of personal data was for, in words a person understands. Callers record a purpose
code with every event (exchange requests carry it to the agency too); the "who used my data" page
shows these labels, and an unknown code as it is rather than hiding the event."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "personal_page": _("Showing your data on your personal page"),
    "registration": _("Registering you at a Public Service Hall"),
    "catalog": _("Keeping the service catalog up to date"),
    "account": _("Managing your account"),
    "terms": _("Your decision on the terms of use"),
    "admin": _("Portal administration"),
    "application": _("An application you made"),
    "prefill": _("Filling in an application form for you"),
    "correspondence": _("Correspondence with a public body"),
    "notification": _("Sending you a notification"),
    "payment": _("A payment"),
    "support": _("Help desk support you asked for"),
    "vault": _("Your document vault"),
}


def purpose_label(code: str) -> str:
    # Some callers spell codes with hyphens ("personal-page"); both mean the same purpose.
    label = LABELS.get(code.replace("-", "_"))
    return str(label) if label is not None else code
