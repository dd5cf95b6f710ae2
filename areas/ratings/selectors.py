"""Reads for the area pages: each returns exactly the rows its page shows,
in a fixed number of queries whatever the number of months or ratings."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Window
from django.urls import reverse

from areas.models import (
    AgreedRating,
    Agreement,
    Assessment,
    FrameworkSwitch,
    LocalArea,
    Rating,
    Reopening,
)
from common.paging import page_of
from common.prepared import field_names, instance, prepared, row_parts
from frameworks.models import (
    Criterion,
    CriterionMapping,
    Framework,
    Heading,
    JudgementArea,
    RatingLevel,
)
from frameworks.selectors import (
    criteria_of,
    heading_wording_on,
    judgement_area_titles_on,
    judgement_areas_of,
    levels_of,
    wording_on,
)

TRACKER_MONTHS = 12


def any_provisional(criteria) -> bool:
    """Whether any of these criteria, or their questions or headings, is worded
    provisionally (read from the rows already loaded: no query)."""
    return any(
        not criterion.confirmed
        or not criterion.judgement_area.confirmed
        or (criterion.heading is not None and not criterion.heading.confirmed)
        for criterion in criteria
    )


def worded_as_on(criteria: list[Criterion], when) -> bool:
    """Give `criteria` (and their questions and headings) the wording in force at `when`,
    in memory, so that an agreed month reads as it was agreed. True if any differ."""
    texts = wording_on(criteria, when)
    questions = judgement_area_titles_on({c.judgement_area for c in criteria}, when)
    headings = heading_wording_on({c.heading for c in criteria if c.heading}, when)
    reworded = False
    for criterion in criteria:
        old = (criterion.text, criterion.judgement_area.title)
        criterion.text = texts[criterion.pk]
        criterion.judgement_area.title = questions[criterion.judgement_area_id]
        if criterion.heading:
            criterion.heading.title = headings[criterion.heading.pk]["title"]
        reworded = reworded or old != (criterion.text, criterion.judgement_area.title)
    return reworded


def framework_levels(framework_id: int) -> list[RatingLevel]:
    return levels_of([framework_id])


@dataclass
class CriterionRow:
    criterion: Criterion
    new_judgement_area: JudgementArea | None  # set on the first row of each group
    new_heading: Heading | None
    cells: list = field(default_factory=list)


def group_rows(criteria, cells_for) -> list[CriterionRow]:
    """Rows in framework order, marking where a judgement area or heading starts."""
    rows, last_area, last_heading = [], None, None
    for criterion in criteria:
        area_starts = criterion.judgement_area_id != last_area
        heading_starts = criterion.heading_id is not None and (
            area_starts or criterion.heading_id != last_heading
        )
        rows.append(
            CriterionRow(
                criterion=criterion,
                new_judgement_area=criterion.judgement_area if area_starts else None,
                new_heading=criterion.heading if heading_starts else None,
                cells=cells_for(criterion),
            )
        )
        last_area, last_heading = criterion.judgement_area_id, criterion.heading_id
    return rows


@dataclass(frozen=True)
class TrackerMonth:
    url: str
    label: str


@dataclass
class TrackerPeriod:
    """The months rated against one framework, with that framework's criteria."""

    framework: Framework
    months: list[Assessment]
    rows: list[CriterionRow]
    levels: list[RatingLevel]

    @property
    def provisional(self) -> bool:
        return any_provisional(row.criterion for row in self.rows)


@dataclass
class Tracker:
    periods: list[TrackerPeriod]  # newest first; one unless the area switched framework
    judgement_areas: list[JudgementArea]  # of every framework shown
    chosen: str  # the judgement area shown, "" for all
    unknown_choice: str | None  # a filter value that matched no judgement area
    switches: list[FrameworkSwitch]

    @property
    def months(self) -> list[Assessment]:
        return [month for period in reversed(self.periods) for month in period.months]

    @property
    def levels(self) -> list[RatingLevel]:
        return self.periods[0].levels if self.periods else []

    @property
    def provisional(self) -> bool:
        return any(period.provisional for period in self.periods)

    @property
    def area_word(self) -> str:
        """'judgement area' (2016) or 'evaluation area' (2023), as the framework says."""
        return self.periods[0].framework.area_word if self.periods else "judgement area"

    @property
    def planned_switch(self) -> FrameworkSwitch | None:
        """A switch whose first month has not been started yet."""
        latest = max((m.month for m in self.months), default=None)
        future = [s for s in self.switches if latest is None or s.from_month > latest]
        return future[-1] if future else None


