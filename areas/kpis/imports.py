"""Import KPI figures from a CSV file: check every row first, show what would change,
then apply all of it in one transaction or none of it.

Columns: kpi (the KPI's code), period (YYYY-MM-DD, or YYYY-MM), value, and optionally
variant and vintage. A row matching a figure already held is left alone, so importing
the same file twice changes nothing; a different value for the same period and variant
is a revision and replaces it."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction

from areas.members.models import LocalArea
from common.errors import Refused
from frameworks.models import Kpi

from .models import KpiValue
from .rules import figure_problems
from .services import kpi_value_save

REQUIRED = ["kpi", "period", "value"]
OPTIONAL = ["variant", "vintage"]


@dataclass
class PlannedRow:
    line: int
    kpi: Kpi
    period: dt.date
    value: Decimal
    variant: str
    vintage: str
    action: str  # "add", "revise" or "unchanged"
    old_value: Decimal | None = None


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def changes(self) -> int:
        return self.count("add") + self.count("revise")


def _period(text: str) -> dt.date | None:
    text = text.strip()
    try:
        if len(text) == 7:
            return dt.date.fromisoformat(f"{text}-01")
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def plan_import(area: LocalArea, text: str, today: dt.date | None = None) -> ImportPlan:
    today = today or dt.date.today()
    plan = ImportPlan()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
    if missing:
        plan.errors.append(
            f"The file needs the columns {', '.join(REQUIRED)}: {', '.join(missing)} missing."
        )
        return plan
    kpis = {kpi.code: kpi for kpi in Kpi.objects.filter(framework_id=area.framework_id)}
    held = {(v.kpi_id, v.period, v.variant): v.value for v in KpiValue.objects.for_area(area)}
    seen: set[tuple] = set()
    for line, row in enumerate(reader, start=2):
        problems = []
        kpi = kpis.get((row.get("kpi") or "").strip())
        period = _period(row.get("period") or "")
        variant = (row.get("variant") or "").strip()
        try:
            value = Decimal((row.get("value") or "").strip().replace(",", ""))
        except InvalidOperation:
            value = None
        if kpi is None:
            problems.append(f"unknown KPI {row.get('kpi')!r}")
        if period is None:
            problems.append(f"period {row.get('period')!r} is not a date like 2024-01-01")
        if value is None:
            problems.append(f"value {row.get('value')!r} is not a number")
        if kpi:
            problems += [
                problem[0].lower() + problem[1:]
                for problem in figure_problems(
                    kpi, period=period, value=value, today=today
                ).values()
            ]
        key = (kpi.pk if kpi else None, period, variant)
        if kpi and period and key in seen:
            problems.append("the same KPI, period and variant appear earlier in the file")
        seen.add(key)
        if problems:
            plan.errors.append(f"Row {line}: {'; '.join(problems)}.")
            continue
        assert kpi and period and value is not None
        old = held.get((kpi.pk, period, variant))
        action = "add" if old is None else ("unchanged" if old == value else "revise")
        plan.rows.append(
            PlannedRow(
                line, kpi, period, value, variant, (row.get("vintage") or "").strip(), action, old
            )
        )
    if not plan.rows and not plan.errors:
        plan.errors.append("The file has no rows.")
    return plan


@transaction.atomic
def apply_import(*, area: LocalArea, plan: ImportPlan, by) -> int:
    """Add and revise every planned row; refuse the whole file if any row had an error."""
    if plan.errors:
        raise Refused("A file with errors cannot be imported.")
    for row in plan.rows:
        if row.action != "unchanged":
            kpi_value_save(
                area=area,
                by=by,
                kpi=row.kpi,
                period=row.period,
                value=row.value,
                variant=row.variant,
                vintage=row.vintage,
                revise=True,
            )
    return plan.changes
