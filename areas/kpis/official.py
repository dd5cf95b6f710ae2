"""Official statistics copied into fixtures/data/official/ (see its README for sources
and licence): EHC plan timeliness for every area, region and England, DfE statistical
neighbours and every 2016-framework inspection outcome. Loading is idempotent."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from areas.models import ComparatorValue, OfficialInspection, StatisticalNeighbour
from frameworks.models import Framework, Kpi

DATA = Path(settings.BASE_DIR) / "fixtures" / "data" / "official"
TIMELINESS = "ehcp-within-20-weeks"
PLANS = "ehc-plans"
EXCLUDING = "excluding exceptions"
SEN2_PACKAGED = "SEN2, as packaged in the DfE SEND & AP Inclusion Dashboard (2014–2022)"

# England figures after the packaged series, as DfE's "Education, health and care plans"
# releases report them (issue 8). Each keeps the release it comes from.
ENGLAND_LATER = [
    (TIMELINESS, 2023, "50.3", "DfE Education, health and care plans, 2024 release"),
    (TIMELINESS, 2024, "46.4", "DfE Education, health and care plans, 2025 release"),
    (PLANS, 2019, "354000", "DfE Education, health and care plans, 2019 release"),
    (PLANS, 2020, "390100", "DfE Education, health and care plans, 2020 release"),
    (PLANS, 2021, "430700", "DfE Education, health and care plans, 2021 release"),
    (PLANS, 2022, "473300", "DfE Education, health and care plans, 2022 release"),
    (PLANS, 2023, "517000", "DfE Education, health and care plans, 2023 release"),
    (PLANS, 2024, "575963", "DfE Education, health and care plans, 2024 release"),
    (PLANS, 2025, "638745", "DfE Education, health and care plans, 2025 release"),
]


def _rows(name: str):
    with open(DATA / name, newline="", encoding="utf-8") as source:
        yield from csv.DictReader(source)


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@transaction.atomic
def official_data_load(*, framework: Framework) -> dict[str, int]:
    """Replace the official series with those in fixtures/data/official/ (idempotent)."""
    kpis = {kpi.code: kpi for kpi in Kpi.objects.filter(framework=framework)}
    values = timeliness_values(kpis) + later_england_values(kpis)
    ComparatorValue.objects.filter(kpi__framework=framework).delete()
    ComparatorValue.objects.bulk_create(values)
    neighbours = [
        StatisticalNeighbour(
            la_number=row["la_number"],
            neighbour_la_number=row["neighbour_la_number"],
            rank=int(row["rank"]),
            closeness=row["closeness"],
        )
        for row in _rows("dfe-statistical-neighbours-2025.csv")
    ]
    StatisticalNeighbour.objects.all().delete()
    StatisticalNeighbour.objects.bulk_create(neighbours)
    inspections = [inspection(row) for row in _rows("ofsted-area-send-outcomes-2016-2022.csv")]
    OfficialInspection.objects.all().delete()
    OfficialInspection.objects.bulk_create(inspections)
    return {"values": len(values), "neighbours": len(neighbours), "inspections": len(inspections)}


def timeliness_values(kpis) -> list[ComparatorValue]:
    """Every area's, region's and England's 20-week timeliness, 2014-2022."""
    if TIMELINESS not in kpis:
        return []
    values = []
    for row in _rows("dfe-ehcp-timeliness-2014-2022.csv"):
        if not row["pct_within_20_weeks_excl_exceptions"]:
            continue
        level = row["level"]
        code = {"england": "E92000001", "region": row["region"]}.get(level, row["la_code"])
        values.append(
            ComparatorValue(
                kpi=kpis[TIMELINESS],
                level=level,
                code=code,
                la_number=row["la_number"],
                name=row["la_name"] or row["region"] or "England",
                period=dt.date(int(row["year"]), 1, 1),
                variant=EXCLUDING,
                value=Decimal(row["pct_within_20_weeks_excl_exceptions"]),
                vintage=SEN2_PACKAGED,
                source="dfe-ehcp-timeliness-2014-2022.csv",
            )
        )
    return values


def later_england_values(kpis) -> list[ComparatorValue]:
    return [
        ComparatorValue(
            kpi=kpis[code],
            level=ComparatorValue.Level.ENGLAND,
            code="E92000001",
            name="England",
            period=dt.date(year, 1, 1),
            variant=EXCLUDING if code == TIMELINESS else "",
            value=Decimal(value),
            vintage=release,
            source=release,
        )
        for code, year, value, release in ENGLAND_LATER
        if code in kpis
    ]


def inspection(row: dict) -> OfficialInspection:
    weaknesses = row["significant_weaknesses"]
    return OfficialInspection(
        la_code=row["la_code"],
        area_name=row["area_name"],
        started_on=dt.date.fromisoformat(row["inspection_start"]),
        published_on=_date(row["inspection_published"]),
        wsoa_required=row["wsoa_required"] == "Yes",
        significant_weaknesses=int(weaknesses) if weaknesses else None,
        revisit_started_on=_date(row["revisit_start"]),
        revisit_sufficient_progress=row["revisit_sufficient_progress_all"],
    )