# A relation whose object the tracker already has: put in its cache directly.
JUDGEMENT_AREA = Criterion._meta.get_field("judgement_area")


def area_tracker(area: LocalArea, *, judgement_area: str = "") -> Tracker:
    """The area's most recent months across, criteria down, one level per cell; months
    rated against different frameworks in separate periods (a fixed number of queries)."""
    months, level_ids, switched = recent_months_and_levels(area)
    framework_ids = list(dict.fromkeys(m.framework_id for m in reversed(months))) or [
        area.framework_id
    ]
    judgement_areas = judgement_areas_of(framework_ids)
    unknown = None
    if judgement_area and judgement_area not in {ja.code for ja in judgement_areas}:
        unknown, judgement_area = judgement_area, ""
    month_url = month_urls(area)
    columns = {m.pk: TrackerMonth(month_url(m.month), f"{m.month:%B %Y}") for m in months}
    for month in months:
        month.url = columns[month.pk].url  # type: ignore[attr-defined]  # the column's link
    levels = levels_of(framework_ids)
    levels_by_id = {level.pk: level for level in levels}
    level_at = {key: levels_by_id.get(level_id) for key, level_id in level_ids.items()}
    criteria = criteria_of(framework_ids)
    judgement_area_of = {ja.pk: ja for ja in judgement_areas}
    for criterion in criteria:  # already read: not joined again
        JUDGEMENT_AREA.set_cached_value(criterion, judgement_area_of[criterion.judgement_area_id])
    frameworks = {ja.framework_id: ja.framework for ja in judgement_areas}
    periods = []
    for framework_id in framework_ids:
        chosen = [
            c
            for c in criteria
            if c.framework_id == framework_id
            and (not judgement_area or c.judgement_area.code == judgement_area)
        ]
        if framework_id in frameworks and (chosen or not judgement_area):
            shown = [m for m in months if m.framework_id == framework_id]
            rows = group_rows(chosen, cells_of([(m.pk, columns[m.pk]) for m in shown], level_at))
            own_levels = [lv for lv in levels if lv.framework_id == framework_id]
            periods.append(TrackerPeriod(frameworks[framework_id], shown, rows, own_levels))
    return Tracker(
        periods=periods,
        judgement_areas=judgement_areas,
        chosen=judgement_area,
        unknown_choice=unknown,
        switches=list(
            FrameworkSwitch.objects.filter(area=area).select_related(
                "from_framework", "to_framework"
            )
        )
        if switched
        else [],
    )


def cells_of(shown: list[tuple[int, TrackerMonth]], level_at: dict):
    """A criterion's cells, (column, level or None) for each (month id, column) shown."""

    def cells(criterion) -> list:
        own = criterion.id
        return [(column, level_at.get((month_id, own))) for month_id, column in shown]

    return cells


