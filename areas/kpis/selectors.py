"""Key performance indicators for an area: its figures beside England, its region, its
statistical neighbours and its targets; RAG against target; quartile among all areas;
when the next figure is due; and the exceptions a board must hear about."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Avg, F, Max, OuterRef, Q, QuerySet, Subquery, Value, Window
from django.db.models.functions import Coalesce, Greatest

from areas.members.selectors import area_kpis_queryset
from areas.models import (
    ComparatorValue,
    FrameworkSwitch,
    KpiException,
    KpiTarget,
    KpiValue,
    LocalArea,
    LocalComparator,
    StatisticalNeighbour,
)
from common.prepared import field_names, instance, prepared, row_parts
from frameworks.models import Kpi

from .rules import TERM_STARTS, figure_overdue, next_figure_due

Level = ComparatorValue.Level


# --- periods ------------------------------------------------------------------------------


def period_label(kpi: Kpi, period: dt.date) -> str:
    if kpi.frequency == Kpi.Frequency.ANNUAL:
        return str(period.year)
    if kpi.frequency == Kpi.Frequency.TERMLY:
        return f"{TERM_STARTS.get(period.month, '?')} term {period.year}"
    return f"{period:%b %Y}"


# --- RAG against target ------------------------------------------------------------------


def rag(kpi: Kpi, value: Decimal | None, target: Decimal | None) -> str | None:
    """Green at or beyond target; Amber within the KPI's tolerance of it; else Red."""
    if value is None or target is None or not kpi.is_rated:
        return None
    gap = (value - target) if kpi.higher_is_better else (target - value)
    if gap >= 0:
        return "Green"
    return "Amber" if -gap <= kpi.tolerance else "Red"


def worse(kpi: Kpi, value: Decimal, than: Decimal) -> bool:
    return value < than if kpi.higher_is_better else value > than


# --- the KPI page ---------------------------------------------------------------------------


SHOWN_PERIODS = 24  # two years of monthly figures, six of annual ones
NEVER = dt.date(1, 1, 1)  # before any period


@dataclass
class KpiRow:
    period: dt.date
    label: str
    area: Decimal | None = None
    area_is_official: bool = False
    england: Decimal | None = None
    region: Decimal | None = None
    neighbours: Decimal | None = None
    target: Decimal | None = None
    entered_on: dt.date | None = None  # when the area's own figure was entered
    # The comparators the area entered itself (`LocalComparator.Level` values): marked.
    entered_levels: set[str] = field(default_factory=set)

    @property
    def comparators(self) -> list[tuple[str, Decimal | None]]:
        """(level, figure) in the table's order: England, region, neighbours."""
        return [("england", self.england), ("region", self.region), ("neighbours", self.neighbours)]


@dataclass
class KpiSummary:
    kpi: Kpi
    rows: list[KpiRow]
    latest: KpiRow | None = None
    rag: str | None = None
    quartile: int | None = None  # 1 is the best quarter of areas
    areas_ranked: int = 0
    next_due: dt.date | None = None
    overdue: bool = False
    is_exception: bool = False
    commentary: KpiException | None = None
    criteria: list = field(default_factory=list)  # CriterionCited
    entered_comparators: list[LocalComparator] = field(default_factory=list)

    @property
    def shown_rows(self) -> list[KpiRow]:
        """The latest SHOWN_PERIODS periods: the page's table and chart stop growing;
        the workbook download holds every figure."""
        return self.rows[-SHOWN_PERIODS:]

    @property
    def comparator_sources(self) -> list[tuple[str, dt.date, dt.date, str]]:
        """(level label, first period, last period, source) for each comparator series the
        area entered, one line per level and source rather than one per period."""
        spans: dict[tuple[str, str], list[dt.date]] = {}
        for comparator in self.entered_comparators:
            key = (comparator.get_level_display(), comparator.source)
            spans.setdefault(key, []).append(comparator.period)
        return [(level, min(p), max(p), source) for (level, source), p in spans.items()]

    @property
    def has_official(self) -> bool:
        return any(row.area_is_official and row.area is not None for row in self.shown_rows)

    @property
    def hidden_periods(self) -> int:
        return len(self.rows) - len(self.shown_rows)


