"""Demonstration KPI figures, targets and one exception commentary for the four demo areas
made by `sendready.demo.areas_demo.demo_load`.

Figures the seed papers give are loaded as the area's own KpiValues for the period they
describe, with the paper named in `vintage`:

- Sunderland (seed 004, March 2018): new EHC plans within 20 weeks rose from 69% in
  January 2018 to 86% in February 2018 (the local monthly figure).
- Kirklees (seed 000, 2021): pupils with a statement or EHC plan 2.6% (2016/17) to 3.1%
  (2019/20); pupils at SEN support 9.7% to 10.8%, the same years (January census, so the
  periods are 2017 and 2020); young people with SEND in education, employment or
  training 92.7% (March 2021).
- Kent (seed 001, 18 November 2020): an educational psychology waiting list of 412 in
  August 2020, planned to be 17 by March 2021 (a target); 1,209 engagement participants
  from May 2019 to February 2020 and 59 more since lockdown; stage 2 complaints halved
  since the first quarter of 2019.
- Bradford (seed 002, 7 January 2020): 20-week compliance "around 40%" now (the local
  figure, taken as November 2019); 187 parents at the June 2019 listening event.

Official series are not copied: every authority's and England's 20-week timeliness for
2014-2022 comes from `areas.kpis.official`, and the papers' own national or regional figures
(England's share of pupils with a plan or at SEN support; Bradford's 2018 28% against 58%
nationally and 59.8% regionally, which are the "including exceptions" SEN2 figures) belong
to England, the region or the official series, not to the area's own figures.

Everything else is invented so each area has at least two indicators with figures, and
marked as such in `vintage`: the months before and after Kent's 412, the split of Kent's
1,209 participants by term, Kent's termly complaints, Bradford's earlier months and autumn
listening events, Sunderland's waiting list. Targets other than Kent's 17 and Kirklees's
80% ("our current performance stands at over 80%") are invented, and so is the Kirklees
commentary on its 2022 20-week timeliness (14.4% against a target of 80% and England's
49.2%: the one open exception).

Every value is marked is_demo and entered by the area's officer. Run it after
`demo_load` and `official_data_load`; an area that is missing is skipped, and running it
again changes nothing: an existing (area, KPI, period, variant) value, (area, KPI, period)
target or commentary is left as it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from areas.kpis.rules import period_fits
from areas.models import KpiException, KpiTarget, KpiValue, LocalArea
from frameworks.models import Kpi

D = dt.date

SEED_000 = "Seed 000: Kirklees self-assessment summary, 2021"
SEED_001 = "Seed 001: Kent cabinet committee update, 18 November 2020"
SEED_002 = "Seed 002: Bradford Executive report, 7 January 2020"
SEED_004 = "Seed 004: Sunderland scrutiny paper, March 2018"


def invented(seed: str) -> str:
    return f"Invented demo figure, not in {seed}"


@dataclass(frozen=True)
class ValueSpec:
    kpi: str
    period: dt.date
    value: str
    vintage: str
    variant: str = ""


@dataclass(frozen=True)
class TargetSpec:
    kpi: str
    period: dt.date
    value: str


@dataclass(frozen=True)
class CommentarySpec:
    kpi: str
    period: dt.date
    what: str
    why: str
    next_steps: str


TIMELINESS = "ehcp-within-20-weeks"
MONTHLY_TIMELINESS = "ehcp-within-20-weeks-monthly"
EP_WAITING = "ep-waiting-list"
ENGAGEMENT = "engagement-participants"
COMPLAINTS = "stage-2-complaints"

KENT_SPLIT = "Seed 001 total (1,209, May 2019 to Feb 2020) split by term for the demo"

VALUES: dict[str, list[ValueSpec]] = {
    "sunderland": [
        ValueSpec(MONTHLY_TIMELINESS, D(2018, 1, 1), "69", SEED_004),
        ValueSpec(MONTHLY_TIMELINESS, D(2018, 2, 1), "86", SEED_004),
        ValueSpec(EP_WAITING, D(2017, 12, 1), "41", invented("seed 004")),
        ValueSpec(EP_WAITING, D(2018, 1, 1), "38", invented("seed 004")),
        ValueSpec(EP_WAITING, D(2018, 2, 1), "34", invented("seed 004")),
        ValueSpec(EP_WAITING, D(2018, 3, 1), "31", invented("seed 004")),
    ],
    "kirklees": [
        ValueSpec("pupils-with-ehc-plan", D(2017, 1, 1), "2.6", SEED_000, "statement or EHC plan"),
        ValueSpec("pupils-with-ehc-plan", D(2020, 1, 1), "3.1", SEED_000, "statement or EHC plan"),
        ValueSpec("pupils-at-sen-support", D(2017, 1, 1), "9.7", SEED_000),
        ValueSpec("pupils-at-sen-support", D(2020, 1, 1), "10.8", SEED_000),
        ValueSpec("send-eet", D(2021, 1, 1), "92.7", SEED_000, "as at March 2021"),
    ],
    "kent": [
        ValueSpec(EP_WAITING, D(2020, 5, 1), "331", invented("seed 001")),
        ValueSpec(EP_WAITING, D(2020, 6, 1), "358", invented("seed 001")),
        ValueSpec(EP_WAITING, D(2020, 7, 1), "389", invented("seed 001")),
        ValueSpec(EP_WAITING, D(2020, 8, 1), "412", SEED_001),
        ValueSpec(EP_WAITING, D(2020, 9, 1), "396", invented("seed 001")),
        ValueSpec(EP_WAITING, D(2020, 10, 1), "341", invented("seed 001")),
        ValueSpec(ENGAGEMENT, D(2019, 4, 1), "402", KENT_SPLIT, "from May 2019"),
        ValueSpec(ENGAGEMENT, D(2019, 9, 1), "467", KENT_SPLIT),
        ValueSpec(ENGAGEMENT, D(2020, 1, 1), "340", KENT_SPLIT, "to February 2020"),
        ValueSpec(ENGAGEMENT, D(2020, 4, 1), "59", SEED_001, "since lockdown, to November 2020"),
        # "The number of complaints progressing to the second stage ... has halved since
        # Q1 in 2019": the figures are invented to fit (Q1 2019 is the spring term).
        ValueSpec(COMPLAINTS, D(2019, 1, 1), "14", invented("seed 001")),
        ValueSpec(COMPLAINTS, D(2019, 4, 1), "12", invented("seed 001")),
        ValueSpec(COMPLAINTS, D(2019, 9, 1), "10", invented("seed 001")),
        ValueSpec(COMPLAINTS, D(2020, 1, 1), "9", invented("seed 001")),
        ValueSpec(COMPLAINTS, D(2020, 4, 1), "7", invented("seed 001")),
    ],
    "bradford": [
        ValueSpec(MONTHLY_TIMELINESS, D(2019, 9, 1), "33", invented("seed 002")),
        ValueSpec(MONTHLY_TIMELINESS, D(2019, 10, 1), "36", invented("seed 002")),
        ValueSpec(
            MONTHLY_TIMELINESS,
            D(2019, 11, 1),
            "40",
            SEED_002,
            "approximate ('around 40%'); includes historical backlog cases",
        ),
        ValueSpec(ENGAGEMENT, D(2019, 4, 1), "187", SEED_002, "June listening event only"),
        ValueSpec(ENGAGEMENT, D(2019, 9, 1), "96", invented("seed 002")),
    ],
}

TARGETS: dict[str, list[TargetSpec]] = {
    "sunderland": [TargetSpec(MONTHLY_TIMELINESS, D(2018, 2, 1), "90")],
    "kirklees": [
        TargetSpec(TIMELINESS, D(2021, 1, 1), "80"),
        TargetSpec(TIMELINESS, D(2022, 1, 1), "80"),
    ],
    "kent": [TargetSpec(EP_WAITING, D(2021, 3, 1), "17")],
    "bradford": [TargetSpec(MONTHLY_TIMELINESS, D(2019, 11, 1), "58")],
}

# Kirklees's official 2022 figure (14.4%) is worse than its target (80%) and England
# (49.2%): an exception. The commentary is invented, built on the pressures seed 000 names.
COMMENTARIES: dict[str, list[CommentarySpec]] = {
    "kirklees": [
        CommentarySpec(
            TIMELINESS,
            D(2022, 1, 1),
            what=(
                "14.4% of new EHC plans were issued within 20 weeks in 2022, against our "
                "target of 80% and 49.2% for England. We issued 83.4% on time in 2020 and "
                "41.0% in 2021."
            ),
            why=(
                "Requests for assessment kept rising while educational psychology and "
                "health advice took longer to come back, so a backlog of overdue "
                "assessments built up; clearing it issues plans that are already late."
            ),
            next_steps=(
                "Track every open assessment weekly against the 20-week clock; commission "
                "extra educational psychology capacity to clear overdue advice; report "
                "the local monthly figure to the SEND partnership board until it is back "
                "above England's."
            ),
        )
    ],
}


@transaction.atomic
def demo_kpis_load(*, today: dt.date | None = None) -> dict[str, int]:
    """Create (or leave as they are) the demo KPI figures, targets and commentary.

    Needs the demo areas, users and KPI catalogue (`demo_load`, `kpis_load`); an area
    that is missing is skipped, and nothing is loaded for a period after `today`.
    Returns how many demo rows exist afterwards."""
    today = today or dt.date.today()
    areas = LocalArea.objects.filter(is_demo=True, slug__in=[*VALUES, *TARGETS, *COMMENTARIES])
    for area in areas:
        kpis = {kpi.code: kpi for kpi in Kpi.objects.filter(framework_id=area.framework_id)}
        if not kpis:
            continue  # the KPI catalogue is not loaded
        officer = get_user_model().objects.filter(username=f"{area.slug}-officer").first()
        _load_values(area, kpis, officer, today)
        _load_targets(area, kpis, today)
        _load_commentaries(area, kpis, officer, today)
    return {
        "values": KpiValue.objects.filter(is_demo=True).count(),
        "targets": KpiTarget.objects.filter(area__is_demo=True).count(),
        "commentaries": KpiException.objects.filter(area__is_demo=True).count(),
    }


def _kpi(kpis: dict[str, Kpi], code: str, period: dt.date) -> Kpi:
    kpi = kpis.get(code)
    if kpi is None:
        raise ValueError(f"No KPI {code!r} in the catalogue")
    if not period_fits(kpi, period):
        raise ValueError(f"{period} is not the start of a {kpi.frequency} period ({code})")
    return kpi


def _load_values(area: LocalArea, kpis: dict[str, Kpi], officer, today: dt.date) -> None:
    existing = set(KpiValue.objects.filter(area=area).values_list("kpi_id", "period", "variant"))
    for spec in VALUES.get(area.slug, []):
        kpi = _kpi(kpis, spec.kpi, spec.period)
        value = Decimal(spec.value)
        if kpi.unit == Kpi.Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
            raise ValueError(f"{spec.kpi} {spec.period}: {value} is not a percentage")
        if spec.period > today or (kpi.pk, spec.period, spec.variant) in existing:
            continue
        _saved(
            KpiValue(
                area=area,
                kpi=kpi,
                period=spec.period,
                variant=spec.variant,
                vintage=spec.vintage,
                value=value,
                entered_by=officer,
                is_demo=True,
            )
        )


def _load_targets(area: LocalArea, kpis: dict[str, Kpi], today: dt.date) -> None:
    existing = set(KpiTarget.objects.filter(area=area).values_list("kpi_id", "period"))
    for spec in TARGETS.get(area.slug, []):
        kpi = _kpi(kpis, spec.kpi, spec.period)
        if spec.period > today or (kpi.pk, spec.period) in existing:
            continue
        _saved(KpiTarget(area=area, kpi=kpi, period=spec.period, value=Decimal(spec.value)))


def _load_commentaries(area: LocalArea, kpis: dict[str, Kpi], officer, today: dt.date) -> None:
    existing = set(KpiException.objects.filter(area=area).values_list("kpi_id", "period"))
    for spec in COMMENTARIES.get(area.slug, []):
        kpi = _kpi(kpis, spec.kpi, spec.period)
        if spec.period > today or (kpi.pk, spec.period) in existing:
            continue
        _saved(
            KpiException(
                area=area,
                kpi=kpi,
                period=spec.period,
                what=spec.what,
                why=spec.why,
                next_steps=spec.next_steps,
                written_by=officer,
            )
        )


def _saved(instance):
    instance.full_clean()
    instance.save()
    return instance
