"""Import KPI figures from a CSV file: check every row first, show what would change,
then apply all of it in one transaction or none of it.

Columns: kpi (the KPI's code), period (YYYY-MM-DD or YYYY-MM, or the UK's DD/MM/YYYY
or MM/YYYY), value, and optionally variant and vintage; headers in any case, with
spaces around them or not ("KPI", " Period "). A row matching a figure already held is
left alone, so importing the same file twice changes nothing; a different value for the
same period and variant is a revision and replaces it.

Checking is done in memory: the framework's KPIs and the area's held figures are read
with one query each, then every row is checked against the figure rules
(`rules.figure_problems`, which also hold what the columns can store), so what the
preview accepts the bulk write in `services.kpi_values_import` can write."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from areas.members.models import LocalArea
from areas.members.selectors import area_kpis_queryset
from common.errors import Refused
from frameworks.models import Kpi

from .models import KpiValue
from .rules import figure_problems
from .services import kpi_values_import

REQUIRED = ["kpi", "period", "value"]
OPTIONAL = ["variant", "vintage"]

# One size limit for the uploaded file and for the previewed text sent back on confirm.
SIZE_LIMIT = 1_000_000  # bytes
# The shortest valid rows ("send-eet,2020-01,1") are about 20 bytes, so 1 MB holds about
# 50,000 figures; the largest file seen (issue 12) had 32,941. The limit bounds the work
# for a file of junk (1 MB of two-byte lines is 500,000 rows, each an error to report).
ROW_LIMIT = 50_000
SHOWN_ROWS = 500  # rows listed in the preview; the counts cover all of them
SHOWN_ERRORS = 100  # row errors listed; the rest are counted
CELL_SHOWN = 40  # characters of a bad cell repeated in its error message

ACTIONS = ["revise", "add", "unchanged"]  # the order the preview lists them


@dataclass(slots=True)
class PlannedRow:
    line: int
    kpi: Kpi
    period: dt.date
    value: Decimal
    variant: str
    vintage: str
    action: str  # "add", "revise" or "unchanged"
    old_value: Decimal | None = None
    figure_id: int | None = None  # the held figure a revision replaces


@dataclass
class ImportPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    today: dt.date | None = None

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def changes(self) -> int:
        return self.count("add") + self.count("revise")

    @property
    def summary(self) -> str:
        counts = Counter(row.action for row in self.rows)
        return (
            f"{len(self.rows):,} rows: {counts['add']:,} new, {counts['revise']:,} to revise, "
            f"{counts['unchanged']:,} already held."
        )

    @property
    def changes_text(self) -> str:
        return f"{self.changes:,} figure{'' if self.changes == 1 else 's'}"

    def shown_rows(self, limit: int = SHOWN_ROWS) -> list[PlannedRow]:
        """The rows a preview lists: revisions first (they replace held figures), then
        new figures, then those already held, each in file order."""
        return sorted(self.rows, key=lambda row: ACTIONS.index(row.action))[:limit]

    def shown_errors(self, limit: int = SHOWN_ERRORS) -> list[str]:
        if len(self.errors) <= limit:
            return self.errors
        more = len(self.errors) - limit
        return [
            *self.errors[:limit],
            f"{more:,} more rows have problems: correct those listed and check the file again.",
        ]


def text_size(text: str) -> int:
    """The size the limit applies to: UTF-8 bytes, each line ending counted as one byte
    (a browser sends the previewed text back with CRLF line endings)."""
    return len(text.replace("\r\n", "\n").encode("utf-8", errors="surrogatepass"))


def shown(cell: str | None) -> str:
    cell = cell or ""
    return repr(cell if len(cell) <= CELL_SHOWN else cell[:CELL_SHOWN] + "…")


def parse_period(text: str) -> dt.date | None:
    """ISO (2024-01-01, 2024-01) or as the UK writes it (01/01/2024, 1/1/2024, 01/2024)."""
    text = text.strip()
    try:
        if "/" in text:
            return uk_date(text)
        if len(text) == 7:
            return dt.date.fromisoformat(f"{text}-01")
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def uk_date(text: str) -> dt.date | None:
    """Day/month/year or month/year, the year in four digits (02/03/21 could be 1921)."""
    parts = text.split("/")
    if len(parts) not in (2, 3) or not all(part.isdigit() and part.isascii() for part in parts):
        return None
    *day, month, year = parts
    if len(year) != 4 or any(len(part) > 2 for part in [*day, month]):
        return None
    return dt.date(int(year), int(month), int(day[0]) if day else 1)


def parse_value(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        return None


def read_row(
    row: dict, kpis: dict[str, Kpi], today: dt.date
) -> tuple[tuple[Kpi, dt.date, Decimal, str, str] | None, list[str]]:
    """A row's figure (kpi, period, value, variant, vintage) if it keeps every rule,
    and its problems."""
    problems = []
    kpi = kpis.get((row.get("kpi") or "").strip())
    period = parse_period(row.get("period") or "")
    value = parse_value(row.get("value") or "")
    variant = (row.get("variant") or "").strip()
    vintage = (row.get("vintage") or "").strip()
    if kpi is None:
        problems.append(f"unknown KPI {shown(row.get('kpi'))}")
    if period is None:
        problems.append(
            f"period {shown(row.get('period'))} is not a date like 01/01/2024 or 2024-01-01"
        )
    if value is None:
        problems.append(f"value {shown(row.get('value'))} is not a number")
    if kpi is not None:
        found = figure_problems(
            kpi, period=period, value=value, today=today, variant=variant, vintage=vintage
        )
        problems += [problem[0].lower() + problem[1:] for problem in found.values()]
    if problems or kpi is None or period is None or value is None:
        return None, problems
    return (kpi, period, value, variant, vintage), []


def plan_rows(plan: ImportPlan, reader: csv.DictReader, kpis: dict[str, Kpi], held: dict) -> None:
    """Check each row and plan what it does; stop at the row limit."""
    assert plan.today is not None
    seen: set[tuple] = set()
    for count, row in enumerate(reader, start=1):
        if count > ROW_LIMIT:
            plan.rows, plan.errors = (
                [],
                [
                    f"The file has more than {ROW_LIMIT:,} rows: split it into files of at most "
                    f"{ROW_LIMIT:,} rows and import them one after another."
                ],
            )
            return
        line = reader.line_num
        figure, problems = read_row(row, kpis, plan.today)
        if figure is not None:
            kpi, period, value, variant, vintage = figure
            key = (kpi.pk, period, variant)
            if key in seen:
                problems.append("the same KPI, period and variant appear earlier in the file")
            seen.add(key)
        if problems or figure is None:
            plan.errors.append(f"Row {line}: {'; '.join(problems)}.")
            continue
        figure_id, old = held.get(key, (None, None))
        action = "add" if old is None else ("unchanged" if old == value else "revise")
        plan.rows.append(
            PlannedRow(line, kpi, period, value, variant, vintage, action, old, figure_id)
        )


def template_csv(area: LocalArea) -> str:
    """A file to fill in: the header, then a line for each of the area's indicators."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*REQUIRED, *OPTIONAL])
    for kpi in area_kpis_queryset(area).order_by("order"):
        writer.writerow([kpi.code, "", "", "", ""])
    return out.getvalue()