def recent_months_and_levels(area: LocalArea):
    """The area's latest months, oldest first, the level id of each (month, criterion)
    rated in them, and whether the area ever switched framework (or has no months, so
    that nobody said), in one query (a month with no ratings comes as one row). In
    SQL: the ORM took longer to build it, and to convert its 528 rows, than the
    database took to answer."""
    months_table, ratings, switches = (
        model._meta.db_table for model in (Assessment, Rating, FrameworkSwitch)
    )
    sql = f"""
        SELECT m.id, m.month, m.status, m.framework_id, r.criterion_id, r.level_id,
               EXISTS (SELECT 1 FROM {switches} s WHERE s.area_id = %s)
        FROM (SELECT id, month, status, framework_id FROM {months_table}
              WHERE area_id = %s ORDER BY month DESC LIMIT %s) m
        LEFT JOIN {ratings} r ON r.assessment_id = m.id
        ORDER BY m.month"""  # noqa: S608 - names from the models
    as_date = Assessment._meta.get_field("month").to_python
    months: dict[int, Assessment] = {}
    level_ids: dict[tuple[int, int], int] = {}
    switched = True
    with connection.cursor() as cursor:
        cursor.execute(sql, [area.pk, area.pk, TRACKER_MONTHS])
        for pk, month, status, framework_id, criterion_id, level_id, any_switch in cursor:
            switched = bool(any_switch)
            if pk not in months:
                months[pk] = Assessment(
                    pk=pk, area=area, month=as_date(month), status=status, framework_id=framework_id
                )
            if criterion_id is not None:
                level_ids[(pk, criterion_id)] = level_id
    return list(months.values()), level_ids, switched


def month_urls(area: LocalArea):
    """Each month's page, as Assessment.get_absolute_url gives it, reversed once."""
    url = reverse("ratings:month", kwargs={"area": area.slug, "month": "0000-00"})
    before, after = url.rsplit("0000-00", 1)
    return lambda month: f"{before}{month:%Y-%m}{after}"


def assessment_for_month(area: LocalArea, month: dt.date) -> Assessment | None:
    return (
        Assessment.objects.for_area(area)
        .filter(month=month)
        .select_related("area", "agreed_by", "framework")
        .first()
    )


def previous_assessment(assessment: Assessment) -> Assessment | None:
    return (
        Assessment.objects.select_related("area")
        .filter(
            area_id=assessment.area_id,
            framework_id=assessment.framework_id,
            month__lt=assessment.month,
        )
        .order_by("-month")
        .first()
    )


def ratings_by_criterion(assessment: Assessment | None, as_agreed=None) -> dict[int, Any]:
    """The month's ratings by criterion; with `as_agreed`, as that agreement kept them."""
    if assessment is None:
        return {}
    if as_agreed is not None:
        return {r.criterion_id: r for r in as_agreed.ratings.select_related("level")}
    ratings = Rating.objects.filter(assessment=assessment).select_related(
        "level", "updated_by", "carried_from"
    )
    return {rating.criterion_id: rating for rating in ratings}


def carried_sources(current: dict[int, Any]) -> dict[int, list[str]]:
    """For each rating still marked as carried over: the codes of the earlier criteria
    the mapping carried it from (one query, none if nothing is carried)."""
    carried = {
        pk: r.carried_from_id for pk, r in current.items() if getattr(r, "carried_from_id", None)
    }
    if not carried:
        return {}
    sources: dict[int, list[str]] = defaultdict(list)
    links = (
        CriterionMapping.objects.filter(to_criterion_id__in=carried)
        .order_by("from_criterion__order")
        .values_list("to_criterion_id", "from_criterion__framework_id", "from_criterion__code")
    )
    for to_id, framework_id, code in links:
        if carried[to_id] == framework_id:
            sources[to_id].append(code)
    return dict(sources)


HISTORY_MONTHS = 24  # months a page on a criterion's history
MOST_PAGES = 10_000  # a page number past this is past the end (it would be 20,000 years)


def criterion_history(area: LocalArea, criterion: Criterion, *, page=None) -> Page:
    """One page of one criterion's ratings in one area, newest month first, each with
    its month's `url`, `reopenings` and, for a reopened month, `agreed` (what each
    agreement of its month kept, oldest first; the page shows it only then). One query,
    three if a month shown was reopened, however many months there are."""
    shown = counted_page(HistoryRows(area, criterion), page, per_page=HISTORY_MONTHS)
    month_url = month_urls(area)
    reopened = [rating.assessment_id for rating in shown if rating.reopened]
    agreed, reopenings = defaultdict(list), defaultdict(list)
    if reopened:
        kept = AgreedRating.objects.filter(agreement__assessment__in=reopened, criterion=criterion)
        for row in kept.select_related("agreement__agreed_by", "level").order_by(
            "agreement__number"
        ):
            agreed[row.agreement.assessment_id].append(row)
        for reopening in Reopening.objects.filter(assessment__in=reopened).order_by("reopened_at"):
            reopenings[reopening.assessment_id].append(reopening)
    for rating in shown:
        rating.assessment.area = area
        rating.url = month_url(rating.assessment.month)  # type: ignore[attr-defined]
        rating.agreed = agreed[rating.assessment_id]  # type: ignore[attr-defined]
        rating.reopenings = reopenings[rating.assessment_id]  # type: ignore[attr-defined]
    return shown


