"""Writes to the self-evaluation: a draft is edited; publishing freezes it; the next
draft starts as a copy whose points keep their keys, so versions can be compared.

A point in the draft is corrected by editing it. A point that has never been published
may be deleted (the history keeps it); one whose key was in a published version is
withdrawn instead, saying why, so that the draft, and the version it becomes, show
why it went. A published version never changes: nothing in it is corrected, deleted or
withdrawn (withdraw the point from the next draft)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from areas.members.models import LocalArea
from areas.members.selectors import area_framework_ids
from common.errors import Refused
from common.services import attribute_to, deleted, saved
from common.withdrawal import still_standing, withdrawn
from frameworks.models import Criterion, JudgementArea, Kpi

from .models import SelfEvaluationPoint as Point
from .models import SelfEvaluationVersion as Version
from .selectors import published_in


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
    saved(draft, by=by)
    if latest:
        # A withdrawn point goes no further: the new draft starts without it.
        for point in latest.points.standing().prefetch_related("criteria", "kpis"):
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
                updated_by=by,
            )
            attribute_to(copy, by)
            copy.save()
            copy.criteria.set(point.criteria.all())
            copy.kpis.set(point.kpis.all())
    return draft


def ensure_editable(version: Version) -> None:
    if version.is_published:
        raise Refused(
            f"Version {version.number} is published and cannot change. "
            "Start a new draft to make changes."
        )


def check_framework(version: Version, judgement_area, criteria, kpis) -> None:
    """The question comes from the version's framework; criteria and KPIs may be of any
    framework the area has worked to (evidence from before a switch still counts)."""
    if any(c.framework_id not in area_framework_ids(version.area) for c in criteria):
        raise Refused("Those criteria are not in this area's inspection frameworks.")
    if any(k.framework_id not in area_framework_ids(version.area) for k in kpis):
        raise Refused("Those KPIs are not in this area's inspection frameworks.")
    if judgement_area.framework_id != version.framework_id:
        raise Refused("That judgement area is not in this area's inspection framework.")


@transaction.atomic
def point_save(
    *,
    version: Version,
    by,
    point: Point | None = None,
    judgement_area: JudgementArea,
    kind: str,
    label: str,
    explanation: str,
    evidence: str = "",
    criteria: Iterable[Criterion] = (),
    kpis: Iterable[Kpi] = (),
) -> Point:
    ensure_editable(version)
    criteria, kpis = list(criteria), list(kpis)
    check_framework(version, judgement_area, criteria, kpis)
    if point is None:  # a new point goes to the end of its list
        point = Point(version=version)
        same_list = version.points.filter(judgement_area=judgement_area, kind=kind)
        point.order = 1 + max(same_list.values_list("order", flat=True), default=0)
    else:
        point = still_standing(point)
    point.judgement_area, point.kind, point.label = judgement_area, kind, label
    point.explanation, point.evidence = explanation, evidence
    saved(point, by=by)
    point.criteria.set(criteria)
    point.kpis.set(kpis)
    return point


@transaction.atomic
def point_add_to_draft(*, area: LocalArea, by, **fields) -> Point:
    """Add a point to the area's draft, starting the draft if there is none. The draft
    is started here, with the point, so that a refused point starts nothing."""
    return point_save(version=draft_start(area=area, by=by), by=by, **fields)


@transaction.atomic
def point_delete(*, point: Point, by) -> None:
    """Delete a point of the draft that has never been published."""
    ensure_editable(point.version)
    published = published_in(point)
    if published is not None:
        raise Refused(
            f"“{point.label}” was published in version {published.number}: withdraw it "
            "instead, saying why, so that the next version shows why it went."
        )
    deleted(point, by=by)


@transaction.atomic
def point_withdraw(*, point: Point, by, reason: str) -> Point:
    """Withdraw a point of the draft: kept and shown as withdrawn, and left out of the
    self-evaluation, its comparisons and the next draft."""
    ensure_editable(point.version)
    return withdrawn(point, by=by, reason=reason)


@transaction.atomic
def version_publish(*, version: Version, by, at: dt.datetime | None = None) -> Version:
    """Publish the draft; it never changes again (`at` records a past publication)."""
    locked = Version.objects.select_for_update().get(pk=version.pk)
    ensure_editable(locked)
    if not locked.points.standing().exists():
        raise Refused("An empty self-evaluation cannot be published: add its points first.")
    locked.status = Version.Status.PUBLISHED
    locked.published_by = by
    locked.published_at = at or timezone.now()
    saved(locked, by=by)
    return locked
