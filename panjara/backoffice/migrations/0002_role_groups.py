"""The staff role groups (R-ID-2, R-RS-5). Permissions of apps migrated later are added by the
post_migrate hook in apps.py, which runs the same sync once every app's permissions exist."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from panjara.backoffice.roles import GROUP_NAMES, sync_role_groups


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; create those of the apps migrated so
    # far now, so the groups get them on a fresh database too.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_role_groups(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_NAMES.values()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("backoffice", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
