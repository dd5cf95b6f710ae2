"""Import an area's existing RAG tracker from a spreadsheet (issue 14): read the file,
find its table, show month by month what it would create or change, then write all of
it in one transaction, or nothing.

The shape read is the one councils keep: a criterion column first (the code as printed,
"A1", "C 14", "C11a", or the criterion's text, or both: "A1 When potential needs…"),
then one column per month headed "Feb 18", "February 2018", "2018-02", "01/02/2018" or
an Excel date, each cell R/A/G or Red/Amber/Green in any case, and optionally one
Commentary and one Next steps column, which apply to the latest month in the sheet.
Title rows above the table, merged cells and blank rows are passed over: the table
starts at the first row that has a readable month beside a first column that is not
one. A row with nothing to import (a question heading, a note, wrapped text) is passed
over too. A blank cell says nothing: the rating held for that month stays as it is.

Every problem (an unknown criterion or level, a heading that is not a month, an agreed
month the file would change, a month rated against another framework than the row's
criterion) is listed with its sheet, row and column, and a file with any problem
imports nothing. Writes go through `services.month_open` and `services.month_save`, so
the history records each rating, and importing a file already imported changes nothing.

Between the preview and the confirmation the file is not stored anywhere: what was
read from it (each table's columns and the text of its rows) and the version of every
month it covers travel with the confirmation form, signed (so they cannot be altered),
compressed and capped at `KEEP_LIMIT`, and expire after `KEEP_FOR`. Nothing is kept on
the server; confirming reads the tables again against the ratings held then, and refuses
if any month was saved since the preview."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from areas.kpis.imports import shown
from areas.members.models import FrameworkSwitch, LocalArea, framework_in_force
from areas.members.selectors import area_framework_ids
from common.errors import Refused
from common.months import previous_month, this_month
from common.spreadsheets import put, put_row
from frameworks.models import Criterion, Framework, RatingLevel
from frameworks.selectors import levels_of

from . import services
from .models import Assessment, Rating
from .services import RatingEntry

SIZE_LIMIT = 5_000_000  # bytes uploaded
UNPACKED_LIMIT = 30_000_000  # bytes of an Excel file once unzipped: no zip bombs
ROW_LIMIT = 2_000  # rows with something in them, per sheet
COLUMN_LIMIT = 300  # 25 years of months
SHEET_LIMIT = 50
CELL_LIMIT = 10_000  # characters of a commentary or next steps
KEEP_LIMIT = 1_000_000  # characters of the signed tables sent back on confirm
KEEP_FOR = 2 * 60 * 60  # seconds a preview can be confirmed for
SHOWN_PROBLEMS = 100
SHOWN_CHANGES = 500

COMMENTARY = {"commentary", "comment", "comments"}
NEXT_STEPS = {"next steps", "next step", "next steps/actions", "actions"}
# Headings of columns that say which criterion a row is: read, never rated.
CRITERION_TEXT = {"criterion", "criteria", "criterion text", "text", "description"}
LABELS = CRITERION_TEXT | {"code", "criterion code", "area", "judgement area", "question"}
NOTES_TOO_EARLY = (
    "commentary and next steps apply to the latest month, {0:%B %Y}, which has not started"
)
MONTH_EXAMPLES = "Feb 18, February 2018, 2018-02 or 01/02/2018"
NOT_READABLE = "This file cannot be read as a spreadsheet: upload an Excel (.xlsx) or CSV file."


# --- reading the file ------------------------------------------------------------------


@dataclass
class RawSheet:
    name: str
    rows: list[tuple[int, list[Any]]]  # (row number, cell values), rows with a value only


def read_upload(name: str, data: bytes) -> list[RawSheet]:
    """The sheets of an uploaded file, checked by its content (an Excel file is a zip
    holding `[Content_Types].xml`; a CSV is text) as well as its name."""
    extension = name.lower().rpartition(".")[2] if "." in name else ""
    if len(data) > SIZE_LIMIT:
        raise Refused(f"The file is too big: the limit is {SIZE_LIMIT // 1_000_000} MB.")
    if extension in {"xlsm", "xltm", "xlsb", "xla", "xlam"}:
        raise Refused("Files with macros cannot be imported: save it as .xlsx and try again.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused(
            "This is an older .xls file, or a workbook with a password: save it as .xlsx "
            "without a password (or as CSV) and try again."
        )
    if extension == "xlsx":
        return read_xlsx(data)
    if extension in {"csv", "txt"} and not data.startswith(b"PK\x03\x04"):
        return [RawSheet(name[:60], text_rows(name[:60], decoded(data)))]
    raise Refused(NOT_READABLE)


def workbook_parts(data: bytes) -> list[zipfile.ZipInfo]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise Refused(NOT_READABLE) from error


def check_workbook(data: bytes) -> None:
    """An Excel workbook without macros and not a zip bomb, before openpyxl opens it."""
    parts = workbook_parts(data)
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise Refused(NOT_READABLE)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise Refused("Files with macros cannot be imported: save it as .xlsx and try again.")
    if sum(part.file_size for part in parts) > UNPACKED_LIMIT:
        raise Refused("The workbook is too big once unpacked: import fewer sheets at a time.")


def read_xlsx(data: bytes) -> list[RawSheet]:
    check_workbook(data)
    try:
        # data_only: a formula's last calculated value, as the person saw it; never run.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise Refused(NOT_READABLE) from error
    try:
        sheets = workbook.worksheets
        if len(sheets) > SHEET_LIMIT:
            raise Refused(f"The workbook has more than {SHEET_LIMIT} sheets.")
        return [RawSheet(sheet.title, sheet_rows(sheet)) for sheet in sheets]
    except Refused:
        raise
    except Exception as error:  # a sheet damaged past what openpyxl can read
        raise Refused(NOT_READABLE) from error
    finally:
        workbook.close()


def sheet_rows(sheet) -> list[tuple[int, list[Any]]]:
    rows = sheet.iter_rows(max_col=COLUMN_LIMIT + 1, values_only=True)
    return kept_rows(sheet.title, (list(values) for values in rows))


def kept_rows(name: str, rows) -> list[tuple[int, list[Any]]]:
    """The rows holding something, numbered as the spreadsheet numbers them, within the
    limits (blank cells are None or empty text)."""
    kept: list[tuple[int, list[Any]]] = []
    for number, values in enumerate(rows, start=1):
        if not any(value not in (None, "") for value in values):
            continue
        if len(values) > COLUMN_LIMIT and any(v not in (None, "") for v in values[COLUMN_LIMIT:]):
            raise Refused(f"Sheet “{name}” has more than {COLUMN_LIMIT} columns.")
        if len(kept) == ROW_LIMIT:
            raise Refused(f"Sheet “{name}” has more than {ROW_LIMIT:,} rows.")
        kept.append((number, values[:COLUMN_LIMIT]))
    return kept


def decoded(data: bytes) -> str:
    """CSV text: UTF-8 (with or without a byte-order mark), else Windows-1252."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise Refused(NOT_READABLE) from error
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", text):  # binary, or UTF-16
        raise Refused(NOT_READABLE)
    return text


