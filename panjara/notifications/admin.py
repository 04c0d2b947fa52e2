from django.contrib import admin

from .models import DevMailboxMessage, Notification


class ReadOnlyAdmin(admin.ModelAdmin):
    """Delivery records are written by the worker only; the admin shows them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "channel", "to", "template", "language", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["to", "reference", "provider_message_id"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    readonly_fields = [f.name for f in Notification._meta.fields]


@admin.register(DevMailboxMessage)
class DevMailboxMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "channel", "to", "subject"]
    list_filter = ["channel"]
    ordering = ["-received_at"]
    readonly_fields = [f.name for f in DevMailboxMessage._meta.fields]
