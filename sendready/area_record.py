"""One local area's whole record as JSON, to move it to another installation that has
the same framework files loaded (`manage.py export_area`, `manage.py import_area`).

Which tables belong to an area is found from Django's model metadata, not listed: every
model (history tables and many-to-many tables included) with a chain of foreign keys
leading to `LocalArea`. A model added later is carried without a change here, or, if it
links to something with no natural key below, the export refuses to run (and
tests/test_area_record.py fails) until it is given one or excluded in EXCLUDED.

In the file, an area's own rows keep their ids only as labels that link the file's rows
together; the import gives every row a new id. Framework rows (criteria, levels, ...)
are named by natural keys (framework slug and code) and accounts by username: no
account, and no password hash, is ever written.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import functools
import graphlib
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import DatabaseError, connection, transaction
from django.db.models import Field, ForeignKey, JSONField, Max, Model, Q

from areas.models import LocalArea
from frameworks.models import (
    ActivityType,
    Criterion,
    Framework,
    Heading,
    JudgementArea,
    Kpi,
    Outcome,
    RatingLevel,
)

FORMAT = "sendready-area-record"
VERSION = 1

# How the record names the framework rows it cites: the same files loaded in another
# installation give the same keys, whatever the ids.
NATURAL_KEYS: dict[type[Model], tuple[str, ...]] = {
    Framework: ("slug",),
    JudgementArea: ("framework__slug", "code"),
    Heading: ("judgement_area__framework__slug", "judgement_area__code", "code"),
    Criterion: ("framework__slug", "code"),
    RatingLevel: ("framework__slug", "code"),
    Kpi: ("framework__slug", "code"),
    Outcome: ("framework__slug", "code"),
    ActivityType: ("framework__slug", "code"),
}

# Models with a path to LocalArea that are deliberately not carried, with the reason.
# Empty: everything an area owns moves with it.
EXCLUDED: dict[str, str] = {}


class AreaRecordError(Exception):
    """A record that cannot be written or read; the message says why, for a person."""


@dataclass(frozen=True)
class AreaTable:
    """A model whose rows belong to an area, and the lookup from it to the area."""

    model: type[Model]
    path: str  # "" for LocalArea itself, else e.g. "assessment__area"

    @property
    def label(self) -> str:
        return self.model._meta.label

    def rows_of(self, area: LocalArea):
        return rows_of(self.model, self.path, area).order_by("pk")


def rows_of(model: type[Model], path: str, area: LocalArea):
    """The rows of `model` that belong to `area`.

    A history table's rows can outlive the rows they name (a deleted month's ratings'
    history names a month that is gone), so a join through the live tables would miss
    them: a history table is followed one link at a time, to the live rows or, for
    those deleted, to their own history."""
    manager = model._base_manager
    if not path:
        return manager.filter(pk=area.pk)
    if instance_type_of(model) is None:
        return manager.filter(**{path: area})
    link = model._meta.get_field(path.split("__")[0])
    target = link.related_model
    if target is LocalArea:
        return manager.filter(**{link.name: area})
    paths = paths_to_area()
    kept = rows_of(target, paths[target], area).values("pk")  # type: ignore[arg-type,index]
    if (history := history_of(target)) is None:  # type: ignore[arg-type]
        return manager.filter(**{f"{link.name}__in": kept})
    deleted = rows_of(history, paths[history], area).values("id")
    return manager.filter(Q(**{f"{link.name}__in": kept}) | Q(**{f"{link.name}__in": deleted}))


@functools.cache
def history_of(model: type[Model]) -> type[Model] | None:
    """The django-simple-history table keeping `model`'s history, if it has one."""
    for candidate in apps.get_models(include_auto_created=True):
        if instance_type_of(candidate) is model:
            return candidate
    return None


def area_tables() -> list[AreaTable]:
    """Every table holding an area's rows, each after the tables it refers to."""
    paths = paths_to_area()
    order = graphlib.TopologicalSorter(
        {model: dependencies(model, paths) for model in paths}
    ).static_order()
    return [AreaTable(model, paths[model]) for model in order if model._meta.label not in EXCLUDED]