def text_rows(name: str, text: str) -> list[tuple[int, list[Any]]]:
    """The rows of a CSV, separated by commas, or by tabs or semicolons if that is what
    makes a table (one pasted from a paper is often tab-separated)."""
    found: list[tuple[int, list[Any]]] = []
    for delimiter in (",", "\t", ";"):
        try:
            found = kept_rows(name, csv.reader(io.StringIO(text), delimiter=delimiter))
        except csv.Error as error:  # e.g. a field over the csv module's 131,072 characters
            raise Refused(f"This CSV file cannot be read ({error}).") from error
        if has_table(found):
            break
    return found


# --- finding the table ---------------------------------------------------------------------

QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\xa0": " "})
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
NAMED_MONTH = re.compile(r"([a-z]+)[\s\-/'.,]*(\d{2}|\d{4})")
ISO_MONTH = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ t]\d\d:\d\d(?::\d\d)?)?")
UK_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")


def plain(text: str) -> str:
    """Text as compared: case, spacing, curly quotes and a closing full stop ignored."""
    return " ".join(text.translate(QUOTES).casefold().split()).rstrip(".:;")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()[: CELL_LIMIT + 1]


def read_month(value: Any) -> dt.date | None:
    """The month a column heading names, or None."""
    if isinstance(value, dt.date):
        return month_of(value.year, value.month)
    if not isinstance(value, str) or len(value) > 40:
        return None
    text = plain(value)
    if match := ISO_MONTH.fullmatch(text):
        year, month, day = match[1], match[2], match[3] or "1"
    elif match := UK_DATE.fullmatch(text):
        day, month, year = match[1], match[2], match[3]
    elif (match := NAMED_MONTH.fullmatch(text)) and match[1] in MONTH_NAMES:
        year, month, day = match[2], str(MONTH_NAMES[match[1]]), "1"
    else:
        return None
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    try:
        dt.date(full_year, int(month), int(day))
    except ValueError:
        return None
    return month_of(full_year, int(month))


