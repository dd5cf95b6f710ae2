"""A django-tables2 table that renders its cells cheaply, and a date column to go with it.

django-tables2 inspects each render method's signature again for every cell, and its
DateColumn compiles a template for every cell: on a 300-row table that is most of the
page's time. Here each render method's arguments are read once per function (the code,
not any data, is remembered), and dates are formatted directly.

A table that also writes each row's cells itself (`row_cells`) renders its body as one
string (QUICK_TEMPLATE): no template work per row or cell at all."""

import datetime as dt
from collections.abc import Sequence
from functools import cache
from html import escape

import django_tables2 as tables
from django.urls import reverse
from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe
from django_tables2.rows import BoundRow, BoundRows
from django_tables2.utils import signature


@cache
def wanted_arguments(function) -> tuple[tuple[str, ...], str | None]:
    """The arguments `function` takes, and its **kwargs name if any (read once)."""
    return signature(function)


class QuickRow(BoundRow):
    # Overrides a private method of django-tables2 3.0 (pinned to 3.0.x in pyproject):
    # the same call as the library's, with the signature read once.
    def _call_render(self, bound_column, value=None):
        available = self._optional_cell_arguments(bound_column, value)
        render = bound_column.render
        names, catch_all = wanted_arguments(getattr(render, "__func__", render))
        if catch_all:
            content = render(**available)
        elif all(name in available for name in names if name != "self"):
            content = render(**{name: available[name] for name in names if name != "self"})
        else:
            content = None
        return bound_column.link(content, **available) if bound_column.link else content


class QuickRows(BoundRows):
    def __iter__(self):
        yield from self.generator_pinned_row(self.pinned_data.get("top"))
        for record in self.data:
            yield QuickRow(record, table=self.table)
        yield from self.generator_pinned_row(self.pinned_data.get("bottom"))

    def __getitem__(self, key):
        if isinstance(key, slice):
            return QuickRows(data=self.data[key], table=self.table, pinned_data=self.pinned_data)
        return QuickRow(record=self.data[key], table=self.table)


# The header as django_tables2/govuk.html writes it; the body from `QuickTable.body_html`.
QUICK_TEMPLATE = "common/quick_table.html"

ROW_START = '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
BETWEEN_CELLS = '</td><td class="govuk-table__cell">'


class QuickTable(tables.Table):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = QuickRows(data=self.data, table=self, pinned_data=self.pinned_data)

    def row_cells(self, record) -> Sequence[str]:
        """Each cell's HTML (escaped), in column order: what django-tables2 would render.
        Tables with Meta.template_name = QUICK_TEMPLATE write it."""
        raise NotImplementedError

    def body_html(self) -> SafeString:
        """Every row in the table's order, the first cell a row header (as govuk.html)."""
        rows = [self.row_cells(record) for record in self.data]
        if not rows:
            return self.empty_row()
        return mark_safe(
            "".join(
                f"{ROW_START}{cells[0]}</th>"
                + (f'<td class="govuk-table__cell">{BETWEEN_CELLS.join(cells[1:])}</td>')
                + "</tr>"
                for cells in rows
            )
        )

    def empty_row(self) -> SafeString:
        if not self.empty_text:
            return mark_safe("")
        return mark_safe(
            f'<tr class="govuk-table__row"><td class="govuk-table__cell" '
            f'colspan="{len(self.columns)}">{escape(str(self.empty_text))}</td></tr>'
        )

    def text(self, value, default: str | None = None) -> str:
        """A plain value's cell: escaped, or the column's default (`default`, else the
        table's) when empty."""
        if value is None or value == "":
            return self.default if default is None else default
        return escape(str(value))


class DateColumn(tables.Column):
    """A date in `format` (Django's date format letters), without a template per cell."""

    def __init__(self, *args, format: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.format = format

    def render(self, value):
        return dateformat.format(value, self.format)


def url_before_last(name: str, *args) -> str:
    """reverse(name, args=[*args, pk]) up to its last `pk/`, for any pk: reversed once a
    table, then `f"{start}{pk}/"` gives the same URL for each row."""
    url = reverse(name, args=[*args, 0])
    if not url.endswith("/0/"):
        raise ValueError(f"{name}'s URL does not end with its last argument: {url}")
    return url[:-2]


class QuickDates:
    """dateformat.format(value, format) for a format of day (j), month name (M) and year
    (Y), e.g. "j M Y" or "M Y": the twelve names are translated once a table, not once
    a cell (dateformat looks each one up again)."""

    LETTERS = {"j": "{day}", "M": "{month}", "Y": "{year}"}

    def __init__(self, format: str):
        if not set(format) <= {*self.LETTERS, " "}:
            raise ValueError(f"QuickDates takes only j, M and Y: {format!r}")
        self.pattern = "".join(self.LETTERS.get(letter, letter) for letter in format)
        self.months = [""] + [dateformat.format(dt.date(2000, m, 1), "M") for m in range(1, 13)]

    def __call__(self, value: dt.date) -> str:
        return self.pattern.format(day=value.day, month=self.months[value.month], year=value.year)
