from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import User
from .services.accounts import staff_actor
from .services.sessions import sessions_end_all


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    filter_horizontal = ["groups"]
    actions = ["end_sessions"]

    # ASVS V7.4.5: an administrator can sign a person out everywhere (a stolen phone, a suspected
    # takeover) without deactivating the account; each account's sessions end in the store.
    @admin.action(
        description=_("Sign out of every session (end all sessions on the server)"), permissions=["change"]
    )
    def end_sessions(self, request, queryset) -> None:
        by = staff_actor(request.user)
        accounts = sessions = 0
        for user in queryset:
            sessions += sessions_end_all(user=user, by=by)
            accounts += 1
        self.message_user(
            request,
            ngettext(
                "Sessions ended for %(accounts)d account: %(sessions)d in all.",
                "Sessions ended for %(accounts)d accounts: %(sessions)d in all.",
                accounts,
            )
            % {"accounts": accounts, "sessions": sessions},
            messages.SUCCESS,
        )