def month_of(year: int, month: int) -> dt.date | None:
    return dt.date(year, month, 1) if 1990 <= year <= 2100 else None


def key_column(rows: list[tuple[int, list[Any]]]) -> int:
    """The criterion column: the first with anything in it (the sheet may have margins)."""
    return min((first_used(values) for _, values in rows), default=0)


def has_table(rows: list[tuple[int, list[Any]]]) -> bool:
    key = key_column(rows)
    return any(is_header(values, key) for _, values in rows)


def is_header(values: list[Any], key: int) -> bool:
    return (
        len(values) > key + 1
        and read_month(values[key]) is None
        and any(read_month(value) for value in values[key + 1 :])
    )


@dataclass(frozen=True)
class Place:
    sheet: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        parts = [f"Sheet “{self.sheet}”"]
        parts += [f"row {self.row}"] if self.row else []
        parts += [f"column {self.column}"] if self.column else []
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    place: Place
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


@dataclass
class Table:
    """One sheet's table: which column holds what, and its rows below the headings as
    text (index = column)."""

    sheet: str
    header: int  # its row number
    key: int  # the criterion column
    months: dict[int, dt.date] = field(default_factory=dict)
    text: int | None = None
    commentary: int | None = None
    next_steps: int | None = None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)

    def place(self, row: int | None = None, column: int | None = None) -> Place:
        letter = get_column_letter(column + 1) if column is not None else ""
        return Place(self.sheet, row, letter)

    def cell(self, cells: list[str], column: int | None) -> str:
        return cells[column] if column is not None and column < len(cells) else ""

    @property
    def latest(self) -> dt.date | None:
        return max(self.months.values(), default=None)


def find_table(sheet: RawSheet, problems: list[Problem]) -> Table | None:
    """The table of a sheet, from the first row that has a readable month beside a
    first column that is not one; None if there is none (a cover or notes sheet)."""
    key = key_column(sheet.rows)
    for position, (number, values) in enumerate(sheet.rows):
        if is_header(values, key):
            table = Table(sheet=sheet.name, header=number, key=key)
            read_headings(table, values, problems)
            table.rows = [(n, [cell_text(v) for v in row]) for n, row in sheet.rows[position + 1 :]]
            check_unheaded(table, values, problems)
            return table
    return None


def first_used(values: list[Any]) -> int:
    return next(i for i, value in enumerate(values) if value not in (None, ""))


def read_headings(table: Table, values: list[Any], problems: list[Problem]) -> None:
    for column in range(table.key + 1, len(values)):
        written, month = cell_text(values[column]), read_month(values[column])
        heading = plain(written)
        where = table.place(table.header, column)
        if month is not None:
            if month in table.months.values():
                problems.append(Problem(where, f"{month:%B %Y} has a column already"))
            table.months[column] = month
        elif heading in COMMENTARY | NEXT_STEPS:
            name = "commentary" if heading in COMMENTARY else "next_steps"
            if getattr(table, name) is not None:
                problems.append(Problem(where, f"a second {heading} column: keep one"))
            setattr(table, name, column)
        elif heading in LABELS:
            if heading in CRITERION_TEXT and table.text is None:
                table.text = column
        elif heading:
            problems.append(
                Problem(
                    where,
                    f"the heading {shown(written)} is not a month we can read (write it like "
                    f"{MONTH_EXAMPLES}), nor Commentary or Next steps: rename or delete the "
                    "column",
                )
            )


