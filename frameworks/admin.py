from django.contrib import admin

from .models import (
    ActivityType,
    Criterion,
    CriterionMapping,
    CriterionWording,
    Framework,
    Heading,
    HeadingWording,
    JudgementArea,
    JudgementAreaWording,
    Outcome,
    RatingLevel,
)


class RatingLevelInline(admin.TabularInline):
    model = RatingLevel
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "slug", "terms"]
    inlines = [RatingLevelInline]


@admin.register(JudgementArea)
class JudgementAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework", "confirmed"]
    list_filter = ["framework", "confirmed"]


@admin.register(Heading)
class HeadingAdmin(admin.ModelAdmin):
    list_display = ["title", "judgement_area", "confirmed"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "judgement_area", "framework", "order", "confirmed"]
    list_filter = ["framework", "judgement_area__code", "confirmed"]
    search_fields = ["code", "text"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by a loader from a file: the file is their one source, so they
    can be read here and nothing more."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Outcome)
class OutcomeAdmin(ReadOnlyAdmin):
    list_display = ["code", "label", "framework", "order", "confirmed"]
    list_filter = ["framework"]


@admin.register(ActivityType)
class ActivityTypeAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "framework", "order"]
    list_filter = ["framework"]


@admin.register(CriterionMapping)
class CriterionMappingAdmin(ReadOnlyAdmin):
    list_display = ["to_criterion", "from_criterion", "why"]
    list_filter = ["to_criterion__framework", "from_criterion__framework"]
    list_select_related = ["to_criterion", "from_criterion"]
    ordering = ["to_criterion__framework", "to_criterion__order", "from_criterion__order"]


class WordingAdmin(ReadOnlyAdmin):
    """Replaced wording is written only by the framework loader: it is the record of what
    months agreed before a reload said, so it can be read here and nothing more."""

    list_filter = ["in_force_until"]


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
