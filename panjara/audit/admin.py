from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only, even for administrators."""

    list_display = ["seq", "occurred_at", "actor_kind", "actor_label", "action", "subject_person", "purpose"]
    list_filter = ["actor_kind", "action"]
    search_fields = ["subject_person", "actor_id", "object_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
