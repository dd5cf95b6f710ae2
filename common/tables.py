"""A django-tables2 table that renders its cells cheaply, and a date column to go with it.

django-tables2 inspects each render method's signature again for every cell, and its
DateColumn compiles a template for every cell: on a 300-row table that is most of the
page's time. Here each render method's arguments are read once per function (the code,
not any data, is remembered), and dates are formatted directly."""

from functools import cache

import django_tables2 as tables
from django.utils import dateformat
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


class QuickTable(tables.Table):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = QuickRows(data=self.data, table=self, pinned_data=self.pinned_data)


class DateColumn(tables.Column):
    """A date in `format` (Django's date format letters), without a template per cell."""

    def __init__(self, *args, format: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.format = format

    def render(self, value):
        return dateformat.format(value, self.format)
