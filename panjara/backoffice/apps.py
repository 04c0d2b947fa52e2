from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_groups(sender, **kwargs) -> None:
    from django.contrib.auth.models import Group, Permission

    from .roles import sync_role_groups

    sync_role_groups(group_model=Group, permission_model=Permission)


class BackofficeConfig(AppConfig):
    name = "panjara.backoffice"
    label = "backoffice"
    verbose_name = _("Back office")

    def ready(self) -> None:
        # After every migrate (and every test-database flush): by then every installed app's
        # permissions exist, including apps migrated after this one.
        post_migrate.connect(_sync_groups, sender=self, dispatch_uid="backoffice-sync-role-groups")
