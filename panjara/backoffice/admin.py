from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from panjara.audit.models import AuditEvent
from panjara.audit.services import Actor

from .models import PublicServiceHall, StaffProfile
from .services import staff_assign


def _actor(request) -> Actor:
    return Actor(kind=AuditEvent.ActorKind.STAFF, id=str(request.user.pk), label=request.user.email)


@admin.register(PublicServiceHall)
class PublicServiceHallAdmin(admin.ModelAdmin):
    list_display = ["name_ka", "name_en", "city_ka", "address_ka", "is_active"]
    list_filter = ["is_active", "city_en"]
    search_fields = ["code", "name_ka", "name_en", "city_ka", "city_en"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user__email", "user__full_name", "role", "hall", "agency", "created_at"]
    list_filter = ["role", "hall", "agency"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "hall", "agency"]

    def get_readonly_fields(self, request, obj=None):
        # A profile's account never changes; reassigning means another account's profile.
        return ["user"] if obj else []

    def save_model(self, request, obj, form, change) -> None:
        # Through the service, so the role group, is_staff and the audit trail follow the profile.
        profile = staff_assign(
            user=obj.user, role=obj.role, hall=obj.hall, agency=obj.agency, actor=_actor(request)
        )
        obj.pk, obj._state.adding = profile.pk, False


class StaffProfileInline(admin.StackedInline):
    """The role on the account page, read-only: it is edited in the staff profiles admin, where
    saving keeps the group and the audit trail in step."""

    model = StaffProfile
    fields = readonly_fields = ["role", "hall", "agency", "created_at"]
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def _extend_user_admin() -> None:
    """Show the staff role on the account admin without editing panjara.identity: subclass the
    admin identity registered and register the subclass in its place."""
    user_model = get_user_model()
    base = type(admin.site._registry.get(user_model)) if user_model in admin.site._registry else None
    if base is None:
        return

    @admin.display(description=_("staff role"), ordering="staff_profile__role")
    def staff_role(self, obj) -> str:
        profile = getattr(obj, "staff_profile", None)
        return profile.get_role_display() if profile else ""

    extended = type(
        "StaffAwareUserAdmin",
        (base,),
        {
            "__module__": __name__,
            "staff_role": staff_role,
            "list_display": [*base.list_display, "staff_role"],
            "list_filter": [*base.list_filter, "staff_profile__role"],
            "inlines": [*base.inlines, StaffProfileInline],
            "list_select_related": ["staff_profile"],
        },
    )
    admin.site.unregister(user_model)
    admin.site.register(user_model, extended)


_extend_user_admin()
