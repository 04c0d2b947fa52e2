from django.apps import AppConfig


class IdentityConfig(AppConfig):
    name = "panjara.identity"
    label = "identity"

    def ready(self) -> None:
        from . import messages  # noqa: F401  (registers the message templates)