def check_unheaded(table: Table, values: list[Any], problems: list[Problem]) -> None:
    """A column with values but no heading cannot be read as anything."""
    width = max((len(cells) for _, cells in table.rows), default=0)
    for column in range(table.key + 1, width):
        if column < len(values) and values[column] not in (None, ""):
            continue
        if any(table.cell(cells, column) for _, cells in table.rows):
            problems.append(
                Problem(
                    table.place(table.header, column),
                    "this column has values but no heading: head it with its month",
                )
            )


# --- what the area holds -------------------------------------------------------------------


def code_key(text: str) -> str:
    return plain(text).replace(" ", "")


@dataclass
class CriterionIndex:
    """One framework's criteria by code or printed label ("C 14" and "C14" alike) and
    by text."""

    by_code: dict[str, list[Criterion]] = field(default_factory=lambda: defaultdict(list))
    by_text: dict[str, list[Criterion]] = field(default_factory=lambda: defaultdict(list))

    def add(self, criterion: Criterion) -> None:
        for name in dict.fromkeys([code_key(criterion.code), code_key(criterion.label)]):
            if name:
                self.by_code[name].append(criterion)
        self.by_text[plain(criterion.text)].append(criterion)

    def candidates(self, cell: str) -> tuple[list[Criterion], str]:
        """The criteria `cell` may name, and any text after a leading code."""
        name = plain(cell)
        if code_key(name) in self.by_code:
            return self.by_code[code_key(name)], ""
        if name in self.by_text:
            return self.by_text[name], ""
        words = name.split(" ")
        for length in (2, 1):  # "C 14 short-break care", "A1 When potential needs…"
            code = code_key("".join(words[:length]))
            if len(words) > length and code in self.by_code:
                return self.by_code[code], " ".join(words[length:])
        return [], ""

    def find(self, cell: str, text: str) -> list[Criterion]:
        """The criteria a row names: by its first cell; where that is a code printed for
        two criteria (C11), the one whose text follows it or is in the text column."""
        found, rest = self.candidates(cell)
        if not found and text:
            found, rest = self.candidates(text)
        if len(found) > 1:
            wording = plain(text) or rest
            narrowed = [c for c in found if wording and same_text(plain(c.text), wording)]
            found = narrowed or found
        return found


def same_text(criterion_text: str, wording: str) -> bool:
    """The same words, allowing a row cut short (text wrapped onto the next row)."""
    return criterion_text.startswith(wording) or wording.startswith(criterion_text)


@dataclass
class Held:
    """The area's frameworks, criteria and levels, and the months and ratings it holds
    for the months a file covers: read in a fixed number of queries."""

    area: LocalArea
    frameworks: dict[int, Framework]
    indexes: dict[int, CriterionIndex]
    levels: dict[int, dict[str, RatingLevel]]
    level_by_id: dict[int, RatingLevel]
    switches: list[FrameworkSwitch]
    months: dict[dt.date, Assessment]
    ratings: dict[tuple[int, int], Rating]

    def framework_id(self, month: dt.date) -> int:
        """The framework `month` is rated against: its own once started."""
        if month in self.months:
            return self.months[month].framework_id
        return framework_in_force(self.area, month, self.switches)

    def find(self, cell: str, text: str) -> dict[int, list[Criterion]]:
        return {pk: index.find(cell, text) for pk, index in self.indexes.items()}


