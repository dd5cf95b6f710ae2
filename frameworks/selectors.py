"""Reads of frameworks: the wording in force at a moment in the past, how much of it is
still provisional, and which criteria of one framework inform another's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from common.prepared import field_names, instance, prepared, row_parts

from .models import (
    WORDING_MODELS,
    Criterion,
    CriterionMapping,
    Framework,
    Heading,
    JudgementArea,
    Outcome,
    RatingLevel,
)


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


@dataclass(frozen=True)
class ProvisionalCounts:
    """How many of a framework's texts are still provisional (confirmed=False), by kind.
    False when there are none: `{% if provisional %}` shows a banner once, and each row's
    own `confirmed` gives its tag without another query."""

    areas: int = 0
    headings: int = 0
    criteria: int = 0
    outcomes: int = 0

    @property
    def total(self) -> int:
        return self.areas + self.headings + self.criteria + self.outcomes

    def __bool__(self) -> bool:
        return self.total > 0


# Each kind of worded row, with the path from it to its framework.
_PROVISIONAL_KINDS: dict[str, tuple[type[Model], str]] = {
    "areas": (JudgementArea, "framework"),
    "headings": (Heading, "judgement_area__framework"),
    "criteria": (Criterion, "framework"),
    "outcomes": (Outcome, "framework"),
}


def provisional_counts(framework: Framework) -> ProvisionalCounts:
    """The framework's provisional texts counted by kind, in one query."""

    def count(model: type[Model], path: str) -> Coalesce:
        provisional = (
            model._default_manager.filter(**{path: OuterRef("pk")}, confirmed=False)
            .order_by()
            .values(path)
            .annotate(found=Count("pk"))
            .values("found")
        )
        return Coalesce(Subquery(provisional), 0)

    # Named apart from the framework's own relations ("criteria", "outcomes").
    names = {kind: f"provisional_{kind}" for kind in _PROVISIONAL_KINDS}
    found = (
        Framework.objects.filter(pk=framework.pk)
        .annotate(**{names[kind]: count(*how) for kind, how in _PROVISIONAL_KINDS.items()})
        .values_list(*names.values())
        .first()
    )
    if found is None:
        return ProvisionalCounts()
    return ProvisionalCounts(**dict(zip(names, found, strict=True)))


def mapped_from(
    to_framework: Framework | int, from_framework: Framework | int
) -> dict[int, list[int]]:
    """For each criterion of `to_framework` that any criterion of `from_framework`
    informs, those criteria's ids in their framework's order: {to id: [from ids]}. A
    criterion nothing informs is absent. One query."""
    pairs = (
        CriterionMapping.objects.filter(
            to_criterion__framework=to_framework, from_criterion__framework=from_framework
        )
        .order_by("to_criterion__order", "from_criterion__order")
        .values_list("to_criterion_id", "from_criterion_id")
    )
    found: dict[int, list[int]] = {}
    for to_id, from_id in pairs:
        found.setdefault(to_id, []).append(from_id)
    return found


# --- the frameworks' structure, for the pages that draw every criterion ----------------


def levels_of(framework_ids: list[int]) -> list[RatingLevel]:
    """These frameworks' rating levels in order, worst first."""
    return [instance(RatingLevel, row) for row in _levels_of(framework_ids=framework_ids)]


@prepared  # built once a process (common/prepared.py)
def _levels_of(framework_ids: list[int]) -> QuerySet:
    return (
        RatingLevel.objects.filter(framework_id__in=framework_ids)
        .order_by("order")
        .values_list(*field_names(RatingLevel))
    )


def judgement_areas_of(framework_ids: list[int]) -> list[JudgementArea]:
    """These frameworks' judgement areas in order, each with its framework (a prepared
    query, as `criteria_of`: the ORM took longer to build this than the database to
    answer it)."""
    found = []
    for row in _judgement_areas_of(framework_ids=framework_ids):
        values, framework, _ = row_parts(row, JudgementArea, Framework)
        judgement_area = instance(JudgementArea, values)
        judgement_area.framework = instance(Framework, framework)
        found.append(judgement_area)
    return found


@prepared
def _judgement_areas_of(framework_ids: list[int]) -> QuerySet:
    return (
        JudgementArea.objects.filter(framework_id__in=framework_ids)
        .order_by("order", "id")
        .values_list(*field_names(JudgementArea), *field_names(Framework, "framework"))
    )


def criteria_of(framework_ids: list[int], *, code: str | None = None) -> list[Criterion]:
    """These frameworks' criteria in order (or those with `code`), each with its
    judgement area and its heading (one instance for all the criteria under each)."""
    if code is None:
        rows = _criteria_of(framework_ids=framework_ids)
    else:
        rows = _criteria_with_code(framework_ids=framework_ids, code=code)
    found: list[Criterion] = []
    areas: dict[int, JudgementArea] = {}
    headings: dict[int | None, Heading | None] = {None: None}
    for row in rows:
        values, area_values, heading_values, _ = row_parts(row, Criterion, JudgementArea, Heading)
        criterion = instance(Criterion, values)
        if criterion.judgement_area_id not in areas:
            areas[criterion.judgement_area_id] = instance(JudgementArea, area_values)
        if criterion.heading_id not in headings:
            headings[criterion.heading_id] = instance(Heading, heading_values)
        criterion.judgement_area = areas[criterion.judgement_area_id]
        criterion.heading = headings[criterion.heading_id]
        found.append(criterion)
    return found


def _criteria(framework_ids: list[int]) -> QuerySet:
    return (
        Criterion.objects.filter(framework_id__in=framework_ids)
        .order_by("order", "id")
        .values_list(
            *field_names(Criterion),
            *field_names(JudgementArea, "judgement_area"),
            *field_names(Heading, "heading"),  # a LEFT JOIN: a criterion may have none
        )
    )


@prepared  # built once a process (common/prepared.py)
def _criteria_of(framework_ids: list[int]) -> QuerySet:
    return _criteria(framework_ids)


@prepared
def _criteria_with_code(framework_ids: list[int], code: str) -> QuerySet:
    return _criteria(framework_ids).filter(code=code)