@functools.cache
def paths_to_area() -> dict[type[Model], str]:
    """Every model whose foreign keys lead to LocalArea, with its shortest such path:
    found round by round outward from LocalArea, so the first path found is shortest."""
    paths: dict[type[Model], str] = {LocalArea: ""}
    models = apps.get_models(include_auto_created=True)
    while True:
        found = {}
        for model in models:
            if model in paths:
                continue
            for link in model._meta.concrete_fields:
                if link.is_relation and link.related_model in paths:
                    rest = paths[link.related_model]  # type: ignore[index]
                    found[model] = f"{link.name}__{rest}" if rest else link.name
                    break
        if not found:
            return paths
        paths.update(found)


def dependencies(model: type[Model], paths: dict[type[Model], str]) -> set[type[Model]]:
    """The area tables whose rows `model`'s rows refer to (a history table also refers
    to the table it keeps the history of, through its `id`)."""
    needed = {
        link.related_model
        for link in model._meta.concrete_fields
        if link.is_relation and link.related_model in paths and link.related_model is not model
    }
    instance_type = getattr(model, "instance_type", None)
    if instance_type in paths:
        needed.add(instance_type)
    return needed  # type: ignore[return-value]


def instance_type_of(model: type[Model]) -> type[Model] | None:
    """For a django-simple-history table, the model whose rows its `id` names."""
    return getattr(model, "instance_type", None)


# --- Export -------------------------------------------------------------------------


def area_export(*, area: LocalArea) -> dict[str, Any]:
    """The whole record of `area`, ready for json.dumps."""
    tables = area_tables()
    raw = {
        table.label: list(table.rows_of(area).values(*attnames(table.model))) for table in tables
    }
    names = external_names(tables, raw)
    return {
        "format": FORMAT,
        "version": VERSION,
        "area": area.slug,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": {
            table.label: [row_export(table.model, row, names) for row in raw[table.label]]
            for table in tables
        },
    }


def attnames(model: type[Model]) -> list[str]:
    return [column.attname for column in model._meta.concrete_fields]


def external_names(
    tables: list[AreaTable], raw: dict[str, list[dict]]
) -> dict[type[Model], dict[int, Any]]:
    """The natural key of every framework row and account the rows cite, by id: one
    query per kind of row."""
    area_models = {table.model for table in tables}
    cited: dict[type[Model], set[int]] = defaultdict(set)
    for table in tables:
        for link in table.model._meta.concrete_fields:
            if not link.is_relation or link.related_model in area_models:
                continue
            target: type[Model] = link.related_model  # type: ignore[assignment]
            if target is not get_user_model() and target not in NATURAL_KEYS:
                raise AreaRecordError(
                    f"{table.label}.{link.name} refers to {target._meta.label}, which has "
                    "no natural key: add one to NATURAL_KEYS or exclude the model."
                )
            cited[target].update(row[link.attname] for row in raw[table.label])
    return {model: names_of(model, ids - {None}) for model, ids in cited.items()}


def key_fields(model: type[Model]) -> tuple[str, ...]:
    return ("username",) if model is get_user_model() else NATURAL_KEYS[model]


def names_of(model: type[Model], ids: set[int]) -> dict[int, Any]:
    fields = key_fields(model)
    rows = model._base_manager.filter(pk__in=ids).values_list("pk", *fields)
    return {pk: key[0] if len(fields) == 1 else list(key) for pk, *key in rows}


def row_export(model: type[Model], row: dict, names: dict[type[Model], dict[int, Any]]) -> dict:
    exported = {}
    for column in model._meta.concrete_fields:
        value = row[column.attname]
        if column.is_relation and column.related_model in names and value is not None:
            value = names[column.related_model][value]  # type: ignore[index]
        exported[column.name] = encoded(column, value)
    return exported