def held_for(area: LocalArea, months: set[dt.date]) -> Held:
    assessments = list(Assessment.objects.for_area(area).filter(month__in=months))
    framework_ids = list(
        dict.fromkeys([*area_framework_ids(area), *(a.framework_id for a in assessments)])
    )
    indexes: dict[int, CriterionIndex] = {pk: CriterionIndex() for pk in framework_ids}
    for criterion in Criterion.objects.filter(framework_id__in=framework_ids).order_by("order"):
        indexes[criterion.framework_id].add(criterion)
    levels = levels_of(framework_ids)
    ratings = Rating.objects.filter(assessment__in=[a.pk for a in assessments])
    return Held(
        area=area,
        frameworks=Framework.objects.in_bulk(framework_ids),
        indexes=indexes,
        levels={pk: level_names([lv for lv in levels if lv.framework_id == pk]) for pk in indexes},
        level_by_id={level.pk: level for level in levels},
        switches=list(FrameworkSwitch.objects.filter(area=area).order_by("from_month")),
        months={assessment.month: assessment for assessment in assessments},
        ratings={(r.assessment_id, r.criterion_id): r for r in ratings},
    )


def level_names(levels: list[RatingLevel]) -> dict[str, RatingLevel]:
    """A framework's levels by code, label and, where no two share it, initial (R/A/G)."""
    initials = Counter(plain(level.label)[:1] for level in levels)
    names: dict[str, RatingLevel] = {}
    for level in levels:
        initial = plain(level.label)[:1]
        names.update({plain(level.code): level, plain(level.label): level})
        if initials[initial] == 1:
            names.setdefault(initial, level)
    return names


# --- planning: what the file would do ----------------------------------------------------


@dataclass
class Found:
    """What a file says about one criterion in one month."""

    criterion: Criterion
    level: RatingLevel | None  # None: only commentary or next steps were given
    commentary: str
    next_steps: str
    place: Place


@dataclass
class Change:
    criterion: Criterion
    old: RatingLevel | None
    new: RatingLevel
    what: list[str]  # "level", "commentary", "next steps"

    @property
    def also(self) -> list[str]:
        return [name for name in self.what if name != "level"]


@dataclass
class MonthPlan:
    month: dt.date
    framework: Framework
    assessment: Assessment | None  # None: a month the import starts
    entries: list[RatingEntry] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    shown: list[Change] = field(default_factory=list)  # the changes the preview lists

    @property
    def is_new(self) -> bool:
        return self.assessment is None

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def unlisted(self) -> int:
        return len(self.changes) - len(self.shown)