def area_kpis(area: LocalArea, today: dt.date | None = None) -> list[KpiSummary]:
    """Every KPI of the area's frameworks with its series and judgements (fixed queries)."""
    today = today or dt.date.today()
    # `is_local`: no official series (its comparators are entered), as `local_kpis` says.
    # Asked as "its earliest official period", which PostgreSQL finds in the (KPI, period)
    # index; for a plain Exists it scanned the whole table once per KPI (1.8 ms, national).
    earliest = ComparatorValue.objects.filter(kpi=OuterRef("pk")).order_by("period")
    kpis = list(
        kpis_of_area(area)
        .alias(earliest_official=Subquery(earliest.values("period")[:1]))
        .annotate(is_local=Q(earliest_official__isnull=True))
    )
    series = Series(kpis)
    add_official_figures(series, area, kpis)
    add_own_figures(series, area, kpis)
    entered = add_entered_comparators(series, area, kpis)
    ranks = _latest_official_ranks([kpi for kpi in kpis if kpi.is_rated])  # only these rank
    commentaries = {
        (c.kpi_id, c.period): c for c in KpiException.objects.for_area(area).filter(kpi__in=kpis)
    }
    criteria = criteria_cited(kpis)
    summaries = [
        _summarise(kpi, series.rows_of(kpi), ranks, commentaries, today, entered.get(kpi.pk, []))
        for kpi in kpis
    ]
    for summary in summaries:
        summary.criteria = criteria[summary.kpi.pk]
    return summaries


class Series:
    """Each KPI's rows by period, filled in from each source in turn."""

    def __init__(self, kpis) -> None:
        self.by_id = {kpi.pk: kpi for kpi in kpis}
        self.rows: dict[int, dict[dt.date, KpiRow]] = defaultdict(dict)

    def row(self, kpi_id: int, period: dt.date) -> KpiRow:
        rows = self.rows[kpi_id]
        if period not in rows:  # each period's row (and label) made once, not per figure
            rows[period] = KpiRow(period, period_label(self.by_id[kpi_id], period))
        return rows[period]

    def rows_of(self, kpi) -> list[KpiRow]:
        return sorted(self.rows[kpi.pk].values(), key=lambda r: r.period)


def add_official_figures(series: Series, area: LocalArea, kpis) -> None:
    """England's, the region's and the area's own official figures, then the average of
    its statistical neighbours."""
    official = ComparatorValue.objects.filter(kpi__in=kpis).filter(
        Q(level=Level.ENGLAND)
        | Q(level=Level.REGION, code=area.region)
        | Q(level=Level.LOCAL_AUTHORITY, code=area.ons_code)
    )
    for kpi_id, level, period, figure in official.values_list("kpi_id", "level", "period", "value"):
        point = series.row(kpi_id, period)
        if level == Level.ENGLAND:
            point.england = figure
        elif level == Level.REGION:
            point.region = figure
        else:
            point.area, point.area_is_official = figure, True
    for average in neighbour_averages(area, kpis):
        point = series.row(average["kpi_id"], average["period"])
        point.neighbours = Decimal(average["average"]).quantize(Decimal("0.1"))


def add_own_figures(series: Series, area: LocalArea, kpis) -> None:
    """The figures and targets the area entered."""
    own = KpiValue.objects.for_area(area).order_by("period", "-variant")
    for kpi_id, period, value, entered_at in own.values_list(
        "kpi_id", "period", "value", "entered_at"
    ):
        point = series.row(kpi_id, period)
        point.area, point.area_is_official = value, False
        point.entered_on = entered_at.date()
    targets = KpiTarget.objects.for_area(area).filter(kpi__in=kpis)
    for kpi_id, period, value in targets.values_list("kpi_id", "period", "value"):
        series.row(kpi_id, period).target = value


def add_entered_comparators(series: Series, area: LocalArea, kpis) -> dict[int, list]:
    """Comparators the area entered for its local indicators, where no official figure
    is; those used, by KPI."""
    entered: dict[int, list[LocalComparator]] = defaultdict(list)
    # Each KPI's in its own order (its default, "kpi" first, joins the KPIs to order them).
    local = LocalComparator.objects.for_area(area).filter(kpi__in=kpis).order_by("period", "level")
    for comparator in local:
        point = series.row(comparator.kpi_id, comparator.period)
        if getattr(point, comparator.level) is None:  # an official figure comes first
            setattr(point, comparator.level, comparator.value)
            point.entered_levels.add(comparator.level)
            entered[comparator.kpi_id].append(comparator)
    return entered


def kpis_of_area(area: LocalArea):
    """`area_kpis_queryset`'s indicators, with the area's framework switches asked as
    subqueries within the KPIs' query rather than first (a query fewer; as the dashboard's
    exceptions ask them, `_in_area_frameworks`)."""
    switches = FrameworkSwitch.objects.filter(area=area)
    return Kpi.objects.filter(
        Q(framework_id=area.framework_id)
        | Q(framework_id__in=switches.values("from_framework_id"))
        | Q(framework_id__in=switches.values("to_framework_id"))
    )


class CriterionCited(NamedTuple):
    code: str
    label: str


