"""Writes to inspections, findings, plans, workstreams, actions and progress updates.

Every write checks that what it links to belongs to the same local area, even though
the forms only offer such choices: a hand-made request must not cross areas."""

from __future__ import annotations

from django.db import transaction

from actions.models import (
    Action,
    ActionPointLink,
    Finding,
    ImprovementPlan,
    Inspection,
    ProgressUpdate,
    Workstream,
)
from common.errors import Refused


def _save(instance, data: dict, m2m: dict | None = None):
    for name, value in data.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    return instance


def _check_criteria(criteria, framework_id: int) -> None:
    if any(criterion.framework_id != framework_id for criterion in criteria):
        raise Refused("Those criteria are not in this area's inspection framework.")


@transaction.atomic
def inspection_save(*, area, data: dict, by, inspection: Inspection | None = None) -> Inspection:
    inspection = inspection or Inspection(area=area, framework_id=area.framework_id)
    return _save(inspection, data)


@transaction.atomic
def finding_save(
    *, inspection: Inspection, data: dict, by, finding: Finding | None = None
) -> Finding:
    data = dict(data)
    criteria = data.pop("criteria", [])
    _check_criteria(criteria, inspection.framework_id)
    return _save(finding or Finding(inspection=inspection), data, {"criteria": criteria})


@transaction.atomic
def plan_save(*, area, data: dict, by, plan: ImprovementPlan | None = None) -> ImprovementPlan:
    inspection = data.get("inspection")
    if inspection is not None and inspection.area_id != area.pk:
        raise Refused("That inspection belongs to another area.")
    return _save(plan or ImprovementPlan(area=area), data)


@transaction.atomic
def workstream_save(
    *, plan: ImprovementPlan, data: dict, by, workstream: Workstream | None = None
) -> Workstream:
    return _save(workstream or Workstream(plan=plan), data)


@transaction.atomic
def action_save(*, plan: ImprovementPlan, data: dict, by, action: Action | None = None) -> Action:
    data = dict(data)
    weaknesses = data.pop("weaknesses", [])
    criteria = data.pop("criteria", [])
    points = data.pop("points", [])
    if any(point.version.area_id != plan.area_id for point in points):
        raise Refused("Those self-evaluation points are not this area's.")
    if data["workstream"].plan_id != plan.pk:
        raise Refused("That workstream belongs to another plan.")
    if any(w.inspection.area_id != plan.area_id or not w.is_weakness for w in weaknesses):
        raise Refused("Those weaknesses are not from this area's inspections.")
    _check_criteria(criteria, plan.area.framework_id)
    saved = _save(action or Action(), data, {"weaknesses": weaknesses, "criteria": criteria})
    saved.point_links.all().delete()
    ActionPointLink.objects.bulk_create(
        ActionPointLink(action=saved, point_key=point.key) for point in points
    )
    return saved


@transaction.atomic
def progress_add(*, action: Action, data: dict, by) -> ProgressUpdate:
    """Record progress on an action; the action takes the status the update gives it."""
    update = _save(ProgressUpdate(action=action, recorded_by=by), data)
    action.status = update.status_after
    action.full_clean()
    action.save(update_fields=["status", "updated_at"])
    return update
