"""Read-only pages of the frameworks held: the list, one framework in full, and how the
criteria of one framework inform another's. Frameworks are reference data every area
shares, so any signed-in user may read them; no area is involved.

Each page makes a fixed number of queries whatever the number of criteria: rows are
fetched flat, once per kind, and grouped here."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from .models import Criterion, CriterionMapping, Framework, Heading, JudgementArea, Outcome
from .selectors import provisional_counts


@dataclass
class CriteriaGroup:
    heading: Heading | None  # None: the area's criteria that sit under no heading
    criteria: list[Criterion] = field(default_factory=list)


@dataclass
class AreaSection:
    area: JudgementArea
    groups: list[CriteriaGroup]


@dataclass
class MappedCriterion:
    criterion: Criterion
    sources: list[Criterion]  # the criteria of the other framework that inform it
    whys: list[str]  # each distinct reason given, in the order first met


def area_sections(framework: Framework) -> list[AreaSection]:
    """The framework's areas in order, each with its headings' criteria (those under no
    heading first). Three queries."""
    areas = list(framework.judgement_areas.all())
    headings = list(Heading.objects.filter(judgement_area__framework=framework))
    criteria = list(framework.criteria.all())
    sections = []
    for area in areas:
        unheaded = CriteriaGroup(None, [c for c in criteria if c.judgement_area_id == area.pk])
        groups = [
            CriteriaGroup(heading, [])
            for heading in headings
            if heading.judgement_area_id == area.pk
        ]
        by_heading = {group.heading.pk: group for group in groups if group.heading}
        for criterion in list(unheaded.criteria):
            if criterion.heading_id in by_heading:
                by_heading[criterion.heading_id].criteria.append(criterion)
                unheaded.criteria.remove(criterion)
        sections.append(AreaSection(area, [unheaded, *groups] if unheaded.criteria else groups))
    return sections


def provisional_anywhere() -> ExpressionWrapper:
    """Whether any area, heading, criterion or outcome of the framework is provisional."""
    under = OuterRef("pk")
    found = (
        Exists(JudgementArea.objects.filter(framework=under, confirmed=False))
        | Exists(Heading.objects.filter(judgement_area__framework=under, confirmed=False))
        | Exists(Criterion.objects.filter(framework=under, confirmed=False))
        | Exists(Outcome.objects.filter(framework=under, confirmed=False))
    )
    return ExpressionWrapper(found, output_field=BooleanField())


@login_required
def framework_list(request):
    # Meta.ordering is not applied to a query with GROUP BY: order it here.
    frameworks = Framework.objects.annotate(
        criteria_count=Count("criteria"), has_provisional=provisional_anywhere()
    ).order_by("-year", "name")
    return render(request, "frameworks/framework_list.html", {"frameworks": frameworks})


@login_required
def framework_detail(request, framework: str):
    found = get_object_or_404(Framework, slug=framework)
    # The frameworks with criteria that inform this one's (a mapping page for each).
    mapped_from = Framework.objects.filter(
        criteria__informs__to_criterion__framework=found
    ).distinct()
    context = {
        "framework": found,
        "sections": area_sections(found),
        "provisional": provisional_counts(found),
        "outcomes": list(found.outcomes.all()),
        "activity_types": list(found.activity_types.all()),
        "levels": list(found.levels.all()),
        "mapped_from": list(mapped_from),
        "crumbs": [("Inspection frameworks", reverse("frameworks:frameworks"))],
    }
    return render(request, "frameworks/framework_detail.html", context)


def mapped_criteria(
    to_framework: Framework, from_framework: Framework
) -> dict[int, MappedCriterion]:
    """Each criterion of `to_framework` with the criteria of `from_framework` that
    inform it, by id, in order; 404 when nothing of one informs the other. Two queries."""
    pairs = (
        CriterionMapping.objects.filter(
            to_criterion__framework=to_framework, from_criterion__framework=from_framework
        )
        .select_related("from_criterion")
        .order_by("to_criterion__order", "from_criterion__order")
    )
    found = {
        criterion.pk: MappedCriterion(criterion, [], [])
        for criterion in to_framework.criteria.all()
    }
    any_pair = False
    for pair in pairs:
        any_pair = True
        mapped = found[pair.to_criterion_id]
        mapped.sources.append(pair.from_criterion)
        if pair.why and pair.why not in mapped.whys:
            mapped.whys.append(pair.why)
    if not any_pair:
        raise Http404("No mapping between these frameworks.")
    return found


@login_required
def mapping(request, to_framework: str, from_framework: str):
    by_slug = Framework.objects.in_bulk([to_framework, from_framework], field_name="slug")
    if to_framework not in by_slug or from_framework not in by_slug:
        raise Http404("No such framework.")
    to, source = by_slug[to_framework], by_slug[from_framework]
    found = mapped_criteria(to, source)
    sections = [
        (
            area,
            [mapped for mapped in found.values() if mapped.criterion.judgement_area_id == area.pk],
        )
        for area in to.judgement_areas.all()
    ]
    crumbs = [
        ("Inspection frameworks", reverse("frameworks:frameworks")),
        (to.name, reverse("frameworks:framework", args=[to.slug])),
    ]
    context = {"to": to, "source": source, "sections": sections, "crumbs": crumbs}
    return render(request, "frameworks/mapping.html", context)
