"""ORM queries built and compiled once a process, then run with each call's values.

Building a queryset and compiling it to SQL costs Django 1–9 ms, often more than the
database takes to answer; a page that asks a dozen queries pays it a dozen times, every
request. A *prepared* query is written with the ORM as usual (so the rules it uses, such
as what makes an action overdue, stay in one place), but built only once: with a stand-in
for each value that varies, whose place among the compiled query's parameters is noted.
Each call then fills those places with its own values, runs the SQL and converts the rows
as the ORM would have.

    @prepared
    def open_actions(area_id, today):
        return Action.objects.filter(...).values_list("status", "due_on")

    rows = open_actions(area_id=area.pk, today=today)  # a list of tuples

The builder must take everything that varies as an argument and use each only as a
query value (a filter's operand, not an `if` or a list's length): it is called once, so
anything else it reads, such as today's date, would be fixed at that first call. Values
are ints, strings or dates; the query must end in `values_list()`.
"""

from __future__ import annotations

import datetime as dt
import inspect
import weakref
from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

Value = int | str | dt.date


class Prepared:
    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self.names = list(inspect.signature(build).parameters)
        # One compiled query per database connection (a compiler belongs to one).
        self.compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, **values: Value) -> list[tuple]:
        if set(values) != set(self.names):
            raise TypeError(f"{self.build.__name__} takes {', '.join(self.names)}")
        for value in values.values():
            _check_kind(value)
        database = connections[DEFAULT_DB_ALIAS]  # this thread's connection
        compiler, sql, params, places = self._compiled(database, values)
        params = list(params)  # the query's own values, with each call's put in place
        for index, name, as_text in places:
            params[index] = str(values[name]) if as_text else values[name]
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return list(compiler.results_iter(results=[rows], tuple_expected=True))

    def _compiled(self, database, values: dict[str, Value]):
        found = self.compiled.get(database)
        if found is None:
            found = self.compiled[database] = self._compile(database, values)
        return found

    def _compile(self, database, values: dict[str, Value]):
        stand_ins = {name: _stand_in(values[name], n) for n, name in enumerate(self.names)}
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(connection=database)
        sql, params = compiler.as_sql()
        places = []
        for index, param in enumerate(params):
            name, as_text = _which_stand_in(param, stand_ins)
            if name is not None:
                places.append((index, name, as_text))
        unused = set(self.names) - {name for _, name, _ in places}
        if unused:
            raise ValueError(f"{self.build.__name__} does not use {', '.join(sorted(unused))}")
        return compiler, sql, tuple(params), places


def prepared(build: Callable[..., QuerySet]) -> Prepared:
    return Prepared(build)


def _check_kind(value: Any) -> None:
    """An int, a string or a date: None or a list would change the query's shape (IS
    NULL, IN (…)), and a datetime is adapted unlike a date."""
    if isinstance(value, bool | dt.datetime) or not isinstance(value, int | str | dt.date):
        raise TypeError(f"a prepared query takes ints, strings and dates, not {value!r}")


def _stand_in(value: Value, n: int) -> Value:
    """A value no real query would hold, of the same kind as `value`."""
    if isinstance(value, int):
        return -2_000_000_011 - n
    if isinstance(value, dt.date):
        return dt.date(1111 + n, 11, 11)
    return f"prepared stand-in {n}"


def _which_stand_in(param: Any, stand_ins: dict[str, Value]) -> tuple[str | None, bool]:
    """(the name whose stand-in this parameter is, whether the database was given it as
    text: SQLite's dates) or (None, False) for a value of the query's own."""
    for name, stand_in in stand_ins.items():
        if type(param) is type(stand_in) and param == stand_in:
            return name, False
        if isinstance(stand_in, dt.date) and param == str(stand_in):
            return name, True
    return None, False
