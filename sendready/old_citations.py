"""After an area moves to a new framework: its open actions, scrutiny recommendations
and current self-evaluation points that still cite only criteria of the framework it
left, each with the new framework's criteria that the mapping says those inform.

Findings are not listed: a finding cites the framework of the inspection that made it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from actions.models import Action, Recommendation, RecommendationUpdate
from areas.members.models import LocalArea
from areas.self_evaluation.selectors import current_points
from frameworks.models import Criterion, CriterionMapping


@dataclass
class OldCitation:
    name: str
    url: str
    criteria: list[Criterion]  # all of the framework the area has left
    suggested: list[Criterion]  # the current framework's criteria those inform


@dataclass
class OldCitations:
    actions: list[OldCitation]
    recommendations: list[OldCitation]
    points: list[OldCitation]

    @property
    def total(self) -> int:
        return len(self.actions) + len(self.recommendations) + len(self.points)


def in_order():
    return Prefetch("criteria", queryset=Criterion.objects.order_by("order"))


def old_citations(area: LocalArea) -> OldCitations:
    """What still cites only earlier frameworks' criteria (five queries)."""
    actions = (
        Action.objects.for_area(area)
        .exclude(status__in=Action.FINISHED)
        .select_related("workstream__plan__area")
        .prefetch_related(in_order())
        .order_by("workstream__plan", "workstream__code", "pk")
    )
    recommendations = (
        Recommendation.objects.for_area(area)
        .with_current()
        # Not settled; a recommendation with no update yet has no assessment (NULL).
        .filter(
            Q(current_assessment__isnull=True)
            | ~Q(current_assessment__in=RecommendationUpdate.SETTLED)
        )
        .select_related("review__area")
        .prefetch_related(in_order())
    )
    points = current_points(area).select_related("version__area").prefetch_related(in_order())
    found = {
        "actions": stale(actions, area, lambda a: (a.description, a.get_absolute_url())),
        "recommendations": stale(
            recommendations,
            area,
            lambda r: (f"{r.review.title}: {r} ({r.text})", r.get_absolute_url()),
        ),
        "points": stale(points, area, lambda p: (p.label, p.version.get_absolute_url())),
    }
    suggest(area, [item for items in found.values() for item in items])
    return OldCitations(**found)


def stale(records, area: LocalArea, describe) -> list[OldCitation]:
    """The records whose criteria are all of another framework than the area's."""
    found = []
    for record in records:
        criteria = list(record.criteria.all())
        if criteria and all(c.framework_id != area.framework_id for c in criteria):
            name, url = describe(record)
            found.append(OldCitation(name, url, criteria, []))
    return found


def suggest(area: LocalArea, items: list[OldCitation]) -> None:
    """Give each item the current framework's criteria its criteria inform (one query)."""
    cited = {c.pk for item in items for c in item.criteria}
    if not cited:
        return
    informs = defaultdict(list)
    links = (
        CriterionMapping.objects.filter(
            from_criterion_id__in=cited, to_criterion__framework_id=area.framework_id
        )
        .select_related("to_criterion")
        .order_by("to_criterion__order")
    )
    for link in links:
        informs[link.from_criterion_id].append(link.to_criterion)
    for item in items:
        seen = {to.pk: to for c in item.criteria for to in informs[c.pk]}
        item.suggested = sorted(seen.values(), key=lambda c: c.order)
