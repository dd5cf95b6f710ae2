"""Readiness summaries for the board: counts per level, movement between agreed
months, trends and persistent reds. Counting happens in the database; Python
only arranges the few aggregated rows (bounded by criteria × months shown),
never the area's whole rating history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, OuterRef, QuerySet, Subquery

from frameworks.models import Criterion, JudgementArea, RatingLevel

from .models import Assessment, LocalArea, Membership, Rating
from .months import previous_month, this_month

TREND_MONTHS = 12
PERSISTENT_RED_MONTHS = 3


def is_stale(latest_agreed_month: dt.date | None, today: dt.date | None = None) -> bool:
    """True when no month has been agreed in this or the previous calendar month."""
    if latest_agreed_month is None:
        return True
    return latest_agreed_month < previous_month(this_month(today))


# --- counts per level --------------------------------------------------------


@dataclass
class LevelCounts:
    """Counts per level, in scale order, for one judgement area or overall."""

    label: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class MonthCounts:
    assessment: Assessment
    by_judgement_area: list[LevelCounts]
    overall: LevelCounts


def count_levels(
    assessments: list[Assessment], judgement_areas: list[JudgementArea], levels: list[RatingLevel]
) -> dict[int, MonthCounts]:
    """Criteria per level per judgement area for each assessment, in one query.

    Ratings on criteria outside the month's framework are not counted."""
    counted = (
        Rating.objects.filter(
            assessment__in=[a.pk for a in assessments],
            criterion__framework_id=F("assessment__framework_id"),
        )
        .values_list("assessment_id", "criterion__judgement_area_id", "level_id")
        .annotate(n=Count("id"))
    )
    found: dict[tuple[int, int, int], int] = {(a, j, lv): n for a, j, lv, n in counted}
    result = {}
    for assessment in assessments:
        rows = [
            LevelCounts(
                label=ja.label or ja.code,
                counts=[found.get((assessment.pk, ja.pk, level.pk), 0) for level in levels],
            )
            for ja in judgement_areas
        ]
        overall = LevelCounts(
            label="All criteria",
            counts=[sum(col) for col in zip(*(r.counts for r in rows), strict=True)],
        )
        result[assessment.pk] = MonthCounts(assessment, rows, overall)
    return result


# --- movement between two agreed months ----------------------------------------


@dataclass
class Move:
    criterion: Criterion
    before: RatingLevel | None
    after: RatingLevel | None
    commentary: str = ""
    next_steps: str = ""


def _is(level: RatingLevel | None, other: RatingLevel | None) -> bool:
    return level is not None and other is not None and level.pk == other.pk


@dataclass
class Movement:
    still_red: list[Move] = field(default_factory=list)
    improved: list[Move] = field(default_factory=list)
    declined: list[Move] = field(default_factory=list)
    newly_green: list[Move] = field(default_factory=list)  # also listed under improved
    rated_once: list[Move] = field(default_factory=list)  # rated in only one of the months
    unchanged: int = 0

    def add(self, move: Move, *, worst: RatingLevel, target: RatingLevel | None) -> None:
        before, after = move.before, move.after
        if _is(after, target) and not _is(before, target):
            self.newly_green.append(move)
        if before is None or after is None:
            if before is not None or after is not None:
                self.rated_once.append(move)
        elif after.order > before.order:
            self.improved.append(move)
        elif after.order < before.order:
            self.declined.append(move)
        elif after.pk == worst.pk:
            self.still_red.append(move)
        else:
            self.unchanged += 1


def movement_between(
    previous: Assessment | None,
    latest: Assessment,
    criteria: list[Criterion],
    levels: list[RatingLevel],
) -> Movement:
    """Sort the framework's criteria into the board paper's movement groups."""
    months = [latest.pk] + ([previous.pk] if previous else [])
    rows = Rating.objects.filter(
        assessment__in=months, criterion__framework_id=latest.framework_id
    ).values_list("assessment_id", "criterion_id", "level_id", "commentary", "next_steps")
    level_by_id = {level.pk: level for level in levels}
    rated: dict[tuple[int, int], tuple] = {(a, c): (lv, com, nxt) for a, c, lv, com, nxt in rows}
    target = next((level for level in levels if level.is_target), levels[-1] if levels else None)
    movement = Movement()
    for criterion in criteria:
        now = rated.get((latest.pk, criterion.pk))
        then = rated.get((previous.pk, criterion.pk)) if previous else None
        move = Move(
            criterion=criterion,
            before=level_by_id.get(then[0]) if then else None,
            after=level_by_id.get(now[0]) if now else None,
            commentary=now[1] if now else "",
            next_steps=now[2] if now else "",
        )
        movement.add(move, worst=levels[0], target=target)
    return movement


