from django.contrib import admin

from .models import (
    Criterion,
    CriterionWording,
    Framework,
    Heading,
    HeadingWording,
    JudgementArea,
    JudgementAreaWording,
    RatingLevel,
)


class RatingLevelInline(admin.TabularInline):
    model = RatingLevel
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "slug"]
    inlines = [RatingLevelInline]


@admin.register(JudgementArea)
class JudgementAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework"]
    list_filter = ["framework"]


@admin.register(Heading)
class HeadingAdmin(admin.ModelAdmin):
    list_display = ["title", "judgement_area"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "judgement_area", "framework", "order"]
    list_filter = ["framework", "judgement_area__code"]
    search_fields = ["code", "text"]


class WordingAdmin(admin.ModelAdmin):
    """Replaced wording is written only by the framework loader: it is the record of what
    months agreed before a reload said, so it can be read here and nothing more."""

    list_filter = ["in_force_until"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CriterionWording)
class CriterionWordingAdmin(WordingAdmin):
    list_display = ["criterion", "in_force_until", "text"]
    list_select_related = ["criterion"]
    search_fields = ["criterion__code", "text"]


@admin.register(JudgementAreaWording)
class JudgementAreaWordingAdmin(WordingAdmin):
    list_display = ["judgement_area", "in_force_until", "title"]
    list_select_related = ["judgement_area"]


@admin.register(HeadingWording)
class HeadingWordingAdmin(WordingAdmin):
    list_display = ["heading", "in_force_until", "title"]
    list_select_related = ["heading"]
