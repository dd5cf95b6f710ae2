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

import xlsxwriter
from django.http import HttpResponse
from django.utils.html import strip_tags
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet as Sheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
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


class XlsxWriterWorkbook:
    """A big workbook written with XlsxWriter, by the same rule as `put`: text is always
    written as text, never as a formula, a number or a link, and without the characters
    Excel cannot hold. Each style is made once per workbook.

    Written row by row (constant-memory mode: a row goes out to a temporary file once
    the next begins, so rows are written in order). Held in memory instead, the tracker
    workbook was made a quarter faster, but its 18,000 cells lived long enough to set off
    Python's full garbage collection, and the next pages of the process paid for it
    (the dashboard's 95th percentile went from 17 to 100 ms in the benchmark)."""

    OPTIONS = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_numbers": False,
        "strings_to_urls": False,
    }

    def __init__(self) -> None:
        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, self.OPTIONS)
        self.styles: dict[tuple, Format] = {}

    def __enter__(self) -> XlsxWriterWorkbook:
        return self

    def __exit__(self, *exception) -> None:
        self.book.close()

    @property
    def content(self) -> bytes:
        """The .xlsx file (once closed)."""
        return self.buffer.getvalue()

    def sheet(self, title: str) -> Sheet:
        """A new sheet, its title made one Excel accepts and unique in the workbook."""
        taken = {sheet.name.lower() for sheet in self.book.worksheets()}
        return self.book.add_worksheet(sheet_name(title, taken))

    def write(self, sheet: Sheet, row: int, column: int, value: Any, style: Format) -> None:
        if isinstance(value, str):
            sheet.write_string(row, column, excel_text(value), style)
        else:
            sheet.write(row, column, value, style)

    def style(self, name: str) -> Format:
        """The style named "plain", "bold" or "wrap" (text wrapped, at the top)."""
        return self.made(("plain", name), STYLES[name])

    def level(self, colour: str) -> Format:
        """Coloured like the level's tag (the cell holds the level's word)."""
        background, text = FILLS.get(colour, ("F3F2F1", "0B0C0C"))
        look = {"bg_color": f"#{background}", "font_color": f"#{text}", "bold": True}
        return self.made(("level", colour), look)

    def made(self, key: tuple, properties: dict) -> Format:
        if key not in self.styles:
            self.styles[key] = self.book.add_format(properties)
        return self.styles[key]


STYLES: dict[str, dict] = {
    "plain": {},
    "bold": {"bold": True},
    "wrap": {"text_wrap": True, "valign": "top"},
}


def sheet_name(title: str, taken: set[str]) -> str:
    """Without the characters Excel refuses in a sheet's name, at most 31 characters,
    not one already `taken` (compared as Excel does, ignoring case)."""
    name = "".join(c for c in title if c not in "[]:*?/\\").strip("'") or "Sheet"
    candidate, number = name[:31], 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = name[: 31 - len(suffix)] + suffix
    return candidate


def print_landscape(sheet: Sheet, *, to_width: bool = True) -> None:
    """As `landscape_to_width`, for a sheet of an `XlsxWriterWorkbook`; or, not
    `to_width`, at full size over as many pages as it needs."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    if to_width:
        sheet.fit_to_pages(1, 0)


def excel_text(value: Any) -> Any:
    """Without the characters Excel cannot hold (control characters such as NUL)."""
    if not isinstance(value, str) or value.isprintable():  # (printable: none of them)
        return value
    return ILLEGAL_CHARACTERS_RE.sub("", value)


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


def landscape_to_width(sheet: Worksheet) -> None:
    """Print on A4 landscape, as wide as one page and as many pages down as it needs."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def xlsx_response(workbook: Workbook | bytes, filename: str) -> HttpResponse:
    """An openpyxl workbook, or an .xlsx file already written, as a download."""
    if isinstance(workbook, Workbook):
        buffer = io.BytesIO()
        workbook.save(buffer)
        workbook = buffer.getvalue()
    response = HttpResponse(workbook, content_type=XLSX)
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
