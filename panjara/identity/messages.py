"""Message templates of the identity app (registered when the app is ready)."""

from django.utils.translation import gettext_lazy as _

from panjara.notifications.message_templates import MessageTemplate, register

CODE = register(
    MessageTemplate(
        key="identity.code",
        description=_("A verification code: sign-in, confirming a contact, recovering a password."),
        required=frozenset({"code", "minutes"}),
        optional=frozenset({"purpose"}),
        directory="identity/messages/code",
    )
)