class HistoryRows:
    """A criterion's ratings in an area, newest month first, as Paginator reads them:
    counted (every row carries the count, `months_in_all`) and sliced in the database.
    Each rating comes with its month, its level and who saved it (their username only),
    `months_in_all` and `reopened` (whether its month was ever reopened)."""

    def __init__(self, area: LocalArea, criterion: Criterion) -> None:
        self.values = {"area_id": area.pk, "criterion_id": criterion.pk}

    def count(self) -> int:
        first = self[0:1]
        return first[0].months_in_all if first else 0  # type: ignore[attr-defined]

    def __getitem__(self, part: slice) -> list[Rating]:
        rows = _history_rows.sliced(part.start or 0, part.stop, **self.values)
        return [_history_rating(row) for row in rows]


_USERNAME = get_user_model().USERNAME_FIELD


def _history_rating(row: tuple) -> Rating:
    values, month, level, rest = row_parts(row, Rating, Assessment, RatingLevel)
    rating = instance(Rating, values)
    rating.assessment = instance(Assessment, month)
    rating.level = instance(RatingLevel, level)
    username, rating.months_in_all, rating.reopened = rest  # type: ignore[attr-defined]
    # Only the username is read: the rest of the user is deferred, as `only()` would.
    user = get_user_model().from_db(
        DEFAULT_DB_ALIAS, ["id", _USERNAME], [rating.updated_by_id, username]
    )
    rating.updated_by = user if rating.updated_by_id else None
    return rating


@prepared  # built once a process (common/prepared.py); its pages sliced by `sliced`
def _history_rows(area_id: int, criterion_id: int) -> QuerySet:
    return (
        Rating.objects.for_area(area_id)
        .filter(criterion=criterion_id)
        .annotate(
            months_in_all=Window(Count("pk")),
            reopened=Exists(Reopening.objects.filter(assessment=OuterRef("assessment"))),
        )
        .order_by("-assessment__month")
        .values_list(
            *field_names(Rating),
            *field_names(Assessment, "assessment"),
            *field_names(RatingLevel, "level"),
            f"updated_by__{_USERNAME}",
            "months_in_all",
            "reopened",
        )
    )


def counted_page(ratings, number, *, per_page: int) -> Page:
    """As common.paging.page_of gives it, the count read with the page's rows (each
    row's `months_in_all`, a window count) rather than by a query of its own; a number
    past either end falls back to page_of (which gives the last page)."""
    try:
        wanted = int(number)
    except (TypeError, ValueError):
        wanted = 1  # as Paginator.get_page: not a number, the first page
    if not 1 <= wanted <= MOST_PAGES:  # (an offset the database may refuse)
        return page_of(ratings, number, per_page=per_page)
    rows = list(ratings[(wanted - 1) * per_page : wanted * per_page])
    if not rows and wanted != 1:
        return page_of(ratings, number, per_page=per_page)
    paginator = Paginator(ratings, per_page)
    paginator.count = rows[0].months_in_all if rows else 0  # type: ignore[misc]
    page = Page(rows, wanted, paginator)  # the rows read: `paginator.page` would read again
    # The page numbers to link to, with Paginator.ELLIPSIS where some are left out.
    page.numbers = list(  # type: ignore[attr-defined]
        paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    )
    return page


def month_and_previous(
    area: LocalArea, month: dt.date
) -> tuple[Assessment | None, Assessment | None]:
    """The month and the latest earlier one of its framework, in one query (a month
    after a framework switch looks further back), each marked `ever_agreed`: a month
    never agreed has no agreements or reopenings to read."""
    two = [_month_of_area(row, area) for row in _two_months(area_id=area.pk, month=month)]
    if not two or two[0].month != month:
        return None, None
    assessment, earlier = two[0], (two[1] if len(two) > 1 else None)
    if earlier is not None and earlier.framework_id != assessment.framework_id:
        earlier = previous_assessment(assessment)
    return assessment, earlier


