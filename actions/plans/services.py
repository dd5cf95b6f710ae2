"""Writes to inspections, findings, plans, workstreams, actions, milestones and progress.

Each service names the fields it writes and records who wrote them. Every write checks
that what it links to belongs to the same local area, even though the forms only offer
such choices: a hand-made request must not cross areas."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction

from areas.members.models import LocalArea
from common.errors import Refused
from common.services import saved, validated_save
from frameworks.models import Criterion

from .models import (
    Action,
    ActionPointLink,
    Finding,
    ImprovementPlan,
    Inspection,
    Milestone,
    ProgressUpdate,
    Workstream,
)


def check_criteria(criteria: Iterable[Criterion], framework_id: int) -> None:
    """Refuse criteria from another framework than the area's."""
    if any(criterion.framework_id != framework_id for criterion in criteria):
        raise Refused("Those criteria are not in this area's inspection framework.")


@transaction.atomic
def inspection_save(
    *,
    area: LocalArea,
    by,
    inspection: Inspection | None = None,
    kind: str,
    started_on: dt.date,
    outcome_category: str,
    published_on: dt.date | None = None,
    outcome: str = "",
    report_url: str = "",
) -> Inspection:
    inspection = inspection or Inspection(area=area, framework_id=area.framework_id)
    inspection.kind, inspection.outcome_category = kind, outcome_category
    inspection.started_on, inspection.published_on = started_on, published_on
    inspection.outcome, inspection.report_url = outcome, report_url
    return saved(inspection, by=by)


@transaction.atomic
def finding_save(
    *,
    inspection: Inspection,
    by,
    finding: Finding | None = None,
    kind: str,
    number: int,
    text: str,
    criteria: Iterable[Criterion] = (),
) -> Finding:
    criteria = list(criteria)
    check_criteria(criteria, inspection.framework_id)
    finding = finding or Finding(inspection=inspection)
    finding.kind, finding.number, finding.text = kind, number, text
    saved(finding, by=by)
    finding.criteria.set(criteria)
    return finding


@transaction.atomic
def plan_save(
    *,
    area: LocalArea,
    by,
    plan: ImprovementPlan | None = None,
    title: str,
    kind: str,
    starts_on: dt.date,
    status: str = ImprovementPlan.Status.ACTIVE,
    inspection: Inspection | None = None,
    ends_on: dt.date | None = None,
    governance: str = "",
    budget: Decimal | None = None,
) -> ImprovementPlan:
    if inspection is not None and inspection.area_id != area.pk:
        raise Refused("That inspection belongs to another area.")
    plan = plan or ImprovementPlan(area=area)
    plan.title, plan.kind, plan.status, plan.inspection = title, kind, status, inspection
    plan.starts_on, plan.ends_on = starts_on, ends_on
    plan.governance, plan.budget = governance, budget
    return saved(plan, by=by)


@transaction.atomic
def workstream_save(
    *,
    plan: ImprovementPlan,
    by,
    workstream: Workstream | None = None,
    code: str,
    title: str,
    lead_partner: str,
    lead_officer: str = "",
) -> Workstream:
    workstream = workstream or Workstream(plan=plan)
    workstream.code, workstream.title = code, title
    workstream.lead_partner, workstream.lead_officer = lead_partner, lead_officer
    return saved(workstream, by=by)


def check_action_links(plan: ImprovementPlan, workstream, weaknesses, points) -> None:
    """Refuse a workstream, weaknesses or points that are not this plan's area's."""
    if workstream.plan_id != plan.pk:
        raise Refused("That workstream belongs to another plan.")
    if any(w.inspection.area_id != plan.area_id or not w.is_weakness for w in weaknesses):
        raise Refused("Those weaknesses are not from this area's inspections.")
    if any(point.version.area_id != plan.area_id for point in points):
        raise Refused("Those self-evaluation points are not this area's.")


@transaction.atomic
def action_save(
    *,
    plan: ImprovementPlan,
    by,
    action: Action | None = None,
    workstream: Workstream,
    description: str,
    owner: str,
    partner: str,
    due_on: dt.date,
    status: str = Action.Status.NOT_STARTED,
    starts_on: dt.date | None = None,
    success_measure: str = "",
    weaknesses: Iterable[Finding] = (),
    criteria: Iterable[Criterion] = (),
    points: Iterable = (),
) -> Action:
    weaknesses, criteria, points = list(weaknesses), list(criteria), list(points)
    check_action_links(plan, workstream, weaknesses, points)
    check_criteria(criteria, plan.area.framework_id)
    action = action or Action()
    action.workstream, action.description, action.owner = workstream, description, owner
    action.partner, action.status = partner, status
    action.starts_on, action.due_on = starts_on, due_on
    action.success_measure = success_measure
    saved(action, by=by)
    action.weaknesses.set(weaknesses)
    action.criteria.set(criteria)
    action.point_links.all().delete()
    ActionPointLink.objects.bulk_create(
        ActionPointLink(action=action, point_key=point.key) for point in points
    )
    return action


@transaction.atomic
def milestone_save(
    *,
    action: Action,
    by,
    milestone: Milestone | None = None,
    title: str,
    due_on: dt.date,
    done_on: dt.date | None = None,
) -> Milestone:
    milestone = milestone or Milestone(action=action)
    milestone.title, milestone.due_on, milestone.done_on = title, due_on, done_on
    return saved(milestone, by=by)


@transaction.atomic
def progress_add(*, action: Action, by, date: dt.date, text: str, status_after: str):
    """Record progress on an action; the action takes the status the update gives it."""
    update = ProgressUpdate(
        action=action, recorded_by=by, date=date, text=text, status_after=status_after
    )
    validated_save(update, by=by)
    action.status = update.status_after
    saved(action, by=by)
    return update
