"""The self-evaluation: writes (services) and reads (selectors) for its versions and points.

A draft is edited; publishing freezes it; the next draft starts as a copy whose points
keep their keys, so any published version can be compared with the one before it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from frameworks.models import Criterion, JudgementArea

from .models import LocalArea, SelfEvaluationPoint, SelfEvaluationVersion
from .services import Refused

Version = SelfEvaluationVersion
Point = SelfEvaluationPoint


# --- writes ----------------------------------------------------------------------------


@transaction.atomic
def draft_start(*, area: LocalArea, by) -> Version:
    """The area's draft, started from the latest published version if there is none."""
    versions = Version.objects.select_for_update().filter(area=area, framework_id=area.framework_id)
    draft = versions.filter(status=Version.Status.DRAFT).first()
    if draft:
        return draft
    latest = versions.order_by("-number").first()
    draft = Version(
        area=area, framework_id=area.framework_id, number=(latest.number + 1) if latest else 1
    )
    draft.full_clean()
    draft.save()
    if latest:
        for point in latest.points.prefetch_related("criteria", "kpis"):
            copy = Point(
                version=draft,
                key=point.key,  # a copy keeps its key, so versions can be compared
                judgement_area_id=point.judgement_area_id,
                kind=point.kind,
                label=point.label,
                explanation=point.explanation,
                evidence=point.evidence,
                order=point.order,
                is_demo=point.is_demo,
            )
            copy.save()
            copy.criteria.set(point.criteria.all())
            copy.kpis.set(point.kpis.all())
    return draft


def _editable(version: Version) -> None:
    if version.is_published:
        raise Refused(
            f"Version {version.number} is published and cannot change. "
            "Start a new draft to make changes."
        )


@transaction.atomic
def point_save(*, version: Version, data: dict, by, point: Point | None = None) -> Point:
    _editable(version)
    data = dict(data)
    criteria = data.pop("criteria", [])
    kpis = data.pop("kpis", [])
    if any(c.framework_id != version.framework_id for c in [*criteria, *kpis]):
        raise Refused("Those criteria or KPIs are not in this area's inspection framework.")
    if data["judgement_area"].framework_id != version.framework_id:
        raise Refused("That judgement area is not in this area's inspection framework.")
    if point is None:  # a new point goes to the end of its list
        point = Point(version=version)
        same_list = version.points.filter(judgement_area=data["judgement_area"], kind=data["kind"])
        point.order = 1 + max(same_list.values_list("order", flat=True), default=0)
    for name, value in data.items():
        setattr(point, name, value)
    point.full_clean()
    point.save()
    point.criteria.set(criteria)
    point.kpis.set(kpis)
    return point


@transaction.atomic
def point_delete(*, point: Point, by) -> None:
    _editable(point.version)
    point.delete()


@transaction.atomic
def version_publish(*, version: Version, by) -> Version:
    locked = Version.objects.select_for_update().get(pk=version.pk)
    _editable(locked)
    if not locked.points.exists():
        raise Refused("An empty self-evaluation cannot be published: add its points first.")
    locked.status = Version.Status.PUBLISHED
    locked.published_by = by
    locked.published_at = timezone.now()
    locked.save()
    return locked


# --- reads -----------------------------------------------------------------------------


def versions(area: LocalArea) -> list[Version]:
    return list(
        Version.objects.filter(area=area, framework_id=area.framework_id)
        .select_related("area", "published_by")
        .order_by("-number")
    )


def current_draft(area: LocalArea) -> Version | None:
    return Version.objects.filter(
        area=area, framework_id=area.framework_id, status=Version.Status.DRAFT
    ).first()


def latest_published(area: LocalArea) -> Version | None:
    return (
        Version.objects.filter(
            area=area, framework_id=area.framework_id, status=Version.Status.PUBLISHED
        )
        .order_by("-number")
        .first()
    )


@dataclass
class Section:
    judgement_area: JudgementArea
    strengths: list[Point] = field(default_factory=list)
    to_develop: list[Point] = field(default_factory=list)


def sections(version: Version) -> list[Section]:
    """The version's points under each judgement area, in two lists (two queries)."""
    by_area = {
        ja.pk: Section(ja)
        for ja in JudgementArea.objects.filter(framework_id=version.framework_id).order_by("order")
    }
    points = version.points.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("order")), "kpis"
    ).order_by("order", "pk")
    for point in points:
        section = by_area[point.judgement_area_id]
        if point.kind == Point.Kind.STRENGTH:
            section.strengths.append(point)
        else:
            section.to_develop.append(point)
    return list(by_area.values())


@dataclass
class Change:
    before: Point | None
    after: Point | None
    what: list[str] = field(default_factory=list)


@dataclass
class Comparison:
    older: Version
    newer: Version
    added: list[Point]
    removed: list[Point]
    changed: list[Change]


def _signature(point: Point) -> dict:
    return {
        "label": point.label,
        "explanation": point.explanation,
        "heading": (point.judgement_area_id, point.kind),
        "criteria": sorted(c.pk for c in point.criteria.all()),
        "KPIs": sorted(k.pk for k in point.kpis.all()),
        "evidence": point.evidence,
    }


def compare(older: Version, newer: Version) -> Comparison:
    """Points added, removed and changed between two versions (matched by key)."""

    def points(version):
        return {
            p.key: p
            for p in version.points.prefetch_related("criteria", "kpis").select_related(
                "judgement_area"
            )
        }

    before, after = points(older), points(newer)
    changed = []
    for key in before.keys() & after.keys():
        old, new = _signature(before[key]), _signature(after[key])
        what = [name for name in old if old[name] != new[name]]
        if what:
            changed.append(Change(before[key], after[key], what))
    order = lambda p: (p.judgement_area.order, p.kind, p.order, p.pk)  # noqa: E731
    return Comparison(
        older=older,
        newer=newer,
        added=sorted((after[k] for k in after.keys() - before.keys()), key=order),
        removed=sorted((before[k] for k in before.keys() - after.keys()), key=order),
        changed=sorted(changed, key=lambda c: order(c.after)),
    )


def current_points(area: LocalArea):
    """The points an action can be linked to: the draft's, or else the latest published."""
    version = current_draft(area) or latest_published(area)
    if version is None:
        return Point.objects.none()
    return version.points.select_related("judgement_area").order_by(
        "judgement_area__order", "kind", "order"
    )


def points_for_criterion(area: LocalArea, criterion: Criterion) -> list[Point]:
    """Points linked to a criterion in the latest published version and in the draft."""
    latest = latest_published(area)
    wanted = [Version.Status.DRAFT]
    qs = SelfEvaluationPoint.objects.filter(
        version__area=area, version__framework_id=area.framework_id, criteria=criterion
    ).select_related("version")
    if latest:
        return list(qs.filter(version__status__in=wanted) | qs.filter(version=latest))
    return list(qs.filter(version__status__in=wanted))