def encoded(column: Field, value: Any) -> Any:
    """A value as JSON can hold it; `Field.to_python` reads it back."""
    if value is None or isinstance(column, JSONField) or isinstance(value, bool | int | str):
        return value
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dt.date | dt.time):  # datetimes included
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID | float):
        return str(value)
    if isinstance(value, list):  # a natural key
        return value
    raise AreaRecordError(f"{column.model._meta.label}.{column.name}: cannot write {value!r}")


# --- Import -------------------------------------------------------------------------


@dataclass
class ImportReport:
    area: LocalArea
    counts: dict[str, int] = field(default_factory=dict)
    # Usernames with no account here: memberships skipped, names left blank elsewhere.
    skipped_members: list[str] = field(default_factory=list)
    unknown_users: list[str] = field(default_factory=list)


def area_import(*, record: Any, slug: str | None = None) -> ImportReport:
    """Create the area `record` holds (from `area_export`), all of it or nothing.
    Raises AreaRecordError with a message for a person when the record is refused."""
    tables = checked_tables(record)
    slug = checked_slug(slug or first_area(tables)["slug"])
    names = Names.resolve(tables)
    try:
        with transaction.atomic():
            return Importer(names).run(tables, slug)
    except DatabaseError as error:
        raise AreaRecordError(f"The database refused the record: {error}") from None


def checked_tables(record: Any) -> dict[AreaTable, list[dict]]:
    """The record's rows by table, once its shape is what `area_export` writes."""
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise AreaRecordError(f"This is not an area record (expected format {FORMAT!r}).")
    if record.get("version") != VERSION:
        raise AreaRecordError(
            f"This record is version {record.get('version')!r}; this installation reads "
            f"version {VERSION}."
        )
    given = record.get("tables")
    if not isinstance(given, dict):
        raise AreaRecordError("The record has no tables.")
    known = {table.label: table for table in area_tables()}
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise AreaRecordError(f"Tables this installation does not have: {', '.join(unknown)}.")
    tables = {}
    for label, table in known.items():
        rows = given.get(label, [])
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise AreaRecordError(f"{label}: expected a list of rows.")
        tables[table] = rows
    return tables


def first_area(tables: dict[AreaTable, list[dict]]) -> dict:
    rows = next(rows for table, rows in tables.items() if table.model is LocalArea)
    if len(rows) != 1 or not isinstance(rows[0].get("slug"), str):
        raise AreaRecordError("The record must hold exactly one local area, with its slug.")
    return rows[0]


def checked_slug(slug: str) -> str:
    try:
        validate_slug(slug)
    except ValidationError:
        raise AreaRecordError(f"{slug!r} is not a slug (letters, numbers, - and _).") from None
    if LocalArea.objects.filter(slug=slug).exists():
        raise AreaRecordError(
            f"An area with the slug {slug!r} already exists here: import under another "
            "slug (--slug) or remove that area first."
        )
    return slug


@dataclass
class Names:
    """This installation's ids for the framework rows and accounts a record names."""

    ids: dict[type[Model], dict[Any, int]]

    @classmethod
    def resolve(cls, tables: dict[AreaTable, list[dict]]) -> Names:
        cited = cited_names(tables)
        ids = {model: ids_of(model, keys) for model, keys in cited.items()}
        missing = [
            f"{model._meta.verbose_name} {' '.join(key) if isinstance(key, tuple) else key}"
            for model, keys in cited.items()
            if model is not get_user_model()
            for key in sorted(keys - set(ids[model]), key=str)
        ]
        if missing:
            raise AreaRecordError(
                "This installation lacks framework rows the record cites (load the same "
                "framework files first): " + "; ".join(missing) + "."
            )
        return cls(ids)


