from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """For support: what a person keeps and where it came from. The content is never shown here
    (it is the person's, sealed on disk), and nothing is edited: changes go through the services,
    which keep the file, the row and the audit log together."""

    list_display = ["id", "person", "content_type", "size", "origin", "issuer", "created_at"]
    list_filter = ["origin", "content_type"]
    search_fields = ["=id", "=person__personal_number", "issuer"]
    fields = [
        "id",
        "person",
        "folder",
        "content_type",
        "size",
        "sha256",
        "key_id",
        "origin",
        "issuer",
        "source_digest",
        "reference",
        "created_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