# --- persistent reds --------------------------------------------------------------


@dataclass
class PersistentRed:
    criterion: Criterion
    months: int  # consecutive agreed months at the worst level, up to the latest
    at_least: bool = False  # the run goes back beyond the months looked at


def persistent_reds(
    agreed: list[Assessment], criteria: list[Criterion], worst: RatingLevel
) -> list[PersistentRed]:
    """Criteria at the worst level in each of the latest PERSISTENT_RED_MONTHS or more
    agreed months. `agreed` is newest first."""
    if len(agreed) < PERSISTENT_RED_MONTHS:
        return []
    red_in: dict[int, set[int]] = defaultdict(set)
    pairs = Rating.objects.filter(assessment__in=[a.pk for a in agreed], level=worst)
    for criterion_id, assessment_id in pairs.values_list("criterion_id", "assessment_id"):
        red_in[criterion_id].add(assessment_id)
    result = []
    for criterion in criteria:
        streak = 0
        for assessment in agreed:
            if assessment.pk not in red_in[criterion.pk]:
                break
            streak += 1
        if streak >= PERSISTENT_RED_MONTHS:
            result.append(PersistentRed(criterion, streak, at_least=streak == len(agreed)))
    return sorted(result, key=lambda red: (-red.months, red.criterion.order))


# --- the area dashboard ----------------------------------------------------------------


@dataclass
class AreaDashboard:
    area: LocalArea
    levels: list[RatingLevel]
    judgement_areas: list[JudgementArea]
    latest_agreed: Assessment | None
    previous_agreed: Assessment | None
    newer_draft: Assessment | None
    latest_counts: MonthCounts | None
    movement: Movement | None
    trend: list[MonthCounts]  # oldest first
    persistent_reds: list[PersistentRed]
    stale: bool
    agreed_months_shown: int = field(default=TREND_MONTHS)

    def trend_by_judgement_area(
        self,
    ) -> list[tuple[JudgementArea, list[tuple[Assessment, LevelCounts]]]]:
        return [
            (ja, [(month.assessment, month.by_judgement_area[i]) for month in self.trend])
            for i, ja in enumerate(self.judgement_areas)
        ]


def area_dashboard(area: LocalArea, today: dt.date | None = None) -> AreaDashboard:
    framework_id = area.framework_id
    levels = list(RatingLevel.objects.filter(framework_id=framework_id).order_by("order"))
    judgement_areas = list(
        JudgementArea.objects.filter(framework_id=framework_id).order_by("order")
    )
    criteria = list(
        Criterion.objects.filter(framework_id=framework_id)
        .select_related("judgement_area")
        .order_by("order")
    )
    months = Assessment.objects.filter(area=area, framework_id=framework_id).select_related("area")
    recent = list(months.order_by("-month")[:TREND_MONTHS])
    agreed = list(months.filter(status=Assessment.Status.AGREED).order_by("-month")[:TREND_MONTHS])
    latest_agreed = agreed[0] if agreed else None
    previous_agreed = agreed[1] if len(agreed) > 1 else None
    newest = recent[0] if recent else None
    newer_draft = (
        newest
        if newest
        and not newest.is_agreed
        and (latest_agreed is None or newest.month > latest_agreed.month)
        else None
    )
    counted = count_levels(
        list({a.pk: a for a in recent + agreed[:1]}.values()), judgement_areas, levels
    )
    return AreaDashboard(
        area=area,
        levels=levels,
        judgement_areas=judgement_areas,
        latest_agreed=latest_agreed,
        previous_agreed=previous_agreed,
        newer_draft=newer_draft,
        latest_counts=counted[latest_agreed.pk] if latest_agreed else None,
        movement=(
            movement_between(previous_agreed, latest_agreed, criteria, levels)
            if latest_agreed and levels
            else None
        ),
        trend=[counted[a.pk] for a in reversed(recent)],
        persistent_reds=persistent_reds(agreed, criteria, levels[0]) if levels else [],
        stale=is_stale(latest_agreed.month if latest_agreed else None, today),
    )