@dataclass
class ImportPlan:
    tables: list[Table]
    months: list[MonthPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sheets without a table

    @property
    def changes(self) -> int:
        return sum(len(month.changes) for month in self.months)

    @property
    def changes_text(self) -> str:
        return f"{self.changes:,} rating{'' if self.changes == 1 else 's'}"

    @property
    def summary(self) -> str:
        new = sum(1 for m in self.months if m.is_new and m.changes)
        changed = sum(1 for m in self.months if not m.is_new and m.changes)
        added = sum(1 for m in self.months for c in m.changes if c.old is None)
        return (
            f"{len(self.months)} month{'' if len(self.months) == 1 else 's'} in the file: "
            f"{new} to start, {changed} to change, {len(self.months) - new - changed} "
            f"already as the file says. {added:,} ratings to add and "
            f"{self.changes - added:,} to change."
        )

    @property
    def unchanged(self) -> list[MonthPlan]:
        return [month for month in self.months if not month.changes]

    @property
    def versions(self) -> dict[str, int | None]:
        """Each month's version as planned (None: not started), to detect later saves."""
        return {m.slug: m.assessment.version if m.assessment else None for m in self.months}

    def shown_problems(self) -> list[Problem | str]:
        if len(self.problems) <= SHOWN_PROBLEMS:
            return list(self.problems)
        more = len(self.problems) - SHOWN_PROBLEMS
        return [*self.problems[:SHOWN_PROBLEMS], f"… and {more:,} more problems."]


def plan_sheets(area: LocalArea, sheets: list[RawSheet], today: dt.date | None = None):
    """Find each sheet's table and plan the import; write nothing."""
    problems: list[Problem] = []
    tables, skipped = [], []
    for sheet in sheets:
        table = find_table(sheet, problems)
        if table is None:
            skipped.append(sheet.name)
        else:
            tables.append(table)
    plan = plan_import(area, tables, today=today)
    plan.problems[:0] = problems
    plan.skipped = skipped
    if not tables:
        plan.problems.append(
            Problem(
                Place(sheets[0].name if sheets else "(none)"),
                "no table found: the file needs a row of headings with months (like "
                f"{MONTH_EXAMPLES}) beside a first column of criteria",
            )
        )
    return plan


def plan_import(area: LocalArea, tables: list[Table], today: dt.date | None = None) -> ImportPlan:
    """What importing `tables` would do to the ratings held now, month by month."""
    plan = ImportPlan(tables=tables)
    held = held_for(area, {month for table in tables for month in table.months.values()})
    found: dict[dt.date, dict[int, Found]] = defaultdict(dict)
    for table in tables:
        read_table(table, held, found, plan.problems, this_month(today))
    for month in sorted(found):
        plan.months.append(plan_month(month, found[month], held, plan.problems))
    budget = SHOWN_CHANGES
    for month_plan in plan.months:
        month_plan.shown = month_plan.changes[: max(budget, 0)]
        budget -= len(month_plan.shown)
    return plan


def read_table(table: Table, held: Held, found, problems: list[Problem], now: dt.date) -> None:
    for column, month in table.months.items():
        if month > now and any(table.cell(cells, column) for _, cells in table.rows):
            problems.append(
                Problem(
                    table.place(table.header, column),
                    f"{month:%B %Y} has not started yet, so it cannot be rated",
                )
            )
    for number, cells in table.rows:
        read_row(table, number, cells, held, found, problems, now)


def read_row(table, number, cells, held: Held, found, problems: list[Problem], now) -> None:
    """Read one row's cells into `found`, or say why they cannot be read."""
    given = {
        column: table.cell(cells, column)
        for column, month in table.months.items()
        if table.cell(cells, column) and month <= now
    }
    notes = [table.cell(cells, table.commentary), table.cell(cells, table.next_steps)]
    if not given and not any(notes):
        return  # a heading, a note or wrapped text: nothing to import
    if given and all(read_month(value) for value in given.values()):
        return  # the headings again, further down
    name, text = table.cell(cells, table.key), table.cell(cells, table.text)
    criteria = held.find(name, text)
    if not any(criteria.values()):
        problem = f"unknown criterion {shown(name or text)}" if name or text else "no criterion"
        problems.append(Problem(table.place(number, table.key), problem))
        return
    latest = table.latest
    if any(notes) and latest is not None and latest > now:
        problems.append(Problem(table.place(number), NOTES_TOO_EARLY.format(latest)))
    elif any(notes) and latest is not None:
        given.setdefault(key_of(table.months, latest), "")
    for column, value in given.items():
        month = table.months[column]
        place = table.place(number, column)
        criterion = one_criterion(criteria, held, month, name or text, place, problems)
        level = level_of(value, held, month, place, problems) if value else None
        if criterion is None or (value and level is None):
            continue
        texts = notes if month == latest else ["", ""]
        item = Found(criterion, level, texts[0], texts[1], place)
        check_notes(table, number, item, problems)
        add_found(found[month], item, month, problems)


def key_of(months: dict[int, dt.date], month: dt.date) -> int:
    return next(column for column, found in months.items() if found == month)


def one_criterion(criteria, held: Held, month, name, place, problems) -> Criterion | None:
    framework_id = held.framework_id(month)
    options = criteria.get(framework_id, [])
    if len(options) == 1:
        return options[0]
    if options:
        codes = " or ".join(c.code for c in options)
        problems.append(Problem(place, f"{shown(name)} could be {codes}: write the code"))
        return None
    other = next(pk for pk, found in criteria.items() if found)
    problems.append(
        Problem(
            place,
            f"{criteria[other][0].code} is a criterion of {held.frameworks[other]}, but "
            f"{month:%B %Y} is rated against {held.frameworks[framework_id]}",
        )
    )
    return None


def level_of(value: str, held: Held, month, place, problems) -> RatingLevel | None:
    names = held.levels[held.framework_id(month)]
    level = names.get(plain(value))
    if level is None:
        labels = ", ".join(dict.fromkeys(lv.label for lv in names.values()))
        problems.append(Problem(place, f"unknown level {shown(value)}: use one of {labels}"))
    return level


def check_notes(table: Table, number: int, item: Found, problems: list[Problem]) -> None:
    for column, text in ((table.commentary, item.commentary), (table.next_steps, item.next_steps)):
        where = table.place(number, column)
        if len(text) > CELL_LIMIT:
            problems.append(Problem(where, f"longer than {CELL_LIMIT:,} characters"))
        elif "\x00" in text:
            problems.append(Problem(where, "holds a NUL character, which cannot be stored"))


def add_found(month_found: dict[int, Found], item: Found, month, problems) -> None:
    earlier = month_found.get(item.criterion.pk)
    if earlier is not None:
        problems.append(
            Problem(
                item.place,
                f"{item.criterion.code} for {month:%B %Y} is given already ({earlier.place})",
            )
        )
        return
    month_found[item.criterion.pk] = item


def plan_month(month: dt.date, found: dict[int, Found], held: Held, problems) -> MonthPlan:
    """The entries `month_save` needs for what differs from what is held."""
    assessment = held.months.get(month)
    plan = MonthPlan(month, held.frameworks[held.framework_id(month)], assessment)
    for item in sorted(found.values(), key=lambda item: item.criterion.order):
        rating = held.ratings.get((assessment.pk, item.criterion.pk)) if assessment else None
        old = held.level_by_id[rating.level_id] if rating else None
        level = item.level or old
        if level is None:
            problems.append(
                Problem(
                    item.place,
                    f"commentary or next steps for {item.criterion.code} apply to "
                    f"{month:%B %Y}, which has no level for it: give it one",
                )
            )
            continue
        entry = RatingEntry(
            criterion=item.criterion,
            level=level,
            commentary=item.commentary or (rating.commentary if rating else ""),
            next_steps=item.next_steps or (rating.next_steps if rating else ""),
            evidence=rating.evidence if rating else "",
        )
        what = entry.differs_from(rating)
        if what and assessment is not None and assessment.is_agreed:
            problems.append(Problem(item.place, agreed_refusal(month, item.criterion, old, level)))
        elif what:
            plan.entries.append(entry)
            plan.changes.append(Change(item.criterion, old, level, what))
    return plan


def agreed_refusal(month, criterion, old, new) -> str:
    change = f"from {old} to {new}" if old != new else "its commentary or next steps"
    return (
        f"{month:%B %Y} is agreed, so it is read-only: the file would change "
        f"{criterion.code} {change}. A lead can reopen the month, or take the change out "
        "of the file"
    )


# --- between the preview and the confirmation -------------------------------------------


@dataclass
class Kept:
    tables: list[Table]
    versions: dict[str, int | None]


def salt(area: LocalArea, user) -> str:
    return f"ratings.import:{area.pk}:{user.pk}"


def keep(plan: ImportPlan, *, area: LocalArea, user) -> str:
    """The tables read and the months' versions, signed for the confirmation form."""
    data = {
        "tables": [
            {
                "sheet": t.sheet,
                "header": t.header,
                "columns": [t.key, t.text, t.commentary, t.next_steps],
                "months": [[column, f"{month:%Y-%m}"] for column, month in t.months.items()],
                "rows": [[number, trimmed(cells)] for number, cells in t.rows],
            }
            for t in plan.tables
        ],
        "versions": plan.versions,
    }
    kept = signing.dumps(data, salt=salt(area, user), compress=True)
    if len(kept) > KEEP_LIMIT:
        raise Refused(
            "The file holds too much to preview and import in one go: split its months "
            "or sheets into several files."
        )
    return kept


def trimmed(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def unkeep(kept: str, *, area: LocalArea, user) -> Kept:
    try:
        data = signing.loads(kept, salt=salt(area, user), max_age=KEEP_FOR)
        tables = [kept_table(item) for item in data["tables"]]
        versions = dict(data["versions"])
    except signing.SignatureExpired as error:
        raise Refused("The preview is more than two hours old: upload the file again.") from error
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise Refused("The preview could not be read back: upload the file again.") from error
    return Kept(tables=tables, versions=versions)


def kept_table(item: dict) -> Table:
    key, text, commentary, next_steps = item["columns"]
    return Table(
        sheet=item["sheet"],
        header=item["header"],
        key=key,
        months={column: dt.date.fromisoformat(f"{month}-01") for column, month in item["months"]},
        text=text,
        commentary=commentary,
        next_steps=next_steps,
        rows=[(number, cells) for number, cells in item["rows"]],
    )


# --- applying ---------------------------------------------------------------------------------


def apply_import(
    *, area: LocalArea, plan: ImportPlan, versions: dict[str, int | None], by, today=None
) -> int:
    """Write the plan in one transaction, refusing it whole if it has problems or if a
    month was saved or started since the preview (`versions`). Returns how many ratings
    changed."""
    if plan.problems:
        raise Refused("A file with problems cannot be imported.")
    moved = [m for m in plan.months if versions.get(m.slug) != plan.versions[m.slug]]
    if moved:
        raise Refused(clash_message(moved))
    try:
        return write_months(area=area, plan=plan, versions=versions, by=by, today=today)
    except IntegrityError as error:  # a month started by someone else at the same moment
        raise Refused(clash_message(plan.months)) from error


def clash_message(months: list[MonthPlan]) -> str:
    names = ", ".join(f"{m.month:%B %Y}" for m in months[:6])
    return (
        f"Not imported: {names} {'was' if len(months) == 1 else 'were'} saved or started by "
        "someone else after your preview. Nothing has been saved. The preview below is "
        "against the latest ratings: check it and import again."
    )


@transaction.atomic
def write_months(*, area: LocalArea, plan: ImportPlan, versions, by, today) -> int:
    """New months in one go (services.months_create); months held, one by one through
    month_save at the version the preview showed."""
    new = {m.month: m.entries for m in plan.months if m.entries and m.assessment is None}
    changed = services.months_create(area=area, months=new, by=by, today=today)
    for month in plan.months:
        if month.entries and month.assessment is not None:
            changed += services.month_save(
                assessment=month.assessment,
                entries=month.entries,
                loaded_version=versions[month.slug],
                by=by,
            )
    return changed


# --- the template -------------------------------------------------------------------------


def template_workbook(area: LocalArea, today: dt.date | None = None) -> Workbook:
    """An empty tracker in the shape the import reads, for the area's framework now:
    code and criterion, the last three months, commentary and next steps."""
    month = this_month(today)
    months = [previous_month(previous_month(month)), previous_month(month), month]
    framework_id = framework_in_force(area, month, list(FrameworkSwitch.objects.filter(area=area)))
    levels = RatingLevel.objects.filter(framework_id=framework_id).order_by("order")
    labels = [level.label for level in levels]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Tracker"
    put(sheet, 1, 1, f"{area.name}: RAG tracker to import", bold=True)
    put(sheet, 2, 1, f"One column per month; each cell {', '.join(labels)} or blank.")
    headings = ["Code", "Criterion", *(f"{m:%b %Y}" for m in months), "Commentary", "Next steps"]
    put_row(sheet, 4, headings, bold=True)
    criteria = Criterion.objects.filter(framework_id=framework_id).order_by("order")
    for row, criterion in enumerate(criteria, start=5):
        put_row(sheet, row, [criterion.code, criterion.text])
    choice = DataValidation(type="list", formula1=f'"{",".join(labels)}"', allow_blank=True)
    choice.add(f"C5:E{max(sheet.max_row, 5)}")
    sheet.add_data_validation(choice)
    for letter, width in zip("ABCDEFG", (8, 60, 11, 11, 11, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C5"
    return workbook
