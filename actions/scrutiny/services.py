"""Writes to scrutiny reviews, recommendations, responses and progress updates."""

from __future__ import annotations

from django.db import transaction

from actions.models import Recommendation, RecommendationUpdate, Response, ScrutinyReview
from actions.plans.services import _check_criteria, _save
from common.errors import Refused


@transaction.atomic
def review_save(*, area, data: dict, by, review: ScrutinyReview | None = None) -> ScrutinyReview:
    return _save(review or ScrutinyReview(area=area), data)


def _links(review: ScrutinyReview, data: dict) -> tuple[dict, dict]:
    data = dict(data)
    criteria = data.pop("criteria", [])
    actions = data.pop("actions", [])
    _check_criteria(criteria, review.area.framework_id)
    if any(action.workstream.plan.area_id != review.area_id for action in actions):
        raise Refused("Those actions are not in this area's plans.")
    return data, {"criteria": criteria, "actions": actions}


@transaction.atomic
def recommendations_add(*, review: ScrutinyReview, rows: list[dict], by) -> list[Recommendation]:
    """Add several recommendations at once: all of them, or none."""
    added = []
    for row in rows:
        data, links = _links(review, row)
        added.append(_save(Recommendation(review=review), data, links))
    return added


@transaction.atomic
def recommendation_save(*, recommendation: Recommendation, data: dict, by) -> Recommendation:
    data, links = _links(recommendation.review, data)
    return _save(recommendation, data, links)


@transaction.atomic
def response_save(*, recommendation: Recommendation, data: dict, by) -> Response:
    response = Response.objects.filter(recommendation=recommendation).first()
    return _save(response or Response(recommendation=recommendation), data)


@transaction.atomic
def recommendation_update_add(
    *, recommendation: Recommendation, data: dict, by
) -> RecommendationUpdate:
    return _save(RecommendationUpdate(recommendation=recommendation, recorded_by=by), data)
