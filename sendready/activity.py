"""An area's activity: every change to its records, newest first, from the history
django-simple-history keeps for each kind of record (one query per kind)."""

import datetime as dt
import heapq
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.urls import reverse

from actions import models as actions
from areas import models as areas

PAGE = 50
ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


def month_url(slug: str, month: dt.date, anchor: str = "") -> str:
    return reverse("ratings:month", args=[slug, f"{month:%Y-%m}"]) + anchor


def page(name: str, *ids) -> Callable[[str, Any], str]:
    return lambda slug, row: reverse(name, args=[slug, *(ids_of(row, ids))])


def ids_of(row, paths) -> list:
    values = []
    for path in paths:
        value = row
        for part in path.split("."):
            value = getattr(value, part)
        values.append(value)
    return values


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    model: type
    related: tuple[str, ...]
    describe: Callable[[Any], str]
    link: Callable[[str, Any], str]


KINDS = [
    Kind(
        "rating",
        "Rating",
        areas.Rating,
        ("assessment", "criterion", "level"),
        lambda r: f"{r.criterion.code}, {r.assessment.month:%B %Y}: {r.level.label}",
        lambda s, r: month_url(s, r.assessment.month, f"#rating-{r.criterion.code}"),
    ),
    Kind(
        "month",
        "Month",
        areas.Assessment,
        (),
        lambda r: f"{r.month:%B %Y}: {r.get_status_display().lower()}",
        lambda s, r: month_url(s, r.month),
    ),
    Kind(
        "reopening",
        "Reopening",
        areas.Reopening,
        ("assessment",),
        lambda r: f"{r.assessment.month:%B %Y} reopened: {r.reason}",
        lambda s, r: month_url(s, r.assessment.month),
    ),
    Kind(
        "switch",
        "Framework switch",
        areas.FrameworkSwitch,
        ("to_framework",),
        lambda r: f"Moved to {r.to_framework.short_name} from {r.from_month:%B %Y}",
        page("ratings:tracker"),
    ),
    Kind(
        "membership",
        "Role",
        areas.Membership,
        ("user",),
        lambda r: f"{r.user.get_username()}: {r.get_role_display()}",
        page("members:members"),
    ),
    Kind(
        "self_evaluation",
        "Self-evaluation version",
        areas.SelfEvaluationVersion,
        (),
        lambda r: f"Version {r.number}: {r.get_status_display().lower()}",
        page("self_evaluation:version", "number"),
    ),
    Kind(
        "point",
        "Self-evaluation point",
        areas.SelfEvaluationPoint,
        ("version",),
        lambda r: f"{r.label} (version {r.version.number})",
        page("self_evaluation:version", "version.number"),
    ),
    Kind(
        "kpi_value",
        "KPI figure",
        areas.KpiValue,
        ("kpi",),
        lambda r: f"{r.kpi.name}, {r.period:%b %Y}: {r.value}",
        page("kpis:kpis"),
    ),
    Kind(
        "kpi_target",
        "KPI target",
        areas.KpiTarget,
        ("kpi",),
        lambda r: f"{r.kpi.name}, {r.period:%Y}: target {r.value}",
        page("kpis:kpis"),
    ),
    Kind(
        "kpi_commentary",
        "KPI commentary",
        areas.KpiException,
        ("kpi",),
        lambda r: f"{r.kpi.name}, {r.period:%b %Y}",
        page("kpis:kpis"),
    ),
    Kind(
        "inspection",
        "Inspection",
        actions.Inspection,
        (),
        lambda r: f"{r.get_kind_display()}, {r.started_on:%B %Y}",
        page("plans:inspection", "id"),
    ),
    Kind(
        "finding",
        "Finding",
        actions.Finding,
        (),
        lambda r: f"{r.get_kind_display()} {r.number}",
        page("plans:inspection", "inspection_id"),
    ),
    Kind("plan", "Plan", actions.ImprovementPlan, (), lambda r: r.title, page("plans:plan", "id")),
    Kind(
        "workstream",
        "Workstream",
        actions.Workstream,
        (),
        lambda r: f"{r.code}. {r.title}",
        page("plans:plan", "plan_id"),
    ),
    Kind(
        "action",
        "Action",
        actions.Action,
        ("workstream",),
        lambda r: f"{r.description[:80]} ({r.get_status_display().lower()})",
        page("plans:action", "workstream.plan_id", "id"),
    ),
    Kind(
        "milestone",
        "Milestone",
        actions.Milestone,
        ("action__workstream",),
        lambda r: r.title,
        page("plans:action", "action.workstream.plan_id", "action_id"),
    ),
    Kind(
        "progress",
        "Progress update",
        actions.ProgressUpdate,
        ("action__workstream",),
        lambda r: f"{r.date:%d %b %Y}: {r.get_status_after_display()}",
        page("plans:action", "action.workstream.plan_id", "action_id"),
    ),
    Kind(
        "review",
        "Scrutiny review",
        actions.ScrutinyReview,
        (),
        lambda r: r.title,
        page("scrutiny:review", "id"),
    ),
    Kind(
        "recommendation",
        "Recommendation",
        actions.Recommendation,
        (),
        lambda r: f"Recommendation {r.number}",
        page("scrutiny:review", "review_id"),
    ),
    Kind(
        "response",
        "Cabinet response",
        actions.Response,
        ("recommendation",),
        lambda r: f"Recommendation {r.recommendation.number}: {r.get_decision_display()}",
        page("scrutiny:review", "recommendation.review_id"),
    ),
    Kind(
        "recommendation_update",
        "Recommendation progress",
        actions.RecommendationUpdate,
        ("recommendation",),
        lambda r: f"Recommendation {r.recommendation.number}: {r.get_assessment_display()}",
        page("scrutiny:review", "recommendation.review_id"),
    ),
]
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Change:
    when: dt.datetime
    who: str
    kind: Kind
    action: str
    what: str
    url: str


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    record: int | None = None
    person: int | None = None
    since: dt.date | None = None
    before: dt.datetime | None = None


def kind_rows(kind: Kind, area, filters: Filters):
    rows = kind.model.history.filter(**{kind.model.area_path: area})  # type: ignore[attr-defined]
    if filters.record is not None:
        rows = rows.filter(id=filters.record)
    if filters.person is not None:
        rows = rows.filter(history_user_id=filters.person)
    if filters.since is not None:
        rows = rows.filter(history_date__date__gte=filters.since)
    if filters.before is not None:
        rows = rows.filter(history_date__lt=filters.before)
    rows = rows.select_related("history_user", *kind.related).order_by("-history_date")
    return ((row.history_date, kind, row) for row in rows[:PAGE])


def action_word(row) -> str:
    # A withdrawn record cannot be changed again, so its one change with `withdrawn_at`
    # set is the withdrawal itself.
    if row.history_type == "~" and getattr(row, "withdrawn_at", None):
        return "Withdrawn"
    return ACTIONS[row.history_type]


def area_activity(area, filters: Filters) -> list[Change]:
    """The newest PAGE changes in the area that match `filters`."""
    kinds = [KIND_BY_KEY[filters.kind]] if filters.kind in KIND_BY_KEY else KINDS
    newest = heapq.merge(
        *(kind_rows(kind, area, filters) for kind in kinds), key=lambda t: t[0], reverse=True
    )
    return [
        Change(
            when=when,
            who=row.history_user.get_username() if row.history_user else "the system",
            kind=kind,
            action=action_word(row),
            what=kind.describe(row),
            url=kind.link(area.slug, row),
        )
        for when, kind, row in islice(newest, PAGE)
    ]
