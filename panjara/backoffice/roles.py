"""Staff roles (R-ID-2, R-RS-5) and the Django groups that carry their permissions. The role is the
source of truth on StaffProfile; the group is how Django's admin and permission checks see it."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # Runs the portal for the Data Exchange Agency: agencies, keys, services, terms, staff.
    ADMINISTRATOR = "administrator", _("portal administrator")
    # Registers citizens in person at a Public Service Hall (R-ID-2, R-ID-7).
    HALL_OPERATOR = "hall_operator", _("Public Service Hall operator")
    # Activates Revenue Service accounts by video call (R-RS-5, R-RS-6).
    RS_CONSULTANT = "rs_consultant", _("Revenue Service consultant")
    # Answers applications and requests for one agency (R-P-4, R-S-3).
    AGENCY_OFFICIAL = "agency_official", _("agency official")


# Group names are identifiers stored in the database; they stay English and never change.
GROUP_NAMES: dict[str, str] = {
    Role.ADMINISTRATOR: "Portal administrators",
    Role.HALL_OPERATOR: "Public Service Hall operators",
    Role.RS_CONSULTANT: "Revenue Service consultants",
    Role.AGENCY_OFFICIAL: "Agency officials",
}

# What each role may do in the admin: (app label, model name or "*", actions). The other roles
# get their own workspaces in later issues, not admin rights.
ALL = ("add", "change", "delete", "view")
ROLE_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    Role.ADMINISTRATOR: [
        ("exchange", "agency", ALL),
        ("exchange", "agencykey", ALL),
        ("catalog", "*", ALL),
        ("deadlines", "dayoff", ALL),
        ("consent", "*", ALL),
        ("backoffice", "*", ALL),
        ("identity", "user", ALL),
        ("auth", "group", ("view",)),
        ("audit", "auditevent", ("view",)),
        ("exchange", "exchangemessage", ("view",)),
        ("notifications", "notification", ("view",)),
    ],
    Role.HALL_OPERATOR: [],
    Role.RS_CONSULTANT: [],
    Role.AGENCY_OFFICIAL: [],
}


def sync_role_groups(*, group_model, permission_model) -> None:
    """Create each role's group and give it the declared permissions that exist so far. Run by the
    data migration and again after every migrate, because the models of other apps (catalog,
    consent…) may get their permissions only later. Adds, never removes: permissions an
    administrator granted by hand stay."""
    for role, group_name in GROUP_NAMES.items():
        group, _created = group_model.objects.get_or_create(name=group_name)
        wanted = []
        for app_label, model, actions in ROLE_PERMISSIONS[role]:
            permissions = permission_model.objects.filter(content_type__app_label=app_label)
            if model != "*":
                permissions = permissions.filter(content_type__model=model)
            wanted += [p for p in permissions if p.codename.split("_", 1)[0] in actions]
        if wanted:
            group.permissions.add(*wanted)
