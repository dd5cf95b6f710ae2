"""The RAG tracker as an Excel workbook, in the shape areas keep it: a cover sheet (area,
frameworks, months, the rating key), one sheet per judgement area with criteria down and
months across (the level's word in each cell, coloured like its tag), and a sheet of
commentary and next steps. Every month of the area, each under its own framework, in a
fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from areas.models import Assessment, LocalArea
from common.spreadsheets import StreamedCells, StreamedSheet, landscape_to_width
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


def tracker_workbook(area: LocalArea, today: dt.date) -> Workbook:
    """Written in openpyxl's write-only mode: each row goes out as it is made, every
    sheet's settings (widths, frozen panes, printing) before its first row."""
    data = tracker_data(area)
    workbook = Workbook(write_only=True)
    cells = StreamedCells()
    write_cover(workbook.create_sheet("Cover"), data, today, cells)
    for judgement_area in data.judgement_areas:
        sheet = workbook.create_sheet(sheet_title(judgement_area, data.several_frameworks))
        write_grid(sheet, data, judgement_area, cells)
    write_notes(workbook.create_sheet("Commentary"), data, cells)
    return workbook


def sheet_title(judgement_area: JudgementArea, several: bool) -> str:
    name = judgement_area.label or judgement_area.code
    if several:
        name = f"{judgement_area.framework.year} {name}"
    return "".join(c for c in name if c not in "[]:*?/\\")[:31]


def write_cover(
    sheet: StreamedSheet, data: TrackerData, today: dt.date, cells: StreamedCells
) -> None:
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = TEXT_WIDTH + 20
    sheet.append([cells.cell(sheet, f"{data.area.name}: RAG tracker", bold=True)])
    sheet.append([])
    sheet.append(cells.row(sheet, ["Area", data.area.name]))
    sheet.append(cells.row(sheet, ["Produced", f"{today:%-d %B %Y}, from SEND Ready"]))
    for framework, months in periods(data):
        span = f"{months[0].month:%B %Y} to {months[-1].month:%B %Y}" if months else "no months"
        sheet.append(cells.row(sheet, ["Framework", f"{framework}: {span}"]))
    if data.area.is_demo:
        sheet.append(cells.row(sheet, ["Note", "Demonstration data, not real ratings."]))
    sheet.append([])
    sheet.append([cells.cell(sheet, "Rating key", bold=True)])
    for level in data.levels:
        sheet.append(
            [
                cells.level(sheet, level.label, level.colour),
                cells.cell(sheet, level.definition, wrap=True),
            ]
        )


def periods(data: TrackerData):
    """Each framework shown, newest first, with its months (oldest first)."""
    seen: dict[int, Framework] = {}
    for judgement_area in data.judgement_areas:
        seen.setdefault(judgement_area.framework_id, judgement_area.framework)
    for framework_id, framework in seen.items():
        yield framework, [m for m in data.months if m.framework_id == framework_id]


def write_grid(
    sheet: StreamedSheet, data: TrackerData, judgement_area: JudgementArea, cells: StreamedCells
) -> None:
    """Criteria down, this framework's months across, the level's word in each cell."""
    months = [m for m in data.months if m.framework_id == judgement_area.framework_id]
    criteria = [c for c in data.criteria if c.judgement_area_id == judgement_area.pk]
    sheet.freeze_panes = "C4"
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = TEXT_WIDTH
    for column in range(3, len(months) + 3):
        sheet.column_dimensions[get_column_letter(column)].width = MONTH_WIDTH
    landscape_to_width(sheet)
    name = judgement_area.label or judgement_area.code
    sheet.append([cells.cell(sheet, f"{name}. {judgement_area.title}", bold=True)])
    sheet.append([])
    headers = ["Code", "Criterion", *(f"{m.month:%b %Y}" for m in months)]
    sheet.append(cells.row(sheet, headers, bold=True))
    for criterion in criteria:
        levels = (data.level(month, criterion) for month in months)
        sheet.append(
            [
                *cells.row(sheet, [criterion.label, criterion.text], wrap=True),
                *(cells.level(sheet, lv.label, lv.colour) if lv else None for lv in levels),
            ]
        )


def write_notes(sheet: StreamedSheet, data: TrackerData, cells: StreamedCells) -> None:
    """Each rating's commentary and next steps, newest month first."""
    for letter, width in zip("ABCDEF", (14, 8, 40, 8, 50, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    landscape_to_width(sheet)
    headers = ["Month", "Code", "Criterion", "Level", "Commentary", "Next steps"]
    sheet.append(cells.row(sheet, headers, bold=True))
    by_framework = defaultdict(list)
    for criterion in data.criteria:
        by_framework[criterion.framework_id].append(criterion)
    wrapped = cells.reused_row(sheet, len(headers), wrap=True)
    for month in reversed(data.months):
        for criterion in by_framework[month.framework_id]:
            found = data.ratings.get((month.pk, criterion.pk))
            if not found or not (found[1] or found[2]):
                continue
            level = data.level_by_id.get(found[0])
            label = level.label if level else ""
            values = [f"{month.month:%B %Y}", criterion.label, criterion.text, label, *found[1:]]
            sheet.append(wrapped(values))
