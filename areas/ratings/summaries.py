"""Readiness summaries for the board: counts per level, movement between agreed
months, trends and persistent reds. Counting happens in the database; Python
only arranges the few aggregated rows (bounded by criteria × months shown),
never the area's whole rating history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)

from areas.models import Assessment, LocalArea, Membership, Rating
from areas.ratings.models import is_stale
from common.prepared import field_names, instance, prepared, row_parts
from frameworks.models import Criterion, Framework, Heading, JudgementArea, Outcome, RatingLevel
from frameworks.selectors import levels_of

TREND_MONTHS = 12
PERSISTENT_RED_MONTHS = 3


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
    assessments: list[Assessment],
    judgement_areas: list[JudgementArea],
    levels: list[RatingLevel],
    framework_id: int,
) -> dict[int, MonthCounts]:
    """Criteria per level per judgement area for each assessment, in one query.

    Ratings on criteria outside the framework are not counted."""
    counted = (
        Rating.objects.filter(
            assessment__in=[a.pk for a in assessments],
            criterion__framework_id=framework_id,
        )
        .values_list("assessment_id", "criterion__judgement_area_id", "level_id")
        .annotate(n=Count("id"))
    )
    found: dict[tuple[int, int, int], int] = {(a, j, lv): n for a, j, lv, n in counted}
    return {a.pk: month_counts(a, found, judgement_areas, levels) for a in assessments}


def month_counts(
    assessment: Assessment,
    found: dict[tuple[int, int, int], int],
    judgement_areas: list[JudgementArea],
    levels: list[RatingLevel],
) -> MonthCounts:
    """One month's counts from {(assessment, judgement area, level): criteria}."""
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
    return MonthCounts(assessment, rows, overall)


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
class MoveGroup:
    key: str
    title: str
    moves: list[Move]
    note: str = ""


@dataclass
class Movement:
    still_red: list[Move] = field(default_factory=list)
    improved: list[Move] = field(default_factory=list)
    declined: list[Move] = field(default_factory=list)
    newly_green: list[Move] = field(default_factory=list)  # also listed under improved
    rated_once: list[Move] = field(default_factory=list)  # rated in only one of the months
    unchanged: int = 0

    def groups(self) -> list[MoveGroup]:
        """The groups in the order a board paper lists them."""
        groups = [
            MoveGroup("still-red", "Still red", self.still_red),
            MoveGroup("improved", "Improved", self.improved),
            MoveGroup("declined", "Declined", self.declined),
            MoveGroup(
                "newly-green",
                "Newly green",
                self.newly_green,
                "Criteria at green now that were not green before; "
                "those that moved up also appear under Improved.",
            ),
        ]
        if self.rated_once:
            groups.append(
                MoveGroup("rated-once", "Rated in only one of the two months", self.rated_once)
            )
        return groups

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


Rated = dict[tuple[int, int], tuple[int, str, str]]  # (assessment, criterion) -> level, text


def ratings_of(
    assessments: list[Assessment], framework_id: int, *, texts_of: int | None = None
) -> Rated:
    """The level of every rating in some months, in one query, with the commentary and
    next steps of month `texts_of` only (the others' are not shown: "" for them), or of
    every month if None."""
    ids = [a.pk for a in assessments]
    if texts_of is None:
        found = _ratings_with_texts(assessment_ids=ids, framework_id=framework_id)
    else:
        found = _ratings_with_texts_of(
            assessment_ids=ids, framework_id=framework_id, texts_of=texts_of
        )
    return {(a, c): (lv, commentary, next_steps) for a, c, lv, commentary, next_steps in found}


# The dashboard's reads, prepared (common/prepared.py): built once a process.
def _ratings_in(assessment_ids: list[int], framework_id: int) -> QuerySet[Rating]:
    return Rating.objects.filter(
        assessment__in=assessment_ids, criterion__framework_id=framework_id
    ).order_by()


