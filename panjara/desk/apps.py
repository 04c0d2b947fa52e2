from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "panjara.desk"
    verbose_name = _("Agency desk")

    def ready(self) -> None:
        # The desk receives messages for the agencies it serves through the exchange's hook.
        from . import intake  # noqa: F401
