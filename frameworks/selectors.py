"""Reads of a framework as it was: the wording in force at a moment in the past."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import F, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import WORDING_MODELS, Criterion, Heading, JudgementArea


def wording_on(criteria: Iterable[Criterion], when: datetime) -> dict[int, str]:
    """Each criterion's text as it was at `when` (an aware datetime), by criterion id.

    `criteria` is a queryset or any iterable of criteria; one query whatever their number.
    """
    return {pk: words["text"] for pk, words in _in_force(Criterion, criteria, when).items()}


def judgement_area_titles_on(
    judgement_areas: Iterable[JudgementArea], when: datetime
) -> dict[int, str]:
    """Each judgement area's title (the inspection question) as it was at `when`."""
    in_force = _in_force(JudgementArea, judgement_areas, when)
    return {pk: words["title"] for pk, words in in_force.items()}


def heading_wording_on(headings: Iterable[Heading], when: datetime) -> dict[int, dict[str, str]]:
    """Each heading's {"title": …, "description": …} as they were at `when`."""
    return _in_force(Heading, headings, when)


def _in_force(model: type[Model], rows: Iterable[Any], when: datetime) -> dict[int, dict[str, str]]:
    """The worded fields of each row as at `when`: the oldest wording replaced after
    `when`, else (never replaced since) the row's own current wording. One query."""
    wording = WORDING_MODELS[model]
    if isinstance(rows, QuerySet):
        chosen: Any = rows.values("pk")  # a subquery: the rows are not fetched first
    else:
        chosen = [row.pk for row in rows]
        if not chosen:
            return {}
    replaced_later = wording._default_manager.filter(
        **{wording.owner_field: OuterRef("pk")}, in_force_until__gt=when
    ).order_by("in_force_until", "pk")
    then = {
        name: Coalesce(Subquery(replaced_later.values(name)[:1]), F(name))
        for name in wording.worded_fields
    }
    found = (
        model._default_manager.filter(pk__in=chosen)
        .annotate(**{f"then_{name}": value for name, value in then.items()})
        .values_list("pk", *[f"then_{name}" for name in then])
    )
    return {pk: dict(zip(then, words, strict=True)) for pk, *words in found}
