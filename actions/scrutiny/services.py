"""Writes to scrutiny reviews, recommendations, the cabinet's responses and progress.

Each service names the fields it writes and records who wrote them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from actions.plans.models import Action
from actions.plans.services import check_criteria
from areas.members.models import LocalArea
from areas.members.selectors import area_framework_ids
from common.errors import Refused
from common.services import saved
from common.withdrawal import still_standing, withdrawn
from frameworks.models import Criterion

from .models import Recommendation, RecommendationUpdate, Response, ScrutinyReview
from .selectors import ready_to_close

NOT_ACCEPTED = (
    "The cabinet did not accept recommendation {number}, so no progress is recorded on it."
)
NOT_SETTLED = (
    "This review cannot be closed yet: a review closes once every recommendation is "
    "implemented, superseded or not accepted."
)


@transaction.atomic
def review_save(
    *,
    area: LocalArea,
    by,
    review: ScrutinyReview | None = None,
    panel: str,
    title: str,
    status: str = ScrutinyReview.Status.IN_PROGRESS,
    scope: str = "",
    started_on: dt.date | None = None,
    reported_on: dt.date | None = None,
    cabinet_decision_on: dt.date | None = None,
    report_url: str = "",
) -> ScrutinyReview:
    review = review or ScrutinyReview(area=area)
    review.panel, review.title, review.status, review.scope = panel, title, status, scope
    review.started_on, review.reported_on = started_on, reported_on
    review.cabinet_decision_on, review.report_url = cabinet_decision_on, report_url
    return saved(review, by=by)


@transaction.atomic
def review_close(*, review: ScrutinyReview, by) -> ScrutinyReview:
    """Move a review on to Closed, once nothing in it is left to follow."""
    recommendations = list(review.recommendations.with_current().select_related("response"))
    if not ready_to_close(review, recommendations):
        raise Refused(NOT_SETTLED)
    review.status = ScrutinyReview.Status.CLOSED
    return saved(review, by=by)


def check_recommendation_links(review: ScrutinyReview, criteria, actions) -> None:
    check_criteria(criteria, area_framework_ids(review.area))
    if any(action.workstream.plan.area_id != review.area_id for action in actions):
        raise Refused("Those actions are not in this area's plans.")


@transaction.atomic
def recommendation_save(
    *,
    review: ScrutinyReview,
    by,
    recommendation: Recommendation | None = None,
    number: int,
    text: str,
    theme: str = "",
    criteria: Iterable[Criterion] = (),
    actions: Iterable[Action] = (),
) -> Recommendation:
    criteria, actions = list(criteria), list(actions)
    check_recommendation_links(review, criteria, actions)
    recommendation = recommendation or Recommendation(review=review)
    recommendation.number, recommendation.theme, recommendation.text = number, theme, text
    saved(recommendation, by=by)
    recommendation.criteria.set(criteria)
    recommendation.actions.set(actions)
    return recommendation


@transaction.atomic
def recommendations_add(*, review: ScrutinyReview, rows: list[dict], by) -> list[Recommendation]:
    """Add several recommendations at once: all of them, or none. Each row holds the
    keyword arguments of `recommendation_save`."""
    return [recommendation_save(review=review, by=by, **row) for row in rows]


@transaction.atomic
def response_save(
    *,
    recommendation: Recommendation,
    by,
    decision: str,
    text: str,
    implementation: str = "",
    responsible: str = "",
    timescale: str = "",
    target_date: dt.date | None = None,
    decision_date: dt.date | None = None,
) -> Response:
    """Record the cabinet's response, or change the one recorded."""
    response = Response.objects.filter(recommendation=recommendation).first()
    response = response or Response(recommendation=recommendation)
    response.decision, response.text = decision, text
    response.implementation, response.responsible = implementation, responsible
    response.timescale, response.target_date = timescale, target_date
    response.decision_date = decision_date
    return saved(response, by=by)


@transaction.atomic
def recommendation_update_add(
    *,
    recommendation: Recommendation,
    by,
    date: dt.date,
    text: str,
    assessment: str,
    meeting: str = "",
) -> RecommendationUpdate:
    if not recommendation.takes_progress:
        raise Refused(NOT_ACCEPTED.format(number=recommendation.number))
    update = RecommendationUpdate(
        recommendation=recommendation,
        recorded_by=by,
        date=date,
        text=text,
        assessment=assessment,
        meeting=meeting,
    )
    return saved(update, by=by)


@transaction.atomic
def recommendation_update_correct(
    *,
    update: RecommendationUpdate,
    by,
    date: dt.date,
    assessment: str,
    text: str,
    meeting: str = "",
) -> RecommendationUpdate:
    """Correct the panel's assessment or what it said (its history keeps the before)."""
    update = still_standing(update)
    update.date, update.text, update.assessment, update.meeting = date, text, assessment, meeting
    return saved(update, by=by)


@transaction.atomic
def recommendation_update_withdraw(
    *, update: RecommendationUpdate, by, reason: str
) -> RecommendationUpdate:
    """Withdraw an update: kept and shown as withdrawn, and never the current assessment
    (`Recommendation.with_current` skips it), so the previous update becomes current."""
    return withdrawn(update, by=by, reason=reason)