@prepared
def _ratings_with_texts(assessment_ids: list[int], framework_id: int) -> QuerySet:
    return _ratings_in(assessment_ids, framework_id).values_list(
        "assessment_id", "criterion_id", "level_id", "commentary", "next_steps"
    )


@prepared
def _ratings_with_texts_of(assessment_ids: list[int], framework_id: int, texts_of: int):
    shown = Q(assessment_id=texts_of)
    return _ratings_in(assessment_ids, framework_id).values_list(
        "assessment_id",
        "criterion_id",
        "level_id",
        Case(When(shown, then="commentary"), default=Value(""), output_field=TextField()),
        Case(When(shown, then="next_steps"), default=Value(""), output_field=TextField()),
    )


def counted_from(
    rated: Rated,
    assessments: list[Assessment],
    criteria: list[Criterion],
    judgement_areas: list[JudgementArea],
    levels: list[RatingLevel],
) -> dict[int, MonthCounts]:
    """`count_levels` from ratings already read (the framework's criteria only)."""
    found: dict[tuple[int, int, int], int] = defaultdict(int)
    area_of = {criterion.pk: criterion.judgement_area_id for criterion in criteria}
    for (assessment_id, criterion_id), (level_id, _, _) in rated.items():
        if criterion_id in area_of:
            found[(assessment_id, area_of[criterion_id], level_id)] += 1
    return {a.pk: month_counts(a, found, judgement_areas, levels) for a in assessments}


def movement_between(
    previous: Assessment | None,
    latest: Assessment,
    criteria: list[Criterion],
    levels: list[RatingLevel],
    rated: Rated,
) -> Movement:
    """Sort the framework's criteria into the board paper's movement groups."""
    level_by_id = {level.pk: level for level in levels}
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
    agreed: list[Assessment], criteria: list[Criterion], worst: RatingLevel, rated: Rated
) -> list[PersistentRed]:
    """Criteria at the worst level in each of the latest PERSISTENT_RED_MONTHS or more
    agreed months. `agreed` is newest first."""
    if len(agreed) < PERSISTENT_RED_MONTHS:
        return []
    result = []
    for criterion in criteria:
        streak = 0
        for assessment in agreed:
            rating = rated.get((assessment.pk, criterion.pk))
            if rating is None or rating[0] != worst.pk:
                break
            streak += 1
        if streak >= PERSISTENT_RED_MONTHS:
            result.append(PersistentRed(criterion, streak, at_least=streak == len(agreed)))
    return sorted(result, key=lambda red: (-red.months, red.criterion.order))


# --- the area dashboard ----------------------------------------------------------------


@dataclass
class EarlierPeriod:
    """The latest agreed month rated against the framework the area switched from."""

    framework: Framework
    counts: MonthCounts
    levels: list[RatingLevel]

    @property
    def rows(self) -> list[tuple[str, LevelCounts]]:
        return [(row.label, row) for row in self.counts.by_judgement_area] + [
            (self.counts.overall.label, self.counts.overall)
        ]


@dataclass
class AreaDashboard:
    area: LocalArea
    levels: list[RatingLevel]
    judgement_areas: list[JudgementArea]
    latest_agreed: Assessment | None
    previous_agreed: Assessment | None  # on the same framework as latest_agreed
    newer_draft: Assessment | None
    latest_counts: MonthCounts | None
    movement: Movement | None
    trend: list[MonthCounts]  # oldest first
    persistent_reds: list[PersistentRed]
    stale: bool
    agreed_months_shown: int = field(default=TREND_MONTHS)
    # The agreed month before latest_agreed, when it was rated against another framework.
    previous_on_other_framework: Assessment | None = None
    earlier: EarlierPeriod | None = None

    @property
    def framework(self) -> Framework | None:
        return self.judgement_areas[0].framework if self.judgement_areas else None

    @property
    def area_word(self) -> str:
        """'judgement area' (2016) or 'evaluation area' (2023), as the framework says."""
        return self.framework.area_word if self.framework else "judgement area"

    def trend_by_judgement_area(
        self,
    ) -> list[tuple[JudgementArea, list[tuple[Assessment, LevelCounts]]]]:
        return [
            (ja, [(month.assessment, month.by_judgement_area[i]) for month in self.trend])
            for i, ja in enumerate(self.judgement_areas)
        ]


