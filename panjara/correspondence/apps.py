from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "panjara.correspondence"
    verbose_name = _("Correspondence")

    def ready(self) -> None:
        # Message templates, callback handlers, outbox hooks and the daily overdue job register
        # themselves on import.
        from . import answers, delivery, messages, tasks  # noqa: F401
