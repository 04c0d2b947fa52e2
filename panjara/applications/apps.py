from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "panjara.applications"
    verbose_name = _("Applications")

    def ready(self) -> None:
        # Message templates and the exchange hooks register themselves on import.
        from . import cases, delivery, messages  # noqa: F401
