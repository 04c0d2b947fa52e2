from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import TermsVersion
from .services import TermsError, terms_draft_publish


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    """The DEA administrator's tool for the terms of use: write a draft, check it, publish it.
    A published version is a legal text people accepted, so it can be read but never edited or
    deleted; a change is a new version."""

    list_display = ["__str__", "version", "published_at", "published_by", "created_at"]
    list_filter = [("published_at", admin.EmptyFieldListFilter)]
    fields = ["text_ka", "text_en", "summary_ka", "summary_en"]
    readonly_fields = [
        "version",
        "published_at",
        "published_by",
        "text_hash_ka",
        "text_hash_en",
        "created_at",
    ]
    actions = ["publish"]

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return [*self.readonly_fields, *self.fields]
        return self.fields

    def get_actions(self, request):
        # The bulk delete action would not ask has_delete_permission per row.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Publish the selected draft as the new terms of use"))
    def publish(self, request, queryset):
        drafts = list(queryset.filter(published_at__isnull=True).order_by("created_at"))
        if len(drafts) != 1 or queryset.count() != 1:
            self.message_user(request, _("Select exactly one draft to publish."), messages.ERROR)
            return
        try:
            terms = terms_draft_publish(draft_id=drafts[0].pk, published_by=request.user)
        except TermsError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            gettext(
                "Version %(version)d of the terms of use is published. Every citizen is being told "
                "in the portal inbox and by e-mail."
            )
            % {"version": terms.version},
            messages.SUCCESS,
        )
