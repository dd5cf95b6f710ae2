"""Reads of the self-evaluation: versions, sections, comparison, points per criterion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import prefetch_related_objects

from areas.members.models import LocalArea
from frameworks.models import Criterion, JudgementArea, Kpi

from .models import SelfEvaluationPoint as Point
from .models import SelfEvaluationVersion as Version

# Relations whose object a selector already has: put in their cache directly (assigning
# through the descriptor checks databases and types, a cost per row).
AREA = Version._meta.get_field("area")
JUDGEMENT_AREA = Point._meta.get_field("judgement_area")


def versions(area: LocalArea) -> list[Version]:
    """The area's versions of its self-evaluation, newest first, each with the name of
    who published it as `published_by_name` (in SQL, see `judgement_areas`)."""
    users = get_user_model()
    sql = (
        f"SELECT v.*, u.{users.USERNAME_FIELD} AS published_by_name"
        f" FROM {Version._meta.db_table} v"
        f" LEFT JOIN {users._meta.db_table} u ON u.id = v.published_by_id"
        " WHERE v.area_id = %s AND v.framework_id = %s ORDER BY v.number DESC"
    )
    found = list(Version.objects.raw(sql, [area.pk, area.framework_id]))
    for version in found:
        AREA.set_cached_value(version, area)  # for their URLs, without joining it again
    return found


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


class Named(NamedTuple):
    """A criterion or KPI as a point shows it: its code (for the link) and its name."""

    code: str
    name: str


@dataclass
class Section:
    judgement_area: JudgementArea
    strengths: list[Point] = field(default_factory=list)
    to_develop: list[Point] = field(default_factory=list)
    withdrawn: list[Point] = field(default_factory=list)  # not part of the document
    # Each point's criteria (in the framework's order) and KPIs, by the point's id.
    criteria: dict[int, list[Named]] = field(default_factory=dict)
    kpis: dict[int, list[Named]] = field(default_factory=dict)


def sections(version: Version) -> list[Section]:
    """The version's points under each judgement area, in two lists, and those withdrawn
    apart, with their criteria and KPIs (three queries whatever the number of points,
    a fourth when some are withdrawn)."""
    by_area = {ja.pk: Section(ja) for ja in judgement_areas(version.framework_id)}
    by_point: dict[int, Section] = {}
    withdrawn: list[Point] = []
    for point in points_in_order(version):
        section = by_area[point.judgement_area_id]
        JUDGEMENT_AREA.set_cached_value(point, section.judgement_area)
        by_point[point.pk] = section
        if point.is_withdrawn:
            section.withdrawn.append(point)
            withdrawn.append(point)
        elif point.kind == Point.Kind.STRENGTH:
            section.strengths.append(point)
        else:
            section.to_develop.append(point)
    # Who withdrew them: a query only when some are (most versions have none).
    prefetch_related_objects(withdrawn, "withdrawn_by")
    for point_id, is_criterion, code, name in criteria_and_kpis(version):
        section = by_point[point_id]
        named = section.criteria if is_criterion else section.kpis
        named.setdefault(point_id, []).append(Named(code, name))
    return list(by_area.values())


# The next three are written in SQL, each a simple look-up by one id: the ORM took
# longer to build these queries than the database to answer them (the page's floor
# is one hand-written query). Models still come back, converted as the ORM would.


def judgement_areas(framework_id: int) -> list[JudgementArea]:
    table = JudgementArea._meta.db_table
    sql = f'SELECT * FROM {table} WHERE framework_id = %s ORDER BY "order", id'
    return list(JudgementArea.objects.raw(sql, [framework_id]))


def points_in_order(version: Version) -> list[Point]:
    """The version's points (withdrawn too) in their order; `version` is the area's."""
    sql = f'SELECT * FROM {Point._meta.db_table} WHERE version_id = %s ORDER BY "order", id'
    return list(Point.objects.raw(sql, [version.pk]))


def criteria_and_kpis(version: Version) -> list[tuple[int, bool, str, str]]:
    """(point id, is a criterion, code, name) for every criterion and KPI the version's
    points name, each kind in its framework's order (two prefetches building model
    instances were most of the page's query time before)."""
    criteria, kpis = Point.criteria.through._meta, Point.kpis.through._meta
    points = Point._meta.db_table
    sql = f"""
        SELECT pc.selfevaluationpoint_id, 1, c.code, c.label, c."order", pc.id
        FROM {criteria.db_table} pc
        JOIN {Criterion._meta.db_table} c ON c.id = pc.criterion_id
        JOIN {points} p ON p.id = pc.selfevaluationpoint_id
        WHERE p.version_id = %s
        UNION ALL
        SELECT pk.selfevaluationpoint_id, 0, k.code, k.name, k."order", pk.id
        FROM {kpis.db_table} pk
        JOIN {Kpi._meta.db_table} k ON k.id = pk.kpi_id
        JOIN {points} p ON p.id = pk.selfevaluationpoint_id
        WHERE p.version_id = %s
        ORDER BY 5, 6"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [version.pk, version.pk])
        return [
            (point, bool(is_criterion), code, name)
            for point, is_criterion, code, name, *_ in cursor
        ]


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
    # Removed points that the newer version withdrew rather than deleted, by key: why.
    withdrawn: dict = field(default_factory=dict)


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
    """Points added, removed and changed between two versions (matched by key; a
    withdrawn point is not in its version, so withdrawing one removes it)."""

    def points(version):
        found = version.points.standing().prefetch_related("criteria", "kpis")
        return {p.key: p for p in found.select_related("judgement_area")}

    before, after = points(older), points(newer)
    withdrawn = newer.points.withdrawn().filter(key__in=before.keys() - after.keys())
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
        withdrawn={p.key: p.withdrawn_reason for p in withdrawn},
    )


def published_in(point: Point) -> Version | None:
    """The latest published version of the area that has this point (by its key): a
    point that was never published may be deleted from the draft."""
    versions = Version.objects.filter(
        area_id=point.version.area_id, status=Version.Status.PUBLISHED, points__key=point.key
    )
    return versions.order_by("-number").first()


def current_points(area: LocalArea):
    """The points an action can be linked to: the draft's, or else the latest published."""
    version = current_draft(area) or latest_published(area)
    if version is None:
        return Point.objects.none()
    return (
        version.points.standing()
        .select_related("judgement_area")
        .order_by("judgement_area__order", "kind", "order")
    )


