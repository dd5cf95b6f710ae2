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
from areas.members.selectors import area_framework_ids
from common.errors import Refused
from common.services import saved
from common.withdrawal import still_standing, withdrawn
from frameworks.models import Criterion, Framework

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


def check_criteria(criteria: Iterable[Criterion], framework_ids: list[int]) -> None:
    """Refuse criteria from a framework the area has not worked to."""
    if any(criterion.framework_id not in framework_ids for criterion in criteria):
        raise Refused("Those criteria are not in this area's inspection frameworks.")


@transaction.atomic
def inspection_save(
    *,
    area: LocalArea,
    by,
    inspection: Inspection | None = None,
    kind: str,
    started_on: dt.date,
    outcome_category: str,
    framework: Framework | None = None,
    published_on: dt.date | None = None,
    outcome: str = "",
    report_url: str = "",
) -> Inspection:
    inspection = inspection or Inspection(area=area, framework_id=area.framework_id)
    if framework is not None:
        if framework.pk not in area_framework_ids(area):
            raise Refused("That framework is not one this area works to.")
        inspection.framework = framework
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
    check_criteria(criteria, [inspection.framework_id])
    finding = still_standing(finding) if finding else Finding(inspection=inspection)
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
    key_indicators: str = "",
) -> Workstream:
    workstream = workstream or Workstream(plan=plan)
    workstream.code, workstream.title = code, title
    workstream.lead_partner, workstream.lead_officer = lead_partner, lead_officer
    workstream.key_indicators = key_indicators
    return saved(workstream, by=by)


def check_action_links(plan: ImprovementPlan, workstream, weaknesses, points) -> None:
    """Refuse a workstream, weaknesses or points that are not this plan's area's, and
    weaknesses that have been withdrawn."""
    if workstream.plan_id != plan.pk:
        raise Refused("That workstream belongs to another plan.")
    if any(w.inspection.area_id != plan.area_id or not w.is_weakness for w in weaknesses):
        raise Refused("Those weaknesses are not from this area's inspections.")
    linked = Finding.objects.filter(pk__in=[weakness.pk for weakness in weaknesses])
    if weaknesses and linked.withdrawn().exists():
        raise Refused("That weakness has been withdrawn: an action cannot address it.")
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
    check_criteria(criteria, area_framework_ids(plan.area))
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
def finding_withdraw(*, finding: Finding, by, reason: str) -> Finding:
    """Withdraw a finding: kept and shown as withdrawn, but no longer a weakness that
    coverage lists, nor one an action can be linked to."""
    return withdrawn(finding, by=by, reason=reason)


# --- progress: each update sets the action's status ----------------------------------------


@transaction.atomic
def progress_add(*, action: Action, by, date: dt.date, text: str, status_after: str):
    """Record progress on an action; the action takes the status the update gives it."""
    update = ProgressUpdate(
        action=action, recorded_by=by, date=date, text=text, status_after=status_after
    )
    saved(update, by=by)
    action.status = update.status_after
    saved(action, by=by)
    return update


def latest_progress(action: Action) -> ProgressUpdate | None:
    """The action's latest update that stands, in the order its page lists them."""
    return action.updates.standing().order_by("-date", "-recorded_at", "-pk").first()


def follows_its_updates(action: Action) -> bool:
    """Whether the action's status is still the one its latest update gave it (and not
    one set by hand on the action since)."""
    latest = latest_progress(action)
    return latest is not None and latest.status_after == action.status


def status_before(update: ProgressUpdate) -> str | None:
    """The status the action had just before `update` was recorded (from its history)."""
    earlier = update.action.history.filter(history_date__lt=update.recorded_at)
    row = earlier.order_by("-history_date").first()
    return row.status if row else None


def status_follow_updates(action: Action, *, by, fallback: str | None = None) -> None:
    """The action takes the status its latest standing update gives it, or `fallback`
    when no update is left."""
    latest = latest_progress(action)
    status = latest.status_after if latest else fallback
    if status and status != action.status:
        action.status = status
        saved(action, by=by)


# After a correction or a withdrawal the action's status follows its updates again, as
# progress_add makes it: it is what the latest update that stands says (the update its
# page lists first, so the page and the status agree). With no update left, the action
# goes back to the status it had before the withdrawn update was recorded. The other
# choice, "what it was before the withdrawn update" in every case, would differ only
# when someone set the status by hand between two updates; it reads the history rather
# than the updates on the page, and a correction (a new date can make another update the
# latest) needs this rule anyway: one rule for both. A status set by hand after the
# latest update is left alone: whoever set it knew more than the updates say.


@transaction.atomic
def progress_correct(
    *, update: ProgressUpdate, by, date: dt.date, text: str, status_after: str
) -> ProgressUpdate:
    """Correct a progress update (its history keeps what it said before)."""
    action = Action.objects.select_for_update().get(pk=update.action_id)
    following = follows_its_updates(action)
    update = still_standing(update)
    update.date, update.text, update.status_after = date, text, status_after
    saved(update, by=by)
    if following:
        status_follow_updates(action, by=by)
    return update


@transaction.atomic
def progress_withdraw(*, update: ProgressUpdate, by, reason: str) -> ProgressUpdate:
    """Withdraw a progress update: kept and shown as withdrawn; the action's status no
    longer follows it (see above)."""
    action = Action.objects.select_for_update().get(pk=update.action_id)
    following = follows_its_updates(action)
    update = withdrawn(update, by=by, reason=reason)
    if following:
        status_follow_updates(action, by=by, fallback=status_before(update))
    return update
