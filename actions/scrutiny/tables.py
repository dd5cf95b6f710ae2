from html import escape

import django_filters
import django_tables2 as tables
from django.utils.safestring import mark_safe

from actions.models import Recommendation, RecommendationUpdate, Response, ScrutinyReview
from actions.plans.filters import QuickSelect
from actions.scrutiny.selectors import assessment_label
from common.filters import GovukFilterSet
from common.tables import QUICK_TEMPLATE, DateColumn, QuickDates, QuickTable

ASSESSMENT_TAG = {
    "implemented": "govuk-tag--blue",
    "on_track": "govuk-tag--green",
    "behind": "govuk-tag--orange",
    "not_implemented": "govuk-tag--red",
    "superseded": "govuk-tag--grey",
}


def assessment_tag(value) -> str:
    colour = ASSESSMENT_TAG.get(value or "", "govuk-tag--grey")
    label = escape(assessment_label(value))
    return mark_safe(f'<strong class="govuk-tag {colour}">{label}</strong>')


OVERDUE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong>')
NO_RESPONSE = "No response yet"
DECISIONS = dict(Response.Decision.choices)  # get_decision_display() without a dict a row
TARGET_FORMAT = "M Y"


class RecommendationTable(QuickTable):
    review = tables.Column(accessor="review__title", verbose_name="Review")
    number = tables.Column(verbose_name="No.")
    theme = tables.Column()
    text = tables.Column(verbose_name="Recommendation")
    decision = tables.Column(
        accessor="response__get_decision_display",
        order_by=("response__decision",),
        verbose_name="Decision",
        default=NO_RESPONSE,
    )
    responsible = tables.Column(
        accessor="response__responsible", verbose_name="Responsible", default="–"
    )
    target = DateColumn(
        accessor="response__target_date", verbose_name="Target", format=TARGET_FORMAT, default="–"
    )
    current_assessment = tables.Column(verbose_name="Assessment", empty_values=())
    overdue = tables.Column(verbose_name="Overdue")

    class Meta:
        attrs = {"class": "govuk-table app-actions-table"}
        empty_text = "No recommendations match these filters."
        template_name = QUICK_TEMPLATE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.review_urls: dict[int, str] = {}
        self.target_dates = QuickDates(TARGET_FORMAT)

    def recommendation_url(self, record: Recommendation) -> str:
        """record.get_absolute_url(), its review's URL reversed once a review, not a row."""
        review_url = self.review_urls.get(record.review_id)
        if review_url is None:
            review_url = self.review_urls[record.review_id] = record.review.get_absolute_url()
        return f"{review_url}#recommendation-{record.number}"

    def row_cells(self, record: Recommendation) -> list[str]:
        """The cells the columns and render methods give, written directly (QuickTable)."""
        response = getattr(record, "response", None)  # None: no response yet
        target = response and response.target_date
        decision = response and DECISIONS.get(response.decision, response.decision)
        return [
            self.text(record.review.title),
            self.text(record.number),
            self.text(record.theme),
            self.render_text(record.text, record),
            self.text(decision, NO_RESPONSE),
            self.text(response and response.responsible, "–"),
            self.target_dates(target) if target else "–",
            assessment_tag(record.current_assessment),  # type: ignore[attr-defined]
            self.render_overdue(record.overdue),  # type: ignore[attr-defined]
        ]

    def value_text(self, value):
        return value  # in full in a download; the page shortens it

    def render_text(self, value, record):
        short = value if len(value) < 110 else value[:107] + "…"
        url = escape(self.recommendation_url(record))
        return mark_safe(f'<a class="govuk-link" href="{url}">{escape(short)}</a>')

    def render_current_assessment(self, value):
        return assessment_tag(value)

    def render_overdue(self, value):
        return OVERDUE_TAG if value else "No"


class RecommendationFilter(GovukFilterSet):
    # Choices from the area's reviews, which the page has already fetched.
    review = django_filters.ChoiceFilter(empty_label="Any review", widget=QuickSelect)
    theme = django_filters.CharFilter(lookup_expr="icontains", label="Theme contains")
    decision = django_filters.ChoiceFilter(
        field_name="response__decision",
        choices=Response.Decision.choices,
        empty_label="Any decision",
        widget=QuickSelect,
    )
    assessment = django_filters.ChoiceFilter(
        choices=[*RecommendationUpdate.Assessment.choices, ("none", "No update yet")],
        empty_label="Any assessment",
        method="filter_assessment",
        label="Panel's assessment",
        widget=QuickSelect,
    )
    responsible = django_filters.CharFilter(
        field_name="response__responsible", lookup_expr="icontains", label="Responsible contains"
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue"), ("no", "Not overdue")],
        empty_label="Any",
        method="filter_overdue",
        label="Overdue",  # a method filter has no model field to name it
        widget=QuickSelect,
    )

    class Meta:
        model = Recommendation
        fields = ["review", "theme", "decision", "assessment", "responsible", "overdue"]

    def __init__(self, *args, area, reviews=None, **kwargs):
        super().__init__(*args, **kwargs)
        if reviews is None:
            reviews = ScrutinyReview.objects.for_area(area)
        self.filters["review"].extra["choices"] = [(r.pk, str(r)) for r in reviews]

    def filter_assessment(self, queryset, name, value):
        if value == "none":
            return queryset.filter(current_assessment__isnull=True)
        return queryset.filter(current_assessment=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=(value == "yes"))
