"""Reads for the plan, action, inspection and coverage pages, each in a fixed
number of queries whatever the number of actions and updates."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    When,
)
from django.urls import reverse

from areas.models import Assessment, LocalArea, Rating
from common.prepared import field_names, instance, prepared, row_parts
from frameworks.models import Criterion, FollowUps, Framework, Outcome, RatingLevel

from .models import (
    Action,
    ActionPointLink,
    ActionQuerySet,
    Finding,
    ImprovementPlan,
    Inspection,
    Workstream,
)

STATUSES = list(Action.Status.choices)


def area_actions(area: LocalArea | int) -> ActionQuerySet:
    return Action.objects.for_area(area)


def plan_actions(plan: ImprovementPlan, today: dt.date | None = None) -> QuerySet[Action]:
    """Every action of a plan, ready for the actions table (criteria prefetched)."""
    return (
        Action.objects.filter(workstream__plan=plan)
        .with_overdue(today)
        .select_related("workstream__plan__area")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order").only("code", "label"))
        )
        .order_by("workstream__code", "due_on", "pk")
    )


# What the plan page's table shows of an action (with its workstream, set from those
# already fetched, and its criteria's labels): the rest of the row is never read there.
TABLE_FIELDS = ("workstream_id", "description", "owner", "partner", "due_on", "status")


def plan_page_workstreams(plan: ImprovementPlan) -> list[Workstream]:
    """The plan's workstreams in code order, each knowing its plan (and so its area)."""
    workstreams = list(plan.workstreams.order_by("code"))
    for workstream in workstreams:
        workstream.plan = plan
    return workstreams


def plan_page_actions(
    plan: ImprovementPlan, workstreams: list[Workstream], today: dt.date | None = None
) -> list[Action]:
    """Every action of a plan for its page's table, in two queries: each action's
    workstream is one of `workstreams` (from plan_page_workstreams) and its criteria's
    labels, in criterion order, are in `criteria_labels`."""
    actions = list(
        Action.objects.filter(workstream__plan=plan)
        .with_overdue(today)
        .only(*TABLE_FIELDS)
        .order_by("workstream__code", "due_on", "pk")
    )
    labels: dict[int, list[str]] = defaultdict(list)
    links = Action.criteria.through.objects.filter(action__workstream__plan=plan)
    for action_id, label in links.order_by("criterion__order").values_list(
        "action_id", "criterion__label"
    ):
        labels[action_id].append(label)
    by_pk = {workstream.pk: workstream for workstream in workstreams}
    for action in actions:
        action.workstream = by_pk[action.workstream_id]
        action.criteria_labels = labels.get(action.pk, [])  # type: ignore[attr-defined]
    return actions


@dataclass
class WorkstreamSummary:
    workstream: Workstream
    actions: list[Action]
    counts: list[tuple[str, int]]  # (status label, count) for statuses that occur
    overdue: int


def plan_workstreams(
    plan: ImprovementPlan, actions: list[Action], workstreams: list[Workstream] | None = None
) -> list[WorkstreamSummary]:
    # `actions` come from plan_actions() or plan_page_actions(), annotated with `overdue`.
    """Workstreams (those given, or fetched) with their actions and counts by status
    (actions already fetched)."""
    by_workstream: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        by_workstream[action.workstream_id].append(action)
    summaries = []
    if workstreams is None:
        workstreams = list(plan.workstreams.order_by("code"))
    for workstream in workstreams:
        own = by_workstream[workstream.pk]
        count = Counter(action.status for action in own)
        summaries.append(
            WorkstreamSummary(
                workstream=workstream,
                actions=own,
                counts=[(label, count[value]) for value, label in STATUSES if count[value]],
                overdue=sum(1 for action in own if getattr(action, "overdue", False)),
            )
        )
    return summaries