def points_for_criterion(area: LocalArea, criterion: Criterion) -> list[Point]:
    """Standing points linked to a criterion in the draft and in the latest published
    version, newest version first, each with its `version_number` and whether that
    version is published (`in_published`). In SQL, as `criteria_and_kpis`: the ORM
    took twice as long to build this one query (a subquery in an OR) as the database
    to answer it."""
    criteria = Point.criteria.through._meta.db_table
    versions = Version._meta.db_table
    sql = f"""
        SELECT p.id, p.version_id, p.kind, p.label, p.explanation,
               v.number AS version_number, v.status = %(published)s AS in_published
        FROM {Point._meta.db_table} p
        JOIN {versions} v ON v.id = p.version_id
        JOIN {criteria} pc ON pc.selfevaluationpoint_id = p.id
        JOIN {JudgementArea._meta.db_table} ja ON ja.id = p.judgement_area_id
        WHERE pc.criterion_id = %(criterion)s AND p.withdrawn_at IS NULL
          AND v.area_id = %(area)s AND v.framework_id = %(framework)s
          AND (v.status = %(draft)s OR v.id = (
              SELECT id FROM {versions} WHERE area_id = %(area)s
              AND framework_id = %(framework)s AND status = %(published)s
              ORDER BY number DESC LIMIT 1))
        ORDER BY v.number DESC, ja."order", p.kind, p."order", p.id
    """
    params = {
        "criterion": criterion.pk,
        "area": area.pk,
        "framework": area.framework_id,
        "draft": Version.Status.DRAFT,
        "published": Version.Status.PUBLISHED,
    }
    return list(Point.objects.raw(sql, params))


MAX_AGE_MONTHS = 6


def publication_status(area: LocalArea, latest_agreed) -> dict:
    """The published self-evaluation, and the rule for stale: published more than six
    months before the latest agreed RAG month (or never, once a month is agreed)."""
    published = latest_published(area)
    if published is None or published.published_at is None:
        return {"published": None, "stale": latest_agreed is not None}
    published_month = published.published_at.date().replace(day=1)
    behind = 0
    if latest_agreed is not None:
        behind = (latest_agreed.month.year - published_month.year) * 12 + (
            latest_agreed.month.month - published_month.month
        )
    return {"published": published, "stale": behind > MAX_AGE_MONTHS, "months_behind": behind}