def area_dashboard(area: LocalArea, today: dt.date | None = None) -> AreaDashboard:
    """The board's view of the latest agreed month. Counts, movement, trend and reds
    use only months rated against that month's framework (like with like); an area that
    has switched also gets its last agreed month before the switch, counted on its own."""
    months = recent_months(area)
    all_agreed = [month for month in months if month.is_agreed]
    anchor = all_agreed[0] if all_agreed else (months[0] if months else None)
    framework_id = anchor.framework_id if anchor else area.framework_id
    other = next((m for m in all_agreed if m.framework_id != framework_id), None)
    framework_ids = [framework_id, *([other.framework_id] if other else [])]
    all_levels, all_areas = frameworks_read(months, framework_ids)
    levels = [lv for lv in all_levels if lv.framework_id == framework_id]
    judgement_areas = [ja for ja in all_areas if ja.framework_id == framework_id]
    criteria = [instance(Criterion, row) for row in _criteria_in_order(framework_id=framework_id)]
    if judgement_areas:
        note_provisional(judgement_areas, criteria)
    own = [month for month in months if month.framework_id == framework_id]
    recent = own[:TREND_MONTHS]
    agreed = [month for month in own if month.is_agreed][:TREND_MONTHS]
    latest_agreed = agreed[0] if agreed else None
    counted_months = list({a.pk: a for a in recent + agreed}.values())
    # One read of the levels serves the trend's counts, the movement and the reds.
    rated = ratings_of(
        counted_months, framework_id, texts_of=latest_agreed.pk if latest_agreed else None
    )
    previous_agreed = agreed[1] if len(agreed) > 1 else None
    counted = counted_from(rated, counted_months, criteria, judgement_areas, levels)
    return AreaDashboard(
        area=area,
        levels=levels,
        judgement_areas=judgement_areas,
        latest_agreed=latest_agreed,
        previous_agreed=previous_agreed,
        newer_draft=newer_draft_of(months, latest_agreed),
        latest_counts=counted[latest_agreed.pk] if latest_agreed else None,
        movement=(
            movement_between(previous_agreed, latest_agreed, criteria, levels, rated)
            if latest_agreed and levels
            else None
        ),
        trend=[counted[a.pk] for a in reversed(recent)],
        persistent_reds=persistent_reds(agreed, criteria, levels[0], rated) if levels else [],
        stale=is_stale(latest_agreed.month if latest_agreed else None, today),
        previous_on_other_framework=(other if other and all_agreed.index(other) == 1 else None),
        earlier=earlier_period(other, all_areas, all_levels) if other else None,
    )


def frameworks_read(months, framework_ids: list[int]):
    """The levels and judgement areas of these frameworks, and of the newest month's (a
    draft on a new framework names it): the months take their frameworks from these
    judgement areas', not from a join of their own."""
    all_levels = levels_of(framework_ids)
    newest_framework = [months[0].framework_id] if months else []
    all_areas = []
    frameworks: dict[int, Framework] = {}
    for row in _judgement_areas_of(framework_ids=framework_ids + newest_framework):
        values, framework, provisional = row_parts(row, JudgementArea, Framework)
        judgement_area = instance(JudgementArea, values)
        if judgement_area.framework_id not in frameworks:
            frameworks[judgement_area.framework_id] = instance(Framework, framework)
        judgement_area.framework = frameworks[judgement_area.framework_id]
        for name, value in zip(PROVISIONAL_BELOW, provisional, strict=True):
            setattr(judgement_area, name, value)
        all_areas.append(judgement_area)
    for month in months:
        if month.framework_id in frameworks:
            month.framework = frameworks[month.framework_id]
    return all_levels, all_areas


