from django.contrib import admin

from .models import Assessment, LocalArea, Membership, Rating, Reopening


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(LocalArea)
class LocalAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "ons_code", "framework", "is_demo"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["area", "month", "status", "agreed_by"]
    list_filter = ["area", "status"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["assessment", "criterion", "level", "updated_by", "updated_at"]
    list_filter = ["assessment__area"]
    list_select_related = ["assessment__area", "criterion", "level", "updated_by"]


admin.site.register(Reopening)