def cited_names(tables: dict[AreaTable, list[dict]]) -> dict[type[Model], set]:
    area_models = {table.model for table in tables}
    cited: dict[type[Model], set] = defaultdict(set)
    for table, rows in tables.items():
        for link in external_links(table.model, area_models):
            for row in rows:
                value = row.get(link.name)
                if value is not None:
                    cited[link.related_model].add(key_of(link, value))  # type: ignore[index]
    return cited


def external_links(model: type[Model], area_models: set[type[Model]]) -> list[ForeignKey]:
    return [
        link  # type: ignore[misc]
        for link in model._meta.concrete_fields
        if link.is_relation and link.related_model not in area_models
    ]


def key_of(link: Field, value: Any) -> Any:
    """A natural key as a hashable value, or a refusal naming the column."""
    size = len(key_fields(link.related_model))  # type: ignore[arg-type]
    if size == 1 and isinstance(value, str):
        return value
    if isinstance(value, list) and len(value) == size and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise AreaRecordError(f"{link.model._meta.label}.{link.name}: {value!r} names nothing.")


def ids_of(model: type[Model], keys: set) -> dict[Any, int]:
    fields = key_fields(model)
    # Narrowed by the first part of the key (a framework's slug, a username): a few
    # hundred rows at most.
    rows = model._base_manager.filter(
        **{f"{fields[0]}__in": {k if isinstance(k, str) else k[0] for k in keys}}
    )
    found = {}
    for pk, *key in rows.values_list("pk", *fields):
        found[key[0] if len(fields) == 1 else tuple(key)] = pk
    return found


class Importer:
    """Inserts a checked record's rows table by table, giving each row a new id and
    following the file's ids to the new ones."""

    def __init__(self, names: Names) -> None:
        self.names = names
        self.new_ids: dict[type[Model], dict[int, int]] = defaultdict(dict)
        # Ids given to rows the history names but that were deleted before the export.
        self.next_free: dict[type[Model], int] = {}
        self.unknown_users: set[str] = set()
        self.skipped_members: set[str] = set()

    def run(self, tables: dict[AreaTable, list[dict]], slug: str) -> ImportReport:
        counts = {}
        for table, rows in tables.items():
            objects = [self.row(table.model, row, slug) for row in rows]
            kept = [(old, obj) for old, obj in zip(rows, objects, strict=True) if obj is not None]
            self.insert(table.model, kept)
            counts[table.label] = len(kept)
        for model, highest in self.next_free.items():
            sequence_at_least(model, highest)
        area = LocalArea.objects.get(slug=slug)
        return ImportReport(
            area=area,
            counts=counts,
            skipped_members=sorted(self.skipped_members),
            unknown_users=sorted(self.unknown_users - self.skipped_members),
        )

    def row(self, model: type[Model], row: dict, slug: str) -> Model | None:
        """The unsaved object for one row of the file, or None to skip it (a membership
        whose account does not exist here)."""
        columns = {column.name: column for column in model._meta.concrete_fields}
        unknown = set(row) - set(columns)
        if unknown:
            raise AreaRecordError(f"{model._meta.label}: unknown fields {sorted(unknown)}.")
        values = {}
        for name, column in columns.items():
            if column.primary_key:
                continue
            value = row.get(name, column.get_default())
            if model is LocalArea and name == "slug":
                value = slug
            try:
                values[column.attname] = self.value(model, column, value)
            except SkippedRow:
                self.skipped_members.add(str(row.get(name)))
                return None
        obj = model(**values)
        obj._state.adding = True
        return obj

    def value(self, model: type[Model], column: Field, value: Any) -> Any:
        where = f"{model._meta.label}.{column.name}"
        if column.is_relation and value is not None:
            return self.related_id(model, column, value, where)
        if column.name == "id" and instance_type_of(model) is not None and value is not None:
            return self.area_row_id(instance_type_of(model), value, where, deleted_ok=True)  # type: ignore[arg-type]
        try:
            return checked(column, value)
        except ValidationError as error:
            raise AreaRecordError(
                f"{where}: {value!r} refused ({' '.join(error.messages)})"
            ) from None
        except (TypeError, ValueError, decimal.InvalidOperation, OverflowError):
            raise AreaRecordError(f"{where}: {value!r} refused") from None

    def related_id(self, model: type[Model], column: Field, value: Any, where: str) -> int | None:
        target = column.related_model
        if target in self.names.ids:
            key = key_of(column, value)
            found = self.names.ids[target].get(key)  # type: ignore[index]
            if found is None and target is get_user_model():
                self.unknown_users.add(key)
                if not column.null:
                    raise SkippedRow
            return found
        # A link between the area's own rows: a history table may name a row deleted
        # before the export, but a live table must name a row the file holds.
        deleted_ok = not getattr(column, "db_constraint", True)
        return self.area_row_id(target, value, where, deleted_ok=deleted_ok)  # type: ignore[arg-type]

    def area_row_id(self, target: type[Model], value: Any, where: str, *, deleted_ok: bool) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise AreaRecordError(f"{where}: {value!r} is not a row of the record.")
        new = self.new_ids[target].get(value)
        if new is not None:
            return new
        if not deleted_ok:
            raise AreaRecordError(f"{where}: row {value} is not in the record.")
        new = self.new_ids[target][value] = self.free_id(target)
        return new

    def free_id(self, model: type[Model]) -> int:
        """An id no row of `model` has had here, for a row kept only in the history."""
        if model not in self.next_free:
            self.next_free[model] = highest_id(model)
        self.next_free[model] += 1
        return self.next_free[model]

    def insert(self, model: type[Model], kept: list[tuple[dict, Model]]) -> None:
        """Insert the rows as they are: auto_now dates and the like are not refreshed,
        and no signal runs (the history is inserted from the record, not recorded anew).
        That is Django's `raw` insert, the one `loaddata` uses, in batches."""
        if not kept:
            return
        pk = model._meta.pk
        fields = [column for column in model._meta.concrete_fields if not column.primary_key]
        objs = [obj for _, obj in kept]
        size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            returned = model._base_manager._insert(  # type: ignore[attr-defined]
                batch, fields=fields, returning_fields=[pk], raw=True
            )
            for (old, _), (new_pk,) in zip(kept[start : start + size], returned, strict=True):
                old_pk = old.get(pk.name)  # type: ignore[union-attr]
                if isinstance(old_pk, int) and not isinstance(old_pk, bool):
                    if old_pk in self.new_ids[model]:
                        raise AreaRecordError(f"{model._meta.label}: row {old_pk} appears twice.")
                    self.new_ids[model][old_pk] = new_pk


