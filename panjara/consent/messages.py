"""Message templates of the consent app (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from panjara.notifications.message_templates import MessageTemplate, register

TERMS_CHANGED = register(
    MessageTemplate(
        key="consent.terms_changed",
        description=_("The terms of use changed: a new version to read and accept or refuse."),
        channels=frozenset({"email"}),
        required=frozenset({"version", "summary", "decide_url"}),
        directory="consent/messages/terms_changed",
    )
)
