"""Message templates of the correspondence app (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from panjara.notifications.message_templates import MessageTemplate, register

RECEIPT = register(
    MessageTemplate(
        key="correspondence.receipt",
        description=_("The receipt for a sent letter: its registration number and time."),
        required=frozenset({"reference", "sent_at"}),
        directory="correspondence/messages/receipt",
    )
)

STATUS = register(
    MessageTemplate(
        key="correspondence.status",
        description=_("A public body reported on a letter: a new status or its answer."),
        required=frozenset({"reference", "status"}),
        directory="correspondence/messages/status",
    )
)