@prepared  # built once a process (common/prepared.py)
def _two_months(area_id: int, month: dt.date) -> QuerySet:
    # A first agreement's id rather than Exists: PostgreSQL answered Exists by hashing
    # every area's agreements (it expects the whole area's months, not two), 4 ms
    # and growing with the country; a scalar subquery is asked of the two months only.
    first_agreement = Agreement.objects.filter(assessment=OuterRef("pk")).values("pk")[:1]
    return (
        Assessment.objects.for_area(area_id)
        .filter(month__lte=month)
        .alias(first_agreement=Subquery(first_agreement))
        .annotate(ever_agreed=Q(first_agreement__isnull=False))
        .order_by("-month")
        .values_list(
            *field_names(Assessment),
            *field_names(Framework, "framework"),
            *field_names(get_user_model(), "agreed_by"),
            "ever_agreed",
        )[:2]
    )


def _month_of_area(row: tuple, area: LocalArea) -> Assessment:
    """A month from `_two_months`' row, with its framework, who agreed it and its area."""
    values, framework, agreed_by, (ever_agreed,) = row_parts(
        row, Assessment, Framework, get_user_model()
    )
    month = instance(Assessment, values)
    month.area = area
    month.framework = instance(Framework, framework)
    month.agreed_by = instance(get_user_model(), agreed_by) if month.agreed_by_id else None
    month.ever_agreed = ever_agreed  # type: ignore[attr-defined]
    return month


class LastMonth(NamedTuple):
    """What the month page and its save need of the previous month's rating: its level."""

    level_id: int
    level: RatingLevel


def ratings_of_months(assessment: Assessment, previous: Assessment | None, levels):
    """This month's ratings by criterion, each with its level from `levels` (the
    framework's, already read), and the previous month's levels by criterion (LastMonth:
    nothing else of it is shown or checked, so no instances are made), in one query."""
    months = [assessment.pk] + ([previous.pk] if previous else [])
    by_id = {level.pk: level for level in levels}
    current: dict[int, Rating] = {}
    earlier: dict[int, LastMonth] = {}
    names = field_names(Rating)
    month_at, criterion_at, level_at = (
        names.index(name) for name in ("assessment_id", "criterion_id", "level_id")
    )
    for row in _ratings_of(assessment_ids=months):
        if row[month_at] != assessment.pk:
            earlier[row[criterion_at]] = LastMonth(row[level_at], by_id[row[level_at]])
            continue
        values, carried_from = row_parts(row, Rating)
        rating = instance(Rating, values)
        rating.carried_from = instance(Framework, carried_from) if rating.carried_from_id else None
        if rating.level_id in by_id:
            rating.level = by_id[rating.level_id]
        current[rating.criterion_id] = rating
    return current, earlier


@prepared
def _ratings_of(assessment_ids: list[int]) -> QuerySet:
    return Rating.objects.filter(assessment_id__in=assessment_ids).values_list(
        *field_names(Rating), *field_names(Framework, "carried_from")
    )


def criterion_of_area(area, code: str) -> Criterion | None:
    """The criterion `code` of the area's framework, or else of the newest framework it
    switched from or to (one query, two for an earlier framework's: asking for all at
    once took PostgreSQL longer to plan than the simple look-up takes in all)."""
    own = criteria_of([area.framework_id], code=code)
    if own:
        return own[0]
    criteria = Criterion.objects.select_related("judgement_area", "heading", "framework")
    switches = FrameworkSwitch.objects.filter(area=area)
    found = criteria.filter(code=code).filter(
        Q(framework_id__in=switches.values("from_framework_id"))
        | Q(framework_id__in=switches.values("to_framework_id"))
    )
    return min(
        found, key=lambda c: (c.framework_id != area.framework_id, -c.framework.year), default=None
    )
