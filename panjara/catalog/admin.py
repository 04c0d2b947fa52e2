from django.contrib import admin

from .models import Service


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    """Services come from agencies' descriptions: the administrator can stop offering one, but
    what it is stays the agency's word."""

    list_display = [
        "code",
        "name_en",
        "agency",
        "category",
        "kind",
        "assurance",
        "signature_required",
        "is_active",
    ]
    list_filter = ["category", "kind", "assurance", "agency", "is_active"]
    search_fields = ["code", "name_ka", "name_en"]
    readonly_fields = [
        f
        for f in (
            "agency",
            "code",
            "name_ka",
            "name_en",
            "description_ka",
            "description_en",
            "category",
            "kind",
            "assurance",
            "signature_required",
            "fee_amount",
            "fee_currency",
            "deadline_value",
            "deadline_unit",
            "form_schema",
            "terms_ka",
            "terms_en",
            "keywords_ka",
            "keywords_en",
            "synced_at",
            "source_message_id",
        )
    ]

    def has_add_permission(self, request):
        return False