def action_with_history(area: LocalArea, pk: int, today: dt.date | None = None) -> Action:
    return (
        area_actions(area)
        .with_overdue(today)
        .select_related("workstream__plan__area")
        .prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("order")),
            Prefetch("weaknesses", queryset=Finding.objects.select_related("inspection")),
            "milestones",
            Prefetch("updates", queryset=_updates()),
        )
        .get(pk=pk)
    )


def _updates():
    from actions.models import ProgressUpdate

    return ProgressUpdate.objects.select_related("recorded_by", "withdrawn_by").order_by(
        "-date", "-recorded_at", "-pk"
    )


# --- coverage: the gaps a board must see --------------------------------------------


@dataclass
class CriterionGap:
    criterion: Criterion
    level: RatingLevel


@dataclass
class Coverage:
    month: Assessment | None  # the latest agreed month the criteria gaps come from
    criteria: list[CriterionGap] = field(default_factory=list)
    weaknesses: list[Finding] = field(default_factory=list)
    inspected: bool = True  # whether the area has any inspection recorded

    @property
    def total(self) -> int:
        return len(self.criteria) + len(self.weaknesses)


def latest_agreed(area: LocalArea) -> Assessment | None:
    """The latest agreed month, on whichever framework it was rated against: its own
    criteria are the gaps, so months before and after a switch never mix."""
    return (
        Assessment.objects.filter(area=area, status=Assessment.Status.AGREED)
        .order_by("-month")
        .first()
    )


_UNSET = object()


def _criteria_gaps(area: LocalArea | int, month_id: int, framework_id: int) -> QuerySet[Rating]:
    covered = Action.criteria.through.objects.filter(action__workstream__plan__area=area).exclude(
        action__status__in=Action.FINISHED
    )
    return (
        Rating.objects.filter(assessment=month_id, criterion__framework_id=framework_id)
        .filter(level__order__lt=_target_order(framework_id))
        .exclude(criterion_id__in=covered.values("criterion_id"))
    )


def _weakness_gaps(area: LocalArea | int) -> QuerySet[Finding]:
    addressing = Action.objects.filter(weaknesses=OuterRef("pk"))
    return (
        Finding.objects.for_area(area)
        .standing()  # a withdrawn finding is no gap
        .filter(kind__in=Finding.WEAKNESSES)
        # Asked as "no such action", which stops at the first, rather than counted.
        .filter(~Exists(addressing.exclude(status=Action.Status.CLOSED)))
    )


def coverage(area: LocalArea, month=_UNSET, *, inspected: bool = False) -> Coverage:
    """Criteria below the target level (red or amber) in the latest agreed month that no
    open action addresses, and weaknesses that no action (other than a closed one) does.
    `inspected`: the caller knows the area has an inspection (a plan that follows one).

    A complete or closed action no longer covers a criterion: the criterion is still
    below target, so the board needs to see it again."""
    if month is _UNSET:
        month = latest_agreed(area)
    result = Coverage(month=month)
    if month is not None:
        below_target = (
            _criteria_gaps(area, month.pk, month.framework_id)
            .select_related("criterion", "level")
            .order_by("criterion__order")
        )
        result.criteria = [CriterionGap(r.criterion, r.level) for r in below_target]
    result.weaknesses = list(
        _weakness_gaps(area)
        .select_related("inspection__area")
        .order_by("inspection__started_on", "number")
    )
    result.inspected = (
        inspected or bool(result.weaknesses) or Inspection.objects.filter(area=area).exists()
    )
    return result


def _target_order(framework_id: int) -> Subquery:
    """The target level's order as a subquery (Green in 2016; the best level otherwise)."""
    levels = RatingLevel.objects.filter(framework_id=framework_id)
    return Subquery(levels.order_by("-is_target", "-order").values("order")[:1])


# --- the area dashboard's summary -------------------------------------------------------


@dataclass
class ActionsSummary:
    counts: list[tuple[str, str, int]]  # (status value, label, count)
    overdue: int
    open: int
    criteria_gaps: int
    weakness_gaps: int

    @property
    def has_actions(self) -> bool:
        return any(count for _, _, count in self.counts)


