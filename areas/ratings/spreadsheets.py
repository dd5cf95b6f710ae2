"""The RAG tracker as an Excel workbook, in the shape areas keep it: a cover sheet (area,
frameworks, months, the rating key), one sheet per judgement area with criteria down and
months across (the level's word in each cell, coloured like its tag), and a sheet of
commentary and next steps. Every month of the area, each under its own framework, in a
fixed number of queries."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from areas.models import Assessment, LocalArea
from common.spreadsheets import Sheet, XlsxWriterWorkbook, print_landscape
from frameworks.models import Criterion, Framework, JudgementArea, RatingLevel
from frameworks.selectors import levels_of

MONTH_WIDTH, TEXT_WIDTH = 11, 60


@dataclass
class TrackerData:
    area: LocalArea
    months: list[Assessment]  # oldest first, each with its framework
    judgement_areas: list[JudgementArea]  # newest framework first, then in order
    criteria: list[Criterion]
    levels: list[RatingLevel]
    ratings: dict[tuple[int, int], tuple[int, str, str]]  # (month, criterion) → level, texts

    def level(self, month: Assessment, criterion: Criterion) -> RatingLevel | None:
        found = self.ratings.get((month.pk, criterion.pk))
        return self.level_by_id.get(found[0]) if found else None

    @cached_property
    def level_by_id(self) -> dict[int, RatingLevel]:
        return {level.pk: level for level in self.levels}

    @property
    def several_frameworks(self) -> bool:
        return len({ja.framework_id for ja in self.judgement_areas}) > 1


def tracker_data(area: LocalArea) -> TrackerData:
    months, ratings = months_and_ratings(area)
    newest_first = list(dict.fromkeys(m.framework_id for m in reversed(months)))
    framework_ids = newest_first or [area.framework_id]
    judgement_areas = sorted(
        JudgementArea.objects.filter(framework_id__in=framework_ids).select_related("framework"),
        key=lambda ja: (framework_ids.index(ja.framework_id), ja.order),
    )
    return TrackerData(
        area=area,
        months=months,
        judgement_areas=judgement_areas,
        criteria=list(Criterion.objects.filter(framework_id__in=framework_ids).order_by("order")),
        levels=levels_of(framework_ids),
        ratings=ratings,
    )


def months_and_ratings(area: LocalArea):
    """Every month of the area, oldest first, and its ratings by (month, criterion), in
    one query (a month with no ratings comes as one row)."""
    rows = (
        Assessment.objects.filter(area=area)
        .order_by("month")
        .values_list(
            "pk",
            "month",
            "framework_id",
            "ratings__criterion_id",
            "ratings__level_id",
            "ratings__commentary",
            "ratings__next_steps",
        )
    )
    months: dict[int, Assessment] = {}
    ratings: dict[tuple[int, int], tuple[int, str, str]] = {}
    for pk, month, framework_id, criterion_id, level_id, said, next_steps in rows:
        if pk not in months:
            months[pk] = Assessment(pk=pk, area=area, month=month, framework_id=framework_id)
        if criterion_id is not None:
            ratings[(pk, criterion_id)] = (level_id, said, next_steps)
    return list(months.values()), ratings


def tracker_workbook(area: LocalArea, today: dt.date) -> bytes:
    """The workbook's file, written with XlsxWriter: openpyxl took as long again for the
    styled cells as for the rest."""
    data = tracker_data(area)
    with XlsxWriterWorkbook() as book:
        write_cover(book, book.sheet("Cover"), data, today)
        for judgement_area in data.judgement_areas:
            sheet = book.sheet(sheet_title(judgement_area, data.several_frameworks))
            write_grid(book, sheet, data, judgement_area)
        write_notes(book, book.sheet("Commentary"), data)
    return book.content


def sheet_title(judgement_area: JudgementArea, several: bool) -> str:
    name = judgement_area.label or judgement_area.code
    if several:
        name = f"{judgement_area.framework.year} {name}"
    return name


def write_cover(book: XlsxWriterWorkbook, sheet: Sheet, data: TrackerData, today: dt.date) -> None:
    print_landscape(sheet)
    rows = Rows(book, sheet, (14, TEXT_WIDTH + 20), long=[1])
    rows.add([f"{data.area.name}: RAG tracker"], "bold")
    rows.skip()
    rows.add(["Area", data.area.name])
    rows.add(["Produced", f"{today:%-d %B %Y}, from SEND Ready"])
    for framework, months in periods(data):
        span = f"{months[0].month:%B %Y} to {months[-1].month:%B %Y}" if months else "no months"
        rows.add(["Framework", f"{framework}: {span}"])
    if data.area.is_demo:
        rows.add(["Note", "Demonstration data, not real ratings."])
    rows.skip()
    rows.add(["Rating key"], "bold")
    for level in data.levels:
        rows.add([level.label, level.definition], "wrap", levels={0: level})


def periods(data: TrackerData):
    """Each framework shown, newest first, with its months (oldest first)."""
    seen: dict[int, Framework] = {}
    for judgement_area in data.judgement_areas:
        seen.setdefault(judgement_area.framework_id, judgement_area.framework)
    for framework_id, framework in seen.items():
        yield framework, [m for m in data.months if m.framework_id == framework_id]


def write_grid(
    book: XlsxWriterWorkbook, sheet: Sheet, data: TrackerData, judgement_area: JudgementArea
) -> None:
    """Criteria down, this framework's months across, the level's word in each cell."""
    months = [m for m in data.months if m.framework_id == judgement_area.framework_id]
    criteria = [c for c in data.criteria if c.judgement_area_id == judgement_area.pk]
    sheet.freeze_panes(3, 2)
    print_grid(sheet, len(months))
    rows = Rows(book, sheet, (8, TEXT_WIDTH, *[MONTH_WIDTH] * len(months)), long=[1])
    name = judgement_area.label or judgement_area.code
    rows.add([f"{name}. {judgement_area.title}"], "bold")
    rows.skip()
    rows.add(["Code", "Criterion", *(f"{m.month:%b %Y}" for m in months)], "bold")
    for criterion in criteria:
        levels = [data.level(month, criterion) for month in months]
        rows.add(
            [criterion.label, criterion.text, *(lv.label if lv else None for lv in levels)],
            "wrap",
            levels={column: lv for column, lv in enumerate(levels, start=2) if lv},
        )


def write_notes(book: XlsxWriterWorkbook, sheet: Sheet, data: TrackerData) -> None:
    """Each rating's commentary and next steps, newest month first."""
    sheet.freeze_panes(1, 0)
    sheet.repeat_rows(0)
    print_landscape(sheet)
    rows = Rows(book, sheet, (14, 8, 40, 8, 50, 40), long=[2, 4, 5])
    rows.add(["Month", "Code", "Criterion", "Level", "Commentary", "Next steps"], "bold")
    by_framework = defaultdict(list)
    for criterion in data.criteria:
        by_framework[criterion.framework_id].append(criterion)
    for month in reversed(data.months):
        for criterion in by_framework[month.framework_id]:
            found = data.ratings.get((month.pk, criterion.pk))
            if not found or not (found[1] or found[2]):
                continue
            level = data.level_by_id.get(found[0])
            label = level.label if level else ""
            rows.add(
                [f"{month.month:%B %Y}", criterion.label, criterion.text, label, *found[1:]],
                "wrap",
            )


