import django_filters
import django_tables2 as tables
from django.utils.html import format_html

from actions.models import Recommendation, RecommendationUpdate, Response, ScrutinyReview
from actions.scrutiny.selectors import assessment_label
from common.filters import GovukFilterSet
from common.tables import DateColumn, QuickTable

ASSESSMENT_TAG = {
    "implemented": "govuk-tag--blue",
    "on_track": "govuk-tag--green",
    "behind": "govuk-tag--orange",
    "not_implemented": "govuk-tag--red",
    "superseded": "govuk-tag--grey",
}


def assessment_tag(value) -> str:
    return format_html(
        '<strong class="govuk-tag {}">{}</strong>',
        ASSESSMENT_TAG.get(value or "", "govuk-tag--grey"),
        assessment_label(value),
    )


class RecommendationTable(QuickTable):
    review = tables.Column(accessor="review__title", verbose_name="Review")
    number = tables.Column(verbose_name="No.")
    theme = tables.Column()
    text = tables.Column(verbose_name="Recommendation")
    decision = tables.Column(
        accessor="response__get_decision_display",
        order_by=("response__decision",),
        verbose_name="Decision",
        default="No response yet",
    )
    responsible = tables.Column(
        accessor="response__responsible", verbose_name="Responsible", default="–"
    )
    target = DateColumn(
        accessor="response__target_date", verbose_name="Target", format="M Y", default="–"
    )
    current_assessment = tables.Column(verbose_name="Assessment", empty_values=())
    overdue = tables.Column(verbose_name="Overdue")

    class Meta:
        attrs = {"class": "govuk-table app-actions-table"}
        empty_text = "No recommendations match these filters."

    def value_text(self, value):
        return value  # in full in a download; the page shortens it

    def render_text(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            record.get_absolute_url(),
            value if len(value) < 110 else value[:107] + "…",
        )

    def render_current_assessment(self, value):
        return assessment_tag(value)

    def render_overdue(self, value):
        return (
            format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Overdue")
            if value
            else "No"
        )


class RecommendationFilter(GovukFilterSet):
    review = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any review")
    theme = django_filters.CharFilter(lookup_expr="icontains", label="Theme contains")
    decision = django_filters.ChoiceFilter(
        field_name="response__decision",
        choices=Response.Decision.choices,
        empty_label="Any decision",
    )
    assessment = django_filters.ChoiceFilter(
        choices=[*RecommendationUpdate.Assessment.choices, ("none", "No update yet")],
        empty_label="Any assessment",
        method="filter_assessment",
        label="Panel's assessment",
    )
    responsible = django_filters.CharFilter(
        field_name="response__responsible", lookup_expr="icontains", label="Responsible contains"
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue"), ("no", "Not overdue")],
        empty_label="Any",
        method="filter_overdue",
        label="Overdue",  # a method filter has no model field to name it
    )

    class Meta:
        model = Recommendation
        fields = ["review", "theme", "decision", "assessment", "responsible", "overdue"]

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["review"].queryset = ScrutinyReview.objects.for_area(area)

    def filter_assessment(self, queryset, name, value):
        if value == "none":
            return queryset.filter(current_assessment__isnull=True)
        return queryset.filter(current_assessment=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=(value == "yes"))