def dashboard_summary(
    area: LocalArea, *, latest_agreed_month=_UNSET, today: dt.date | None = None
) -> ActionsSummary:
    """Counts only (the plan page lists them): actions by status, overdue, and gaps."""
    if latest_agreed_month is _UNSET:
        latest_agreed_month = latest_agreed(area)
    rows = _counts_by_status(area_id=area.pk, today=today or dt.date.today())
    by_status = {status: (count, late) for status, count, late in rows}
    # `late` counts by the overdue rule itself, so finished actions already count 0.
    return ActionsSummary(
        counts=[(value, label, by_status.get(value, (0, 0))[0]) for value, label in STATUSES],
        overdue=sum(late for _, late in by_status.values()),
        open=sum(n for status, (n, _) in by_status.items() if status not in Action.FINISHED),
        criteria_gaps=(
            len(
                _criteria_gap_ids(
                    area_id=area.pk,
                    month_id=latest_agreed_month.pk,
                    framework_id=latest_agreed_month.framework_id,
                )
            )
            if latest_agreed_month
            else 0
        ),
        weakness_gaps=len(_weakness_gap_ids(area_id=area.pk)),
    )


# The dashboard's three counts, prepared (common/prepared.py): built once a process.
@prepared
def _counts_by_status(area_id: int, today: dt.date) -> QuerySet:
    return (
        area_actions(area_id)
        .order_by()
        .values("status")
        .annotate(n=Count("id"), late=Count("id", filter=Action.overdue_when(today)))
        .values_list("status", "n", "late")
    )


@prepared
def _criteria_gap_ids(area_id: int, month_id: int, framework_id: int) -> QuerySet:
    return _criteria_gaps(area_id, month_id, framework_id).values_list("pk")


@prepared
def _weakness_gap_ids(area_id: int) -> QuerySet:
    return _weakness_gaps(area_id).values_list("pk")


# --- the inspection page ------------------------------------------------------------------


def inspection_with_findings(area: LocalArea, pk: int) -> Inspection:
    return (
        Inspection.objects.for_area(area)
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("withdrawn_by")
                .order_by("kind", "number")
                .prefetch_related(
                    Prefetch("criteria", queryset=Criterion.objects.order_by("order")),
                    Prefetch(
                        "actions",
                        queryset=Action.objects.select_related("workstream__plan").order_by(
                            "due_on"
                        ),
                    ),
                ),
            )
        )
        .get(pk=pk)
    )


def latest_levels(area: LocalArea, criteria_ids) -> dict[int, RatingLevel]:
    """Each criterion's level in the latest agreed month."""
    month = latest_agreed(area)
    if month is None:
        return {}
    ratings = Rating.objects.filter(assessment=month, criterion_id__in=criteria_ids).select_related(
        "level"
    )
    return {rating.criterion_id: rating.level for rating in ratings}


def criterion_actions(
    area: LocalArea, criterion: Criterion, today: dt.date | None = None
) -> list[dict]:
    """The actions on a criterion, soonest due first, as values: what the criterion
    page shows of each, with its plan's id and title (no instances to build)."""
    rows = _criterion_actions(
        area_id=area.pk, criterion_id=criterion.pk, today=today or dt.date.today()
    )
    return [dict(zip(CRITERION_ACTION_FIELDS, row, strict=True)) for row in rows]


CRITERION_ACTION_FIELDS = (
    "pk",
    "description",
    "status",
    "due_on",
    "overdue",
    "plan_pk",
    "plan_title",
)


@prepared  # built once a process (common/prepared.py)
def _criterion_actions(area_id: int, criterion_id: int, today: dt.date) -> QuerySet:
    return (
        area_actions(area_id)
        .filter(criteria=criterion_id)
        .with_overdue(today)
        .order_by("due_on")
        .values_list(*CRITERION_ACTION_FIELDS[:5], "workstream__plan_id", "workstream__plan__title")
    )


@dataclass(frozen=True)
class PointAction:
    """An action as a self-evaluation point lists it: a link to it and its words."""

    description: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url


