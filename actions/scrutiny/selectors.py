"""Reads for scrutiny reviews: each recommendation's current assessment (its latest
update's) and whether it is overdue, computed in the database."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from actions.models import Recommendation, RecommendationUpdate, Response, ScrutinyReview
from areas.models import LocalArea
from common.prepared import prepared

ASSESSMENTS = list(RecommendationUpdate.Assessment.choices)
NO_UPDATE = ("", "No update yet")


def assessment_label(value: str | None) -> str:
    return dict(ASSESSMENTS).get(value or "", NO_UPDATE[1])


def area_recommendations(area: LocalArea, today: dt.date | None = None):
    return (
        Recommendation.objects.for_area(area)
        .with_current(today)
        .select_related("review__area", "response")
        .order_by("review__title", "number")
    )


# What the tracker's table shows of a recommendation and its response.
TRACKER_FIELDS = (
    "review_id",
    "number",
    "theme",
    "text",
    "response__decision",
    "response__responsible",
    "response__target_date",
)


def area_reviews(area: LocalArea) -> list[ScrutinyReview]:
    """The area's reviews (newest first), each knowing its area without a join."""
    reviews = list(ScrutinyReview.objects.for_area(area))
    for review in reviews:
        review.area = area
    return reviews


def tracker_recommendations(area: LocalArea, today: dt.date | None = None):
    """The area's recommendations for the tracker's table, with their current assessment
    and overdue flag and what the table shows of their response; each one's review comes
    from `with_reviews` (the page has them already)."""
    return (
        Recommendation.objects.for_area(area)
        .with_current(today, dated=False)
        .select_related("response")
        .only(*TRACKER_FIELDS)
        .order_by("review__title", "number")
    )


def with_reviews(recommendations, reviews: list[ScrutinyReview]) -> list[Recommendation]:
    """The recommendations, each given its review from `reviews` (from area_reviews)."""
    by_pk = {review.pk: review for review in reviews}
    rows = list(recommendations)
    for recommendation in rows:
        recommendation.review = by_pk[recommendation.review_id]
    return rows


@dataclass
class ThemeGroup:
    theme: str
    recommendations: list[Recommendation]


def review_with_recommendations(area: LocalArea, pk: int, today: dt.date | None = None):
    """A review, its recommendations grouped by theme (in number order) and its
    progress timeline, newest first (withdrawn updates included: `split_withdrawn`
    takes them out). Each update's recommendation is the one fetched here, with its
    actions, so the page asks whether progress may be recorded on it without a query."""
    review = ScrutinyReview.objects.for_area(area).select_related("area").get(pk=pk)
    recommendations = list(
        review.recommendations.with_current(today)
        .select_related("response", "review__area")
        .prefetch_related("criteria", "actions__workstream__plan__area")
        .order_by("number")
    )
    groups: list[ThemeGroup] = []
    for recommendation in recommendations:
        if not groups or groups[-1].theme != recommendation.theme:
            groups.append(ThemeGroup(recommendation.theme, []))
        groups[-1].recommendations.append(recommendation)
    timeline = list(
        RecommendationUpdate.objects.filter(recommendation__review=review)
        .select_related("recorded_by", "withdrawn_by")
        .order_by("-date", "-recorded_at", "-pk")  # the same order as the current assessment
    )
    by_pk = {recommendation.pk: recommendation for recommendation in recommendations}
    for update in timeline:
        update.recommendation = by_pk[update.recommendation_id]
    return review, groups, timeline, recommendations


def ready_to_close(review: ScrutinyReview, recommendations) -> bool:
    """A review moves on to Closed once every recommendation (annotated by
    `with_current`) is settled: implemented, superseded or not accepted."""
    return (
        review.status != ScrutinyReview.Status.CLOSED
        and bool(recommendations)
        and all(recommendation.settled for recommendation in recommendations)
    )


def assessment_counts(recommendations) -> list[tuple[str, str, int]]:
    """(value, label, count) for each assessment, and for 'no update yet'."""
    count = Counter(r.current_assessment or "" for r in recommendations)
    return [(value, label, count[value]) for value, label in [*ASSESSMENTS, NO_UPDATE]]


@dataclass
class ScrutinySummary:
    counts: list[tuple[str, str, int]]
    overdue: list[Recommendation]  # the first `shown` of them, if capped
    overdue_count: int = 0

    @property
    def total(self) -> int:
        return sum(count for _, _, count in self.counts)

    @property
    def more_overdue(self) -> int:
        """How many overdue recommendations the capped list leaves out."""
        return self.overdue_count - len(self.overdue)


def dashboard_summary(
    area: LocalArea, today: dt.date | None = None, *, shown: int | None = None
) -> ScrutinySummary:
    """Recommendations by current assessment, how many are overdue, and those overdue
    (the first `shown` by target date, or all): one query of a few values a
    recommendation, whatever the number; the overdue ones become instances here."""
    today = today or dt.date.today()
    found: Counter = Counter()
    late = []
    for row in _summary_rows(area_id=area.pk):
        *_, target_date, decision, current = row
        found[current or ""] += 1
        if Recommendation.is_overdue(target_date, decision, current, today):
            late.append(row)
    late.sort(key=lambda row: (row[4], row[1]))  # overdue ones all have a target date
    return ScrutinySummary(
        counts=[(value, label, found[value]) for value, label in [*ASSESSMENTS, NO_UPDATE]],
        overdue=[_overdue(area, row) for row in (late if shown is None else late[:shown])],
        overdue_count=len(late),
    )


@prepared  # built once a process (common/prepared.py)
def _summary_rows(area_id: int) -> QuerySet:
    return (
        Recommendation.objects.for_area(area_id)
        .with_current(dated=False)  # overdue is worked out from these values
        .order_by()  # sorted by the caller, the overdue ones only
        .values_list(
            "pk",
            "number",
            "review_id",
            "review__title",
            "response__target_date",
            "response__decision",
            "current_assessment",
        )
    )


def _overdue(area: LocalArea, row) -> Recommendation:
    """An overdue recommendation with what the summary shows of it (no further query)."""
    pk, number, review_id, title, target_date, _, current = row
    recommendation = Recommendation(pk=pk, number=number, review_id=review_id)
    recommendation.review = ScrutinyReview(pk=review_id, title=title, area=area)
    recommendation.response = Response(recommendation=recommendation, target_date=target_date)
    # As `with_current` annotates them.
    recommendation.current_assessment = current  # type: ignore[attr-defined]
    recommendation.overdue = True  # type: ignore[attr-defined]
    return recommendation


def recommendation_in_review(area: LocalArea, review_pk: int, number_pk: int) -> Recommendation:
    return (
        Recommendation.objects.for_area(area)
        .select_related("review__area")
        .prefetch_related(Prefetch("actions"))
        # review__pk, not review_id: Django guards `pk` from a number too large for
        # SQLite (a twenty-digit URL), but not the foreign key's column.
        .get(review__pk=review_pk, pk=number_pk)
    )