def checked(column: Field, value: Any) -> Any:
    """`value` read as the column holds it, under the column's own rules (choices,
    lengths, ranges). "Blank" is a form's rule, not the database's: not checked."""
    python = column.to_python(value)
    if python is None:
        if not column.null:
            raise ValidationError("a value is needed")
        return None
    if python not in column.empty_values:
        column.validate(python, None)
    column.run_validators(python)
    return python


class SkippedRow(Exception):
    """A row that cannot exist here (its account is missing) and is left out."""


def highest_id(model: type[Model]) -> int:
    """The highest id `model` has given here, in its table or in its history's."""
    highest = model._base_manager.aggregate(top=Max("pk"))["top"] or 0
    if (history := history_of(model)) is not None:
        highest = max(highest, history._base_manager.aggregate(top=Max("id"))["top"] or 0)
    return highest


def sequence_at_least(model: type[Model], value: int) -> None:
    """Move `model`'s id sequence past `value`, so that a new row never takes an id
    the imported history already gives to a deleted one."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            column = model._meta.pk.column  # type: ignore[union-attr]
            quoted_table = connection.ops.quote_name(table)
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, "
                f"(SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 1) "  # type: ignore[arg-type]
                f"FROM {quoted_table})))",
                [quoted_table, column, value],
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = MAX(seq, %s) WHERE name = %s", [value, table]
            )
            if cursor.rowcount == 0:
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, value]
                )
