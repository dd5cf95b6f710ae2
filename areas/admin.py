from django.contrib import admin

from .models import Assessment, FrameworkSwitch, LocalArea, Membership, Rating, Reopening


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(LocalArea)
class LocalAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "ons_code", "framework", "is_demo"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Months, ratings and reopenings are written only through the app's pages, which
    keep the rules (agreed months are read-only, every change is in the history)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["area", "month", "status", "agreed_by"]
    list_filter = ["area", "status"]


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "criterion", "level", "updated_by", "updated_at"]
    list_filter = ["assessment__area"]
    list_select_related = ["assessment__area", "criterion", "level", "updated_by"]


@admin.register(Reopening)
class ReopeningAdmin(ReadOnlyAdmin):
    list_display = ["assessment", "reopened_by", "reopened_at"]


@admin.register(FrameworkSwitch)
class FrameworkSwitchAdmin(ReadOnlyAdmin):
    list_display = ["area", "from_framework", "to_framework", "from_month"]
