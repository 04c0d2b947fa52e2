"""Message templates of the applications app (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from panjara.notifications.message_templates import MessageTemplate, register

RECEIPT = register(
    MessageTemplate(
        key="applications.receipt",
        description=_("The receipt for a sent application: its registration number and time."),
        required=frozenset({"reference", "service", "sent_at"}),
        directory="applications/messages/receipt",
    )
)

STATUS = register(
    MessageTemplate(
        key="applications.status",
        description=_("An agency reported on an application: a new status or its answer."),
        required=frozenset({"reference", "status"}),
        directory="applications/messages/status",
    )
)
