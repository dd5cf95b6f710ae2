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
are ints, strings, dates or lists of ints; the query must end in `values_list()`
(`field_names` and `instance` make model instances of its rows).
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import itertools
import re
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)

Scalar = int | str | dt.date
Value = Scalar | list[int]  # a list for `__in`: compiled once for each length


class Prepared:
    def __init__(self, build: Callable[..., QuerySet]) -> None:
        self.build = build
        self.names = list(inspect.signature(build).parameters)
        # Compiled queries for each database connection (a compiler belongs to one),
        # one for each length of the lists given.
        self.compiled: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, **values: Value) -> list[tuple]:
        return self.rows(values)

    def sliced(self, start: int, stop: int, **values: Value) -> list[tuple]:
        """Rows `start` to `stop` (as a queryset's [start:stop]), sliced by the database
        with LIMIT and OFFSET given as values, so one compiled query serves every page."""
        if not 0 <= start <= stop:
            raise ValueError("a prepared query's slice runs forward from 0")
        return self.rows(values, (stop - start, start))

    def rows(self, values: dict[str, Value], limit_offset: tuple[int, int] | None = None):
        if set(values) != set(self.names):
            raise TypeError(f"{self.build.__name__} takes {', '.join(self.names)}")
        given = _flattened(values)
        database = connections[DEFAULT_DB_ALIAS]  # this thread's connection
        compiled = self._compiled(database, values, given)
        if compiled is None:  # an empty list: the ORM answers nothing without asking
            return []
        compiler, sql, params, places = compiled
        params = list(params)  # the query's own values, with each call's put in place
        for index, slot, as_text in places:
            params[index] = str(given[slot]) if as_text else given[slot]
        if limit_offset is not None:
            if compiler.query.is_sliced:
                raise ValueError(f"{self.build.__name__} is sliced already")
            sql = f"{sql} LIMIT %s OFFSET %s"
            params.extend(limit_offset)
        sent, first = planned_once(database, sql, params)
        with database.cursor() as cursor:
            try:
                cursor.execute(sent, params)
            except Exception:
                if first:  # not known to be prepared: sent as itself on this connection
                    statements_of(database).unusable.add(first)
                raise
            if first:
                statements_of(database).ready.add(first)
            rows = cursor.fetchall()
        return list(compiler.results_iter(results=[rows], tuple_expected=True))

    def _compiled(self, database, values: dict[str, Value], given: dict):
        shape = tuple(len(v) if isinstance(v, list) else -1 for v in values.values())
        for_database = self.compiled.setdefault(database, {})
        if shape not in for_database:
            for_database[shape] = self._compile(database, values, given)
        return for_database[shape]

    def _compile(self, database, values: dict[str, Value], given: dict):
        stand_ins = {slot: _stand_in(value, n) for n, (slot, value) in enumerate(given.items())}
        built = {
            name: [stand_ins[(name, i)] for i in range(len(value))]
            if isinstance(value, list)
            else stand_ins[name]
            for name, value in values.items()
        }
        compiler = self.build(**built).query.get_compiler(connection=database)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        places = []
        for index, param in enumerate(params):
            slot, as_text = _which_stand_in(param, stand_ins)
            if slot is not None:
                places.append((index, slot, as_text))
        unused = set(stand_ins) - {slot for _, slot, _ in places}
        if unused:
            names = sorted({slot[0] if isinstance(slot, tuple) else slot for slot in unused})
            raise ValueError(f"{self.build.__name__} does not use {', '.join(names)}")
        return compiler, sql, tuple(params), places


def prepared(build: Callable[..., QuerySet]) -> Prepared:
    return Prepared(build)


def _flattened(values: dict[str, Value]) -> dict:
    """Each value by its name, and each list's items by (name, position)."""
    flat: dict = {}
    for name, value in values.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, bool) or not isinstance(item, int):
                    raise TypeError(f"a prepared query's lists hold ints, not {item!r}")
                flat[(name, i)] = item
        else:
            _check_kind(value)
            flat[name] = value
    return flat


def _check_kind(value: Any) -> None:
    """An int, a string or a date: None would change the query's shape (IS NULL), and
    a datetime is adapted unlike a date."""
    if isinstance(value, bool | dt.datetime) or not isinstance(value, int | str | dt.date):
        raise TypeError(f"a prepared query takes ints, strings and dates, not {value!r}")


def _stand_in(value: Scalar, n: int) -> Scalar:
    """A value no real query would hold, of the same kind as `value`."""
    if isinstance(value, int):
        return -2_000_000_011 - n
    if isinstance(value, dt.date):
        return dt.date(1111 + n, 11, 11)
    return f"prepared stand-in {n}"