@prepared
def _judgement_areas_of(framework_ids: list[int]) -> QuerySet:
    return (
        JudgementArea.objects.filter(framework_id__in=framework_ids)
        .annotate(**PROVISIONAL_BELOW)
        .order_by("order")
        .values_list(
            *field_names(JudgementArea), *field_names(Framework, "framework"), *PROVISIONAL_BELOW
        )
    )


def newer_draft_of(months, latest_agreed):
    """The newest month, if it is a draft after the latest agreed one."""
    newest = months[0] if months else None
    if newest is None or newest.is_agreed:
        return None
    if latest_agreed is None or newest.month > latest_agreed.month:
        return newest
    return None


# Whether a judgement area's headings, or its framework's outcomes, have provisional
# wording: with its own and its criteria's `confirmed`, all a framework's provisional kinds.
PROVISIONAL_BELOW = {
    "provisional_headings": Exists(
        Heading.objects.filter(judgement_area=OuterRef("pk"), confirmed=False)
    ),
    "provisional_outcomes": Exists(
        Outcome.objects.filter(framework=OuterRef("framework_id"), confirmed=False)
    ),
}


def note_provisional(judgement_areas: list[JudgementArea], criteria: list[Criterion]) -> None:
    """Answer the framework's `has_provisional_wording` from its judgement areas (all of
    them, annotated with PROVISIONAL_BELOW) and criteria, sparing its query."""
    framework = judgement_areas[0].framework
    framework.has_provisional_wording = (
        any(not ja.confirmed or ja.provisional_headings for ja in judgement_areas)  # type: ignore[attr-defined]
        or judgement_areas[0].provisional_outcomes  # type: ignore[attr-defined]
        or any(not criterion.confirmed for criterion in criteria)
    )


def recent_months(area: LocalArea) -> list[Assessment]:
    """Enough of the latest months, newest first, to find 12 agreed among drafts."""
    months = [instance(Assessment, row) for row in _recent_months(area_id=area.pk)]
    for month in months:
        month.area = area  # for get_absolute_url, without a join
    return months


@prepared
def _recent_months(area_id: int) -> QuerySet:
    return (
        Assessment.objects.filter(area=area_id)
        .order_by("-month")
        .values_list(*field_names(Assessment))[: TREND_MONTHS * 3]
    )


@prepared
def _criteria_in_order(framework_id: int) -> QuerySet:
    return (
        Criterion.objects.filter(framework_id=framework_id)
        .order_by("order")
        .values_list(*field_names(Criterion))
    )


def earlier_period(
    month: Assessment, judgement_areas: list[JudgementArea], levels: list[RatingLevel]
) -> EarlierPeriod:
    """`month`'s counts against its own framework (one query)."""
    own_areas = [ja for ja in judgement_areas if ja.framework_id == month.framework_id]
    own_levels = [lv for lv in levels if lv.framework_id == month.framework_id]
    counts = count_levels([month], own_areas, own_levels, month.framework_id)[month.pk]
    return EarlierPeriod(own_areas[0].framework, counts, own_levels)


# --- the overview across areas ----------------------------------------------------------


