"""Model instances from the values of a hand-written query, converted as the ORM
converts them (SQLite's datetimes made timezone-aware, its booleans and decimals…)."""

from django.db import connection


def instance_from_row(model, values):
    """`model`'s instance from `values`, one for each of its concrete fields in order."""
    fields = model._meta.concrete_fields
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [field.attname for field in fields], converted)


def columns_of(model, alias: str) -> str:
    """`alias.column, …` for each of `model`'s concrete fields, in instance_from_row's order."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)
