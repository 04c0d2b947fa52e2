from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "panjara.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import (
            checks,  # noqa: F401 - registers the system check
            tasks,  # noqa: F401 - registers the periodic sweep
        )
