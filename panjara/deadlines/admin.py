from django.contrib import admin

from .models import DayOff


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    list_display = ("day", "name_ka", "name_en", "legal_basis")
    search_fields = ("name_ka", "name_en")
    date_hierarchy = "day"