def criteria_cited(kpis) -> dict[int, list[CriterionCited]]:
    """Each KPI's criteria, in the framework's order: the codes and labels the page links
    (a values query rather than a prefetch of whole criteria)."""
    links = Kpi.criteria.through.objects.filter(kpi__in=kpis).order_by("criterion")
    found: dict[int, list[CriterionCited]] = defaultdict(list)
    for kpi_id, code, label in links.values_list("kpi_id", "criterion__code", "criterion__label"):
        found[kpi_id].append(CriterionCited(code, label))
    return found


def local_kpis(area: LocalArea):
    """The area's indicators with no official series: their comparators are entered."""
    official = ComparatorValue.objects.values("kpi_id")
    return area_kpis_queryset(area).exclude(pk__in=official).order_by("order")


def neighbour_averages(area: LocalArea, kpis):
    """The statistical neighbours' average per KPI and period (one query)."""
    neighbour_numbers = StatisticalNeighbour.objects.filter(la_number=area.la_number).values(
        "neighbour_la_number"
    )
    return (
        ComparatorValue.objects.filter(
            kpi__in=kpis, level=Level.LOCAL_AUTHORITY, la_number__in=neighbour_numbers
        )
        .values("kpi_id", "period")
        .annotate(average=Avg("value"))
    )


def _latest_official_ranks(kpis) -> dict[int, tuple[dt.date, list[Decimal]]]:
    """For each KPI, every authority's value in the latest period with official data."""
    # The latest period per KPI as a window over the same rows: one pass, where a
    # correlated subquery per row looked the latest period up again for every row.
    values: dict[int, tuple[dt.date, list[Decimal]]] = {}
    rows = (
        ComparatorValue.objects.filter(kpi__in=kpis, level=Level.LOCAL_AUTHORITY)
        .annotate(latest=Window(Max("period"), partition_by=[F("kpi_id")]))
        .filter(period=F("latest"))
        .values_list("kpi_id", "period", "value")
    )
    for kpi_id, period, value in rows:
        values.setdefault(kpi_id, (period, []))[1].append(value)
    return values


