"""An area's indicators as an Excel workbook: each figure beside its target and the
comparators (England, the region, statistical neighbours)."""

from __future__ import annotations

import datetime as dt

from openpyxl.workbook import Workbook

from common.spreadsheets import table_sheet

from .selectors import area_kpis

HEADERS = [
    "Indicator",
    "Period",
    "Area",
    "Official figure",
    "Target",
    "England",
    "Region",
    "Statistical neighbours",
    "Unit",
]
WIDTHS = [45, 14, 10, 10, 10, 10, 10, 12, 12]


def kpi_workbook(area, today: dt.date) -> Workbook:
    rows = [
        [
            summary.kpi.name,
            row.label,
            row.area,
            "Yes" if row.area_is_official else "No",
            row.target,
            row.england,
            row.region,
            row.neighbours,
            summary.kpi.get_unit_display(),
        ]
        for summary in area_kpis(area, today)
        for row in summary.rows
    ]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Indicators"
    title = f"{area.name}: indicators and comparators as at {today:%-d %B %Y}"
    table_sheet(sheet, title, HEADERS, rows, WIDTHS)
    return workbook