def memberships_with_latest_agreed(user) -> QuerySet[Membership]:
    """The user's memberships, each annotated with the area's latest agreed month (on
    whichever framework) and the agreed month before it on the same framework."""
    agreed = Assessment.objects.filter(
        area=OuterRef("area"), status=Assessment.Status.AGREED
    ).order_by("-month")
    same_framework = agreed.filter(framework=OuterRef("latest_agreed_framework_id"))
    latest = Assessment.objects.filter(area=OuterRef("area")).order_by("-month")
    return (
        Membership.objects.filter(user=user)
        .select_related("area")
        .annotate(
            latest_agreed_id=Subquery(agreed.values("pk")[:1]),
            latest_agreed_month=Subquery(agreed.values("month")[:1]),
            latest_agreed_framework_id=Subquery(agreed.values("framework_id")[:1]),
        )
        .annotate(
            previous_agreed_id=Subquery(same_framework.values("pk")[1:2]),
            latest_month=Subquery(latest.values("month")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("area__name")
    )


def framework_shown(membership) -> int:
    """The framework of the area's latest agreed month, or else the area's own."""
    return membership.latest_agreed_framework_id or membership.area.framework_id


@dataclass
class OverviewColumn:
    """A judgement area's column: the latest agreed counts at each level."""

    key: str  # the judgement area's code; each level's count is in f"{key}_{level code}"
    label: str
    levels: list[RatingLevel]

    @property
    def sort_key(self) -> str:
        return f"{self.key}_{self.levels[0].code}"  # sorts by the count at the worst level


def overview_rows(memberships: list[Any], today: dt.date | None = None):
    """One row per area: latest agreed counts per judgement area and level, and the
    change in reds since the previous agreed month. Returns (columns, rows).

    `memberships` come from memberships_with_latest_agreed(), with its annotations."""
    framework_ids = {framework_shown(m) for m in memberships}
    levels = list(
        RatingLevel.objects.filter(framework_id__in=framework_ids).order_by("framework_id", "order")
    )
    judgement_areas = list(
        JudgementArea.objects.filter(framework_id__in=framework_ids).order_by(
            "framework_id", "order"
        )
    )
    columns: dict[str, OverviewColumn] = {}
    for ja in judgement_areas:
        columns.setdefault(
            ja.code,
            OverviewColumn(
                ja.code,
                ja.label or ja.code,
                [lv for lv in levels if lv.framework_id == ja.framework_id],
            ),
        )
    counts, reds = agreed_month_counts(memberships, framework_ids, judgement_areas, levels)
    rows = [overview_row(m, columns.values(), counts, reds, today) for m in memberships]
    return list(columns.values()), rows


def agreed_month_counts(memberships, framework_ids, judgement_areas, levels):
    """Counts by (assessment, "<judgement area>_<level>") and reds by assessment, for
    the latest and previous agreed months of each area (one query)."""
    # Each month counts only criteria of its area's framework (checked here rather
    # than by joining every rating to its assessment).
    framework_of = {
        month: framework_shown(m)
        for m in memberships
        for month in (m.latest_agreed_id, m.previous_agreed_id)
        if month
    }
    counted = (
        Rating.objects.filter(assessment__in=list(framework_of))
        .values_list(
            "assessment_id", "criterion__framework_id", "criterion__judgement_area_id", "level_id"
        )
        .annotate(n=Count("id"))
    )
    ja_code = {ja.pk: ja.code for ja in judgement_areas}
    level_by_id = {level.pk: level for level in levels}
    worst_ids = {
        min((lv for lv in levels if lv.framework_id == fw), key=lambda lv: lv.order).pk
        for fw in framework_ids
        if any(lv.framework_id == fw for lv in levels)
    }
    counts: dict[tuple[int, str], int] = defaultdict(int)
    reds: dict[int, int] = defaultdict(int)
    for assessment_id, framework_id, ja_id, level_id, n in counted:
        if framework_id != framework_of[assessment_id]:
            continue
        counts[(assessment_id, f"{ja_code[ja_id]}_{level_by_id[level_id].code}")] += n
        if level_id in worst_ids:
            reds[assessment_id] += n
    return counts, reds


def overview_row(m, columns, counts, reds, today) -> dict:
    latest = m.latest_agreed_id
    row = {
        "area": m.area,
        "role": m.get_role_display(),
        "latest_agreed_month": m.latest_agreed_month,
        "stale": is_stale(m.latest_agreed_month, today),
        "reds": reds[latest] if latest else None,
        "red_change": (
            reds[latest] - reds[m.previous_agreed_id] if latest and m.previous_agreed_id else None
        ),
    }
    for column in columns:
        # A column of another framework than the month's is blank, not a row of zeros.
        shown = latest and column.levels[0].framework_id == framework_shown(m)
        for level in column.levels:
            key = f"{column.key}_{level.code}"
            row[key] = counts[(latest, key)] if shown else None
        row[column.key] = (
            ", ".join(
                f"{row[f'{column.key}_{lv.code}']} {lv.label.lower()}" for lv in column.levels
            )
            if shown
            else None
        )
    return row
