from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "panjara.consent"
    label = "consent"

    def ready(self) -> None:
        from . import messages  # noqa: F401  (registers the message templates)
