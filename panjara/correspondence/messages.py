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

OVERDUE = register(
    MessageTemplate(
        key="correspondence.overdue",
        description=_("A letter's deadline passed without an answer (to the writer)."),
        required=frozenset({"reference", "due"}),
        directory="correspondence/messages/overdue",
    )
)

OVERDUE_BODY = register(
    MessageTemplate(
        key="correspondence.overdue_body",
        description=_("A letter's deadline passed without an answer (to the desk body's officials)."),
        channels=frozenset({"email"}),
        required=frozenset({"reference", "body", "due", "registered"}),
        directory="correspondence/messages/overdue_body",
    )
)