def _summarise(kpi, rows, ranks, commentaries, today, entered) -> KpiSummary:
    summary = KpiSummary(kpi=kpi, rows=rows)
    summary.entered_comparators = entered
    with_value = [r for r in rows if r.area is not None]
    if not with_value:
        return summary
    latest = summary.latest = with_value[-1]
    summary.rag = rag(kpi, latest.area, latest.target)
    summary.next_due = next_figure_due(kpi, latest.period)
    summary.overdue = figure_overdue(kpi, latest.period, today)
    if kpi.pk in ranks and kpi.is_rated and ranks[kpi.pk][0] == latest.period:
        everyone = ranks[kpi.pk][1]
        better = sum(1 for v in everyone if worse(kpi, latest.area, v))
        summary.areas_ranked = len(everyone)
        summary.quartile = min(4, 1 + (4 * better) // max(1, len(everyone)))
    summary.is_exception = is_exception(kpi, latest)
    summary.commentary = commentaries.get((kpi.pk, latest.period))
    return summary


def is_exception(kpi: Kpi, latest: KpiRow) -> bool:
    """Worse than both its target and England in its latest period: the board hears why."""
    return bool(
        kpi.is_rated
        and latest.area is not None
        and latest.target is not None
        and latest.england is not None
        and worse(kpi, latest.area, latest.target)
        and worse(kpi, latest.area, latest.england)
    )


# --- the exceptions alone (the dashboard, packs and reports) -----------------------------


def open_exceptions(area: LocalArea, today: dt.date | None = None) -> list[KpiSummary]:
    """The KPIs worse than target and England, with what the page's rows would say of
    their latest period, in one query (`targets_at_latest`) rather than building every
    KPI's whole series (`area_kpis`)."""
    found = []
    for target in targets_at_latest(area):
        kpi = target.kpi
        latest = KpiRow(
            target.period,
            period_label(kpi, target.period),
            # An own figure replaces the official one, as on the page.
            area=target.own_value if target.own_value is not None else target.official_value,
            target=target.value,
            england=target.england,
        )
        if not is_exception(kpi, latest):
            continue
        commentary = None
        if target.why is not None:
            commentary = KpiException(why=target.why, next_steps=target.next_steps or "")
        found.append(
            KpiSummary(
                kpi=kpi, rows=[latest], latest=latest, is_exception=True, commentary=commentary
            )
        )
    return found


class TargetAtLatest(NamedTuple):
    kpi: Kpi
    period: dt.date
    value: Decimal
    own_value: Decimal | None
    official_value: Decimal | None
    england: Decimal | None
    why: str | None
    next_steps: str | None


def targets_at_latest(area: LocalArea) -> list[TargetAtLatest]:
    """The area's targets set for their KPI's latest period with an area figure (its own,
    else the official one), each with that period's figures: its own, the official one,
    England's (official, else entered) and the owner's commentary. Only these can be
    exceptions (one needs a target), and each figure is looked up at the target's own
    period: no lookup depends on another."""
    rows = _targets_at_latest(
        area_id=area.pk, ons_code=area.ons_code, framework_id=area.framework_id
    )
    return [
        TargetAtLatest(instance(Kpi, kpi), *figures)
        for kpi, figures in (row_parts(row, Kpi) for row in rows)
    ]


@prepared  # built once a process (common/prepared.py): it took 8 ms to build
def _targets_at_latest(area_id: int, ons_code: str, framework_id: int) -> QuerySet:
    kpi = OuterRef("kpi_id")
    own = KpiValue.objects.filter(area=area_id, kpi=kpi)
    official = ComparatorValue.objects.filter(kpi=kpi)
    official_own = official.filter(level=Level.LOCAL_AUTHORITY, code=ons_code)

    def latest(rows):
        return Coalesce(Subquery(rows.order_by("-period").values("period")[:1]), Value(NEVER))

    def at_period(rows, field="value", order="pk"):
        return Subquery(rows.filter(period=OuterRef("period")).order_by(order).values(field)[:1])

    commentary = KpiException.objects.filter(area=area_id, kpi=kpi)
    local_england = LocalComparator.objects.filter(
        area=area_id, kpi=kpi, level=LocalComparator.Level.ENGLAND
    )
    return (
        KpiTarget.objects.for_area(area_id)
        .filter(_in_area_frameworks(area_id, framework_id))
        # NEVER stands in for "no figure" (Greatest is NULL on SQLite if either side is).
        .filter(period=Greatest(latest(own), latest(official_own)))
        .annotate(
            own_value=at_period(own, order="variant"),  # the plain variant first, as the page
            official_value=at_period(official_own),
            england=Coalesce(
                at_period(official.filter(level=Level.ENGLAND), order="variant"),
                at_period(local_england),
            ),
            why=at_period(commentary, "why"),
            next_steps=at_period(commentary, "next_steps"),
        )
        .order_by("kpi")  # the KPIs' own order, as on the page
        .values_list(
            *field_names(Kpi, "kpi"),
            "period",
            "value",
            "own_value",
            "official_value",
            "england",
            "why",
            "next_steps",
        )
    )


def _in_area_frameworks(area_id: int, framework_id: int) -> Q:
    """A target's KPI is among `area_kpis_queryset`'s (of the area's framework or either
    side of one of its switches), asked within the target's query rather than first."""
    switches = FrameworkSwitch.objects.filter(area=area_id)
    return (
        Q(kpi__framework_id=framework_id)
        | Q(kpi__framework_id__in=switches.values("from_framework_id"))
        | Q(kpi__framework_id__in=switches.values("to_framework_id"))
    )


# --- peer context ---------------------------------------------------------------------------


@dataclass
class Peer:
    rank: int
    name: str
    la_code: str
    timeliness: Decimal | None
    timeliness_year: int | None
    inspections: list = field(default_factory=list)


def peer_context(area: LocalArea, kpis=None) -> list[Peer]:
    """The area's statistical neighbours with their inspection outcomes and latest
    20-week timeliness, side by side (three queries). `kpis`: the area's indicators,
    if the page has them already (else looked up again)."""
    from areas.kpis.official import TIMELINESS
    from areas.models import OfficialInspection

    ranks = dict(
        StatisticalNeighbour.objects.filter(la_number=area.la_number).values_list(
            "neighbour_la_number", "rank"
        )
    )
    if not ranks:
        return []
    latest: dict[str, tuple] = {}
    rows = ComparatorValue.objects.filter(
        kpi__in=area_kpis_queryset(area) if kpis is None else kpis,
        kpi__code=TIMELINESS,
        level=Level.LOCAL_AUTHORITY,
        la_number__in=list(ranks),
    ).values_list("la_number", "code", "name", "period", "value")
    for number, code, name, period, value in rows:
        if number not in latest or period > latest[number][2]:
            latest[number] = (code, name, period, value)
    inspections: dict[str, list] = defaultdict(list)
    codes = [found[0] for found in latest.values()]
    for inspection in OfficialInspection.objects.filter(la_code__in=codes).order_by("started_on"):
        inspections[inspection.la_code].append(inspection)
    peers = [
        Peer(
            rank=ranks[number],
            name=name,
            la_code=code,
            timeliness=value,
            timeliness_year=period.year,
            inspections=inspections[code],
        )
        for number, (code, name, period, value) in latest.items()
    ]
    return sorted(peers, key=lambda peer: peer.rank)
