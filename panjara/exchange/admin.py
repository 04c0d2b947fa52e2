from django.contrib import admin

from .models import Agency, AgencyKey, ExchangeMessage


class AgencyKeyInline(admin.TabularInline):
    model = AgencyKey
    extra = 0
    fields = ["kid", "public_jwk", "is_active", "added_at", "retired_at"]
    readonly_fields = ["added_at"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ka", "name_en", "kind", "channel", "base_url", "timeout_ms", "is_active"]
    list_filter = ["kind", "channel", "is_active"]
    search_fields = ["code", "name_ka", "name_en"]
    inlines = [AgencyKeyInline]


@admin.register(ExchangeMessage)
class ExchangeMessageAdmin(admin.ModelAdmin):
    """Read-only: the message log is append-only and hash-chained."""

    list_display = [
        "seq",
        "logged_at",
        "direction",
        "status",
        "agency_code",
        "kind",
        "service",
        "purpose",
        "error",
    ]
    list_filter = ["direction", "status", "agency_code", "kind"]
    search_fields = ["message_id", "in_reply_to", "subject"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