# --- the overview across areas ----------------------------------------------------------


def memberships_with_latest_agreed(user) -> QuerySet[Membership]:
    """The user's memberships, each annotated with the area's two latest agreed months."""
    agreed = Assessment.objects.filter(
        area=OuterRef("area"),
        framework=OuterRef("area__framework"),
        status=Assessment.Status.AGREED,
    ).order_by("-month")
    latest = Assessment.objects.filter(
        area=OuterRef("area"), framework=OuterRef("area__framework")
    ).order_by("-month")
    return (
        Membership.objects.filter(user=user)
        .select_related("area")
        .annotate(
            latest_agreed_id=Subquery(agreed.values("pk")[:1]),
            latest_agreed_month=Subquery(agreed.values("month")[:1]),
            previous_agreed_id=Subquery(agreed.values("pk")[1:2]),
            latest_month=Subquery(latest.values("month")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("area__name")
    )


@dataclass
class OverviewColumn:
    key: str
    judgement_area: str
    level: RatingLevel


def overview_rows(memberships: list[Any], today: dt.date | None = None):
    # `memberships` come from memberships_with_latest_agreed(), with its annotations.
    """One row per area: latest agreed counts per judgement area and level, and the
    change in reds since the previous agreed month. Returns (columns, rows)."""
    framework_ids = {m.area.framework_id for m in memberships}
    levels = list(
        RatingLevel.objects.filter(framework_id__in=framework_ids).order_by("framework_id", "order")
    )
    worst: dict[int, RatingLevel] = {}
    for level in levels:
        worst.setdefault(level.framework_id, level)
    judgement_areas = list(
        JudgementArea.objects.filter(framework_id__in=framework_ids).order_by(
            "framework_id", "order"
        )
    )
    columns, seen = [], set()
    for ja in judgement_areas:
        for level in (lv for lv in levels if lv.framework_id == ja.framework_id):
            key = f"{ja.code}_{level.code}"
            if key not in seen:
                seen.add(key)
                columns.append(OverviewColumn(key, ja.label or ja.code, level))
    latest_ids = [m.latest_agreed_id for m in memberships if m.latest_agreed_id]
    previous_ids = [m.previous_agreed_id for m in memberships if m.previous_agreed_id]
    counts: dict[tuple[int, str], int] = defaultdict(int)
    counted = (
        Rating.objects.filter(
            assessment__in=latest_ids + previous_ids,
            criterion__framework_id=F("assessment__framework_id"),
        )
        .values_list("assessment_id", "criterion__judgement_area__code", "level__code", "level_id")
        .annotate(n=Count("id"))
    )
    reds: dict[int, int] = defaultdict(int)
    worst_ids = {level.pk for level in worst.values()}
    for assessment_id, ja_code, level_code, level_id, n in counted:
        counts[(assessment_id, f"{ja_code}_{level_code}")] += n
        if level_id in worst_ids:
            reds[assessment_id] += n
    rows = []
    for m in memberships:
        row = {
            "area": m.area,
            "role": m.get_role_display(),
            "latest_agreed_month": m.latest_agreed_month,
            "latest_month": m.latest_month,
            "latest_status": m.latest_status,
            "stale": is_stale(m.latest_agreed_month, today),
            "reds": reds[m.latest_agreed_id] if m.latest_agreed_id else None,
            "red_change": (
                reds[m.latest_agreed_id] - reds[m.previous_agreed_id]
                if m.latest_agreed_id and m.previous_agreed_id
                else None
            ),
        }
        for column in columns:
            row[column.key] = (
                counts[(m.latest_agreed_id, column.key)] if m.latest_agreed_id else None
            )
        rows.append(row)
    return columns, rows
