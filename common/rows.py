"""Model instances from the values of a hand-written query, converted as the ORM
converts them (SQLite's datetimes made timezone-aware, its booleans and decimals…)."""

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def row_reader(model: type[M]) -> Callable[[Sequence], M]:
    """A function making `model`'s instance from values, one for each of its concrete
    fields in order (`columns_of`); the converters are looked up once, not once a row."""
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    converting = []
    for position, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
        if found:
            converting.append((position, column, found))

    def read(values: Sequence) -> M:
        values = list(values)
        for position, column, converters in converting:
            for convert in converters:
                values[position] = convert(values[position], column, connection)
        return model.from_db(connection.alias, names, values)

    return read


def instance_from_row(model: type[M], values: Sequence) -> M:
    return row_reader(model)(values)


def columns_of(model, alias: str) -> str:
    """`alias.column, …` for each of `model`'s concrete fields, in row_reader's order."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)