def print_grid(sheet: Sheet, months: int) -> None:
    """A page wide for a year or less; longer, at full size over as many pages as it
    needs, each with the codes, criteria and month headings (a page wide, five years'
    months were too small to read)."""
    print_landscape(sheet, to_width=months <= PRINTED_MONTHS)
    if months > PRINTED_MONTHS:
        sheet.repeat_columns(0, 1)
        sheet.repeat_rows(2)


PRINTED_MONTHS = 12


class Rows:
    """A sheet's rows, written one after the other, in columns `widths` wide: each row in
    one style (the level cells in their own). A row of wrapped text is made tall enough
    to show its `long` columns' text (Excel sizes such a row itself, but LibreOffice and
    printing do not)."""

    def __init__(self, book: XlsxWriterWorkbook, sheet: Sheet, widths: tuple, long=()) -> None:
        self.book, self.sheet, self.next = book, sheet, 0
        self.long = [(column, widths[column]) for column in long]
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)

    def add(self, values, style: str = "plain", levels: dict[int, RatingLevel] | None = None):
        look = self.book.style(style)
        if self.long and style == "wrap":
            self.sheet.set_row(self.next, row_height(values, self.long))
        levels = levels or {}
        for column, value in enumerate(values):
            if value is None:
                continue
            level = levels.get(column)
            self.book.write(
                self.sheet,
                self.next,
                column,
                value,
                self.book.level(level.colour) if level else look,
            )
        self.next += 1

    def skip(self) -> None:
        self.next += 1


def row_height(values, long) -> float:
    """Points for the most lines the text of the `long` columns (column, width) wraps to:
    a line is 15 points, a column of width w holds about w characters of ordinary text,
    and each line break adds one."""
    lines = 1
    for column, width in long:
        text = values[column]
        if text:
            lines = max(lines, math.ceil(len(text) / width) + text.count("\n"))
    return min(LINE_POINTS * lines, MAX_ROW_POINTS)


LINE_POINTS, MAX_ROW_POINTS = 15, 409  # (Excel's tallest row)