def actions_by_point_key(area: LocalArea, keys) -> dict:
    """The actions linked to each self-evaluation point key (one query; none without
    keys). Only what the point shows is read, the area already known, in SQL: the ORM
    took longer to build this query than the database to answer it."""
    keys = list(keys)
    found: dict = defaultdict(list)
    if not keys:
        return found
    key = ActionPointLink._meta.get_field("point_key")
    links, actions, workstreams, plans = (
        model._meta.db_table for model in (ActionPointLink, Action, Workstream, ImprovementPlan)
    )
    wanted = ", ".join(["%s"] * len(keys))
    sql = f"""
        SELECT l.point_key, a.id, a.description, w.plan_id
        FROM {links} l
        JOIN {actions} a ON a.id = l.action_id
        JOIN {workstreams} w ON w.id = a.workstream_id
        JOIN {plans} p ON p.id = w.plan_id
        WHERE p.area_id = %s AND l.point_key IN ({wanted})
        ORDER BY a.due_on"""  # noqa: S608 - names from the models
    url = action_url(area.slug)
    with connection.cursor() as cursor:
        cursor.execute(sql, [area.pk, *(key.get_db_prep_value(k, connection) for k in keys)])
        for point_key, action_id, description, plan_id in cursor:
            found[key.to_python(point_key)].append(
                PointAction(description, url(plan_id, action_id))
            )
    return found


# Stands for a plan's and an action's ids in a reversed URL.
PLACEHOLDER = 9876543210


def action_url(area_slug: str) -> Callable[[int, int], str]:
    """The address of an action of the area by its plan's id and its own: reversed once
    a page, not once an action."""
    url = reverse("plans:action", args=[area_slug, PLACEHOLDER, PLACEHOLDER])
    before, middle, after = url.rsplit(str(PLACEHOLDER), 2)
    return lambda plan_id, action_id: f"{before}{plan_id}{middle}{action_id}{after}"


@prepared
def _latest_published_inspection(area_id: int) -> QuerySet:
    return (
        Inspection.objects.for_area(area_id)
        .filter(published_on__isnull=False)
        .order_by("-published_on")
        .values_list(*field_names(Inspection))[:1]
    )


def outcome_found(inspection: Inspection) -> tuple[Outcome | None, FollowUps | None]:
    """The framework outcome the inspection reported, and the usual dates of what it
    sets in motion (once the report's publication date is known). 2016 outcomes (a
    written statement of action, or not) have no entry: (None, None)."""
    found = _outcome_of(code=inspection.outcome_category, framework_id=inspection.framework_id)
    outcome = None
    if found:
        values, framework = row_parts(found[0], Outcome)
        outcome = instance(Outcome, values)
        outcome.framework = instance(Framework, framework)
    if outcome is None or inspection.published_on is None:
        return outcome, None
    return outcome, outcome.follow_ups(inspection.published_on)


@prepared  # built once a process (common/prepared.py)
def _outcome_of(code: str, framework_id: int) -> QuerySet:
    # Its own framework's outcome first, else the newest framework's: one query.
    own_first = Case(When(framework_id=framework_id, then=0), default=1)
    return (
        Outcome.objects.filter(code=code)
        .order_by(own_first, "-framework__year", "order")
        .values_list(*field_names(Outcome), *field_names(Framework, "framework"))[:1]
    )


@dataclass(frozen=True)
class InspectionFollowUps:
    inspection: Inspection
    outcome: Outcome
    follow_ups: FollowUps


def latest_follow_ups(area: LocalArea) -> InspectionFollowUps | None:
    """What the area's latest published inspection set in motion, for the dashboard's
    countdown; None if its outcome sets no dates (a 2016 inspection)."""
    found = _latest_published_inspection(area_id=area.pk)
    if not found:
        return None
    latest = instance(Inspection, found[0])
    outcome, follow_ups = outcome_found(latest)
    if outcome is None or follow_ups is None:
        return None
    return InspectionFollowUps(latest, outcome, follow_ups)
