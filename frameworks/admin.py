from django.contrib import admin

from .models import Criterion, Framework, Heading, JudgementArea, RatingLevel


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