def _which_stand_in(param: Any, stand_ins: dict) -> tuple[Any, bool]:
    """(the slot whose stand-in this parameter is, whether the database was given it as
    text: SQLite's dates) or (None, False) for a value of the query's own."""
    for slot, stand_in in stand_ins.items():
        if type(param) is type(stand_in) and param == stand_in:
            return slot, False
        if isinstance(stand_in, dt.date) and param == str(stand_in):
            return slot, True
    return None, False


# --- model instances from a prepared query's rows -----------------------------------------


@functools.cache
def field_names(model: type[Model], through: str = "") -> tuple[str, ...]:
    """`model`'s concrete fields for `values_list` (reached `through` a relation), in
    the order `instance` takes them."""
    prefix = f"{through}__" if through else ""
    return tuple(prefix + field.attname for field in model._meta.concrete_fields)


def row_parts(row: Sequence, *models: type[Model]) -> list[tuple]:
    """`row` cut into each model's values (as `field_names` lists them), in order, then
    what follows them: `instance` makes each model's only where the caller needs it."""
    parts, start = [], 0
    for model in models:
        end = start + len(field_names(model))
        parts.append(tuple(row[start:end]))
        start = end
    parts.append(tuple(row[start:]))
    return parts


def instance(model: type[M], values: Sequence) -> M:
    """`model`'s instance from the values of `field_names(model)`, already converted."""
    return model.from_db(DEFAULT_DB_ALIAS, field_names(model), values)


# --- on PostgreSQL, planned once a connection ----------------------------------------------

# PostgreSQL plans a query each time it is sent, and for the short queries of a page the
# planning took as long as the answer (criterion history: 1.1-1.5 ms planning, 1 ms
# running). A prepared query is sent as a named statement instead: PREPARE'd on each
# database connection the first time, in the same round trip as its first EXECUTE, so
# that a page's query count does not change. Off (DATABASE_PREPARED_STATEMENTS=false)
# behind a pooler that hands one client's statements to another's connection, such as
# PgBouncer in transaction mode.

PARAMETER_TYPES = {
    bool: "boolean",
    int: "bigint",
    str: "text",
    dt.date: "date",
    dt.datetime: "timestamptz",
    Decimal: "numeric",
    float: "double precision",
    uuid.UUID: "uuid",
}
_statement_names: dict[tuple, str] = {}
_numbers = itertools.count(1)
PLACEHOLDER = re.compile(r"%%|%s")


@dataclass
class Statements:
    """The statements prepared on one database connection, and those that failed to be
    (a failure leaves it unknown whether the PREPARE took: they are sent as themselves)."""

    ready: set[str] = field(default_factory=set)
    unusable: set[str] = field(default_factory=set)


def statements_of(database) -> Statements:
    return database.__dict__.setdefault("sendready_statements", Statements())


def planned_once(database, sql: str, params: list) -> tuple[str, str | None]:
    """What to send for `sql` with `params` on `database` (the query itself or the
    statement it is prepared as, declared with each parameter's type so that PostgreSQL
    never has to guess one), and the statement's name if this sends its PREPARE."""
    types = tuple(PARAMETER_TYPES.get(type(param)) for param in params)
    if not _server_side(database) or None in types:
        return sql, None
    name = _statement_names.get((sql, types))
    if name is None:
        name = _statement_names.setdefault((sql, types), f"sendready_{next(_numbers)}")
    here = statements_of(database)
    if name in here.unusable:
        return sql, None
    execute = f"EXECUTE {name} ({', '.join(['%s'] * len(params))})" if params else f"EXECUTE {name}"
    if name in here.ready:
        return execute, None
    declared = f" ({', '.join(types)})" if types else ""  # type: ignore[arg-type]
    return f"PREPARE {name}{declared} AS {_numbered(sql)}; {execute}", name


def _server_side(database) -> bool:
    return database.vendor == "postgresql" and getattr(
        settings, "DATABASE_PREPARED_STATEMENTS", True
    )


def _numbered(sql: str) -> str:
    """`sql` with PostgreSQL's $1, $2… for the driver's %s placeholders (a %% stays: the
    driver still reads the whole, and makes it the % it stands for)."""
    numbers = itertools.count(1)
    return PLACEHOLDER.sub(lambda m: m.group(0) if m.group(0) == "%%" else f"${next(numbers)}", sql)


def _forget_statements(sender, connection, **kwargs) -> None:
    """A new connection has none of the statements prepared on the one before."""
    connection.__dict__.pop("sendready_statements", None)


connection_created.connect(_forget_statements)