def plan_import(area: LocalArea, text: str, today: dt.date | None = None) -> ImportPlan:
    """Check the whole file against the rules and the figures held; write nothing."""
    plan = ImportPlan(today=today or dt.date.today())
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        if reader.fieldnames:  # "KPI", " Period " and "kpi" are the same column
            reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
        missing = [name for name in REQUIRED if name not in (reader.fieldnames or [])]
        if missing:
            plan.errors.append(
                f"The file needs the columns {', '.join(REQUIRED)}: {', '.join(missing)} missing."
            )
            return plan
        kpis = {kpi.code: kpi for kpi in area_kpis_queryset(area)}
        held = {
            (kpi_id, period, variant): (pk, value)
            for pk, kpi_id, period, variant, value in KpiValue.objects.for_area(area)
            .order_by()
            .values_list("pk", "kpi_id", "period", "variant", "value")
        }
        plan_rows(plan, reader, kpis, held)
    except csv.Error as error:  # e.g. a field over the csv module's 131,072 characters
        plan.rows = []  # line_num counts the lines read before the one that failed
        plan.errors.append(
            f"Row {reader.line_num + 1}: this is not a CSV file we can read ({error})."
        )
    if not plan.rows and not plan.errors:
        plan.errors.append("The file has no rows.")
    return plan


def apply_import(*, area: LocalArea, plan: ImportPlan, by) -> int:
    """Add and revise every planned row in one transaction; refuse the whole file if any
    row had an error. Returns how many figures were added or revised."""
    if plan.errors:
        raise Refused("A file with errors cannot be imported.")
    rows = [row for row in plan.rows if row.action != "unchanged"]
    return kpi_values_import(area=area, rows=rows, by=by, today=plan.today)
