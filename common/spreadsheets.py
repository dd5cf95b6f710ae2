"""Every Excel and CSV file the app writes goes through here, so that nothing an area
typed can run as a formula when a spreadsheet opens it (OWASP: "CSV injection").

The one rule is `looks_like_formula`. A CSV cell that looks like one is written with a
leading apostrophe, which spreadsheets show as text; an Excel cell is stored as a string
(never as a formula), so it reads exactly as typed."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils.html import strip_tags
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
# A sheet of a write-only workbook (openpyxl's WriteOnlyWorksheet), typed loosely: the
# stubs leave out the settings it shares with Worksheet (widths, frozen panes, printing).
StreamedSheet = Any
WRAP = Alignment(wrap_text=True, vertical="top")

# The GOV.UK tag colours the pages use for each level colour (background, text), so a
# printed or shared sheet looks like the tracker; the level's word is always in the cell.
FILLS = {
    "red": ("F4CDC6", "2A0B06"),
    "orange": ("FCD6C3", "6E3619"),
    "yellow": ("FFF7BF", "594D00"),
    "green": ("CCE2D8", "005A30"),
    "blue": ("BBD4EA", "0C2D4A"),
}


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if looks_like_formula(text) else text


def put(sheet: Worksheet, row: int, column: int, value: Any, *, bold=False, wrap=False) -> Cell:
    """Write one Excel cell: text stays text, and characters Excel cannot hold (control
    characters such as NUL) are dropped rather than refused."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row=row, column=column, value=value)
    if looks_like_formula(value):
        cell.data_type = "s"  # openpyxl took the leading "=" for a formula
    if bold:
        cell.font = BOLD
    if wrap:
        cell.alignment = WRAP
    return cell


def put_row(sheet: Worksheet, row: int, values: Iterable[Any], **style) -> None:
    for column, value in enumerate(values, start=1):
        put(sheet, row, column, value, **style)


def level_fill(cell: Cell, colour: str) -> None:
    """Colour a cell like the level's tag (the cell already holds the level's word)."""
    background, text = FILLS.get(colour, ("F3F2F1", "0B0C0C"))
    cell.fill = PatternFill("solid", start_color=background, end_color=background)
    cell.font = Font(color=text, bold=True)


class StreamedCells:
    """Cells for a write-only workbook (each row goes out as it is appended), by the
    same rule as `put`. Each style is set on one cell per workbook and copied from it:
    openpyxl hashes a Font, Fill or Alignment each time one is assigned, and that was
    most of a workbook's time when every cell got its own."""

    def __init__(self) -> None:
        self.styled: dict[tuple, Cell] = {}

    def row(self, sheet: StreamedSheet, values: Iterable[Any], **style) -> list[Any]:
        return [self.cell(sheet, value, **style) for value in values]

    def cell(self, sheet: StreamedSheet, value: Any, *, bold=False, wrap=False) -> Any:
        """The value itself when plain text will do (the cheapest for openpyxl), else
        a cell holding it."""
        value = excel_text(value)
        if not (bold or wrap or looks_like_formula(value)):
            return value
        return holding(self.made(sheet, ("plain", bold, wrap)), value)

    def level(self, sheet: StreamedSheet, label: str, colour: str) -> Cell:
        """A cell coloured like the level's tag, holding the level's word."""
        return holding(self.made(sheet, ("level", colour)), excel_text(label))

    def reused_row(self, sheet: StreamedSheet, width: int, *, bold=False, wrap=False):
        """`width` cells in one style, refilled for each row appended: a write-only
        sheet writes a row out as it is appended, so its cells are free once it returns
        (cheaper than new cells for a long sheet)."""
        cells = [self.made(sheet, ("plain", bold, wrap)) for _ in range(width)]

        def filled(values: Iterable[Any]) -> list[Cell]:
            for cell, value in zip(cells, values, strict=True):
                holding(cell, excel_text(value))
            return cells

        return filled

    def made(self, sheet: StreamedSheet, style: tuple) -> Cell:
        if style not in self.styled:
            self.styled[style] = styled_like(Cell(sheet, 1, 1), style)
        like = self.styled[style]._style  # type: ignore[attr-defined]  # (not in the stubs)
        return Cell(sheet, 1, 1, style_array=like)


def styled_like(cell: Cell, style: tuple) -> Cell:
    if style[0] == "level":
        level_fill(cell, style[1])
        return cell
    _, bold, wrap = style
    if bold:
        cell.font = BOLD
    if wrap:
        cell.alignment = WRAP
    return cell


def excel_text(value: Any) -> Any:
    """Without the characters Excel cannot hold (control characters such as NUL)."""
    if not isinstance(value, str) or value.isprintable():  # (printable: none of them)
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def holding(cell: Cell, value: Any) -> Cell:
    cell.value = value
    if looks_like_formula(value):
        cell.data_type = "s"  # openpyxl took the leading "=" for a formula
    return cell


def table_sheet(
    sheet: Worksheet, title: str, headers: list[str], rows: Iterable[Iterable[Any]], widths
) -> None:
    """A titled table: bold headers that stay in view, text wrapped, columns `widths`
    wide, printed A4 landscape one page wide."""
    put(sheet, 1, 1, title, bold=True)
    put_row(sheet, 3, headers, bold=True)
    for index, row in enumerate(rows, start=4):
        put_row(sheet, index, row, wrap=True)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    landscape_to_width(sheet)


def landscape_to_width(sheet: Worksheet | StreamedSheet) -> None:
    """Print on A4 landscape, as wide as one page and as many pages down as it needs."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Iterable[Iterable[Any]], filename: str) -> HttpResponse:
    """A CSV download, UTF-8 with a byte-order mark so that Excel reads accents right."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return response


def table_download(request, table, filename: str) -> HttpResponse | None:
    """The table as CSV when the page is asked for it (`?_export=csv`, the table's
    filters and order kept): its columns as shown, in words, without any markup."""
    if request.GET.get("_export") != "csv":
        return None
    rows = table.as_values(exclude_columns=table.exclude)
    return csv_response(([in_words(value) for value in row] for row in rows), filename)


def in_words(value: Any) -> Any:
    """A table cell's text without the page's markup (links, tags)."""
    return html.unescape(strip_tags(value)) if isinstance(value, str) else value
