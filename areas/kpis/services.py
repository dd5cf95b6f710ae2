"""Writes to an area's KPI figures, targets and exception commentary. Each checks the
KPI rules (`rules.figure_problems`) and records who wrote."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from django.db import IntegrityError, transaction
from django.utils import timezone

from areas.members.models import LocalArea
from areas.members.selectors import area_kpis_queryset
from common.bulk import updated_from_values
from common.errors import Refused
from common.history import CHANGED, CREATED, history_copied
from common.services import saved, validated_save
from frameworks.models import Kpi

from .models import ComparatorValue, KpiException, KpiTarget, KpiValue, LocalComparator
from .rules import figure_problems


def check_kpi(area: LocalArea, kpi: Kpi) -> None:
    if not area_kpis_queryset(area).filter(pk=kpi.pk).exists():
        raise Refused("That indicator is not in this area's framework.")


def refuse_problems(kpi: Kpi, *, period, value, today, **texts: str) -> None:
    problems = figure_problems(kpi, period=period, value=value, today=today, **texts)
    if problems:
        raise Refused("; ".join(problems.values()) + ".")


@transaction.atomic
def kpi_value_save(
    *,
    area: LocalArea,
    by,
    kpi: Kpi,
    period: dt.date,
    value: Decimal,
    variant: str = "",
    vintage: str = "",
    revise: bool = False,
    today: dt.date | None = None,
) -> KpiValue:
    """Add a figure; with `revise`, replace the figure held for the same period and
    variant (an import's revision) instead of refusing it."""
    check_kpi(area, kpi)
    today = today or dt.date.today()
    refuse_problems(kpi, period=period, value=value, today=today, variant=variant, vintage=vintage)
    figure = (
        KpiValue.objects.for_area(area)
        .select_for_update()
        .filter(kpi=kpi, period=period, variant=variant)
        .first()
    )
    if figure is not None and not revise:
        raise Refused("There is already a figure for this indicator, period and variant.")
    figure = figure or KpiValue(area=area, kpi=kpi, period=period, variant=variant)
    figure.value, figure.vintage, figure.entered_by = value, vintage, by
    return validated_save(figure, by=by)


@transaction.atomic
def local_comparator_save(
    *,
    area: LocalArea,
    by,
    kpi: Kpi,
    level: str,
    period: dt.date,
    value: Decimal,
    source: str,
    today: dt.date | None = None,
) -> LocalComparator:
    """Enter England's, the region's or the neighbours' figure for a local indicator (one
    with no official series). A period that has one already gets this one instead: the
    history keeps the old figure and its source."""
    check_kpi(area, kpi)
    if ComparatorValue.objects.filter(kpi=kpi).exists():
        raise Refused("This indicator has official comparators; they are shown instead.")
    refuse_problems(kpi, period=period, value=value, today=today or dt.date.today())
    comparator = (
        LocalComparator.objects.for_area(area)
        .select_for_update()
        .filter(kpi=kpi, level=level, period=period)
        .first()
    ) or LocalComparator(area=area, kpi=kpi, level=level, period=period)
    comparator.value, comparator.source = value, source
    return saved(comparator, by=by)


class ImportedFigure(Protocol):
    """One checked row of an import: `figure_id` is the held figure it revises, or None."""

    kpi: Kpi
    period: dt.date
    value: Decimal
    variant: str
    vintage: str
    figure_id: int | None


IMPORT_BATCH = 500  # rows per INSERT (Django lowers it to SQLite's 999 parameters)
IMPORT_FIELDS = ["value", "vintage", "entered_by", "entered_at"]  # what a revision changes
CHANGED_MEANWHILE = (
    "Some of these figures were added or removed by someone else while the file was "
    "being checked. Nothing was imported: check the file again."
)


def figures_to_write(
    area: LocalArea, rows: Sequence[ImportedFigure], *, by, today: dt.date, now: dt.datetime
) -> tuple[list[KpiValue], list[KpiValue]]:
    """The new figures and the held figures revised, each stamped with who and when; the
    held ones are read whole (so their history records every field) and locked."""
    for row in rows:
        check_kpi(area, row.kpi)
        texts = {"variant": row.variant, "vintage": row.vintage}
        refuse_problems(row.kpi, period=row.period, value=row.value, today=today, **texts)
    held = KpiValue.objects.for_area(area).select_for_update()
    figures = held.in_bulk([row.figure_id for row in rows if row.figure_id is not None])
    added, revised = [], []
    for row in rows:
        if row.figure_id is None:
            added.append(
                KpiValue(
                    area_id=area.pk,
                    kpi_id=row.kpi.pk,
                    period=row.period,
                    variant=row.variant,
                    value=row.value,
                    vintage=row.vintage,
                    entered_by_id=by.pk,
                    entered_at=now,
                )
            )
        elif (figure := figures.get(row.figure_id)) is not None:
            figure.value, figure.vintage = row.value, row.vintage
            figure.entered_by_id, figure.entered_at = by.pk, now
            revised.append(figure)
        else:  # removed since the file was checked
            raise Refused(CHANGED_MEANWHILE)
    return added, revised


@transaction.atomic
def kpi_values_import(
    *, area: LocalArea, rows: Sequence[ImportedFigure], by, today: dt.date | None = None
) -> int:
    """Write an import's rows in bulk, all in this one transaction or none: each row with a
    `figure_id` revises that figure of the area, the others are added. Every row keeps
    the rules again (cheap, and this service stays safe on its own); `entered_by` and
    `entered_at` are stamped on every figure written. Returns how many were written.

    Each write is followed by the history of every figure it wrote (`history_copied`,
    the rows django-simple-history's bulk helpers would write, copied by the database),
    so that no imported change escapes KpiValue's history, naming `by` as who made it
    and this moment as when.
    """
    now = timezone.now()
    today = today or dt.date.today()
    added, revised = figures_to_write(area, rows, by=by, today=today, now=now)
    history = {"by": by, "when": now}
    try:
        with transaction.atomic():  # a savepoint, so the refusal below can be reported
            KpiValue.objects.bulk_create(added, batch_size=IMPORT_BATCH)
    except IntegrityError as error:  # one of them was added since the file was checked
        raise Refused(CHANGED_MEANWHILE) from error
    history_copied(KpiValue, [figure.pk for figure in added], change=CREATED, **history)
    updated = updated_from_values(KpiValue, revised, IMPORT_FIELDS, within={"area": area.pk})
    if updated != len(revised):
        raise Refused(CHANGED_MEANWHILE)
    history_copied(KpiValue, [figure.pk for figure in revised], change=CHANGED, **history)
    return len(added) + len(revised)


@transaction.atomic
def kpi_target_save(*, area: LocalArea, by, kpi: Kpi, period: dt.date, value: Decimal) -> KpiTarget:
    """Set the target for a period, or change the one set."""
    check_kpi(area, kpi)
    refuse_problems(kpi, period=period, value=value, today=None)
    held = KpiTarget.objects.for_area(area).select_for_update().filter(kpi=kpi, period=period)
    target = held.first() or KpiTarget(area=area, kpi=kpi, period=period)
    target.value = value
    return saved(target, by=by)


@transaction.atomic
def kpi_exception_save(
    *,
    area: LocalArea,
    by,
    kpi: Kpi,
    period: dt.date,
    what: str,
    why: str,
    next_steps: str,
) -> KpiException:
    """Write the owner's commentary on an exception, or change it."""
    check_kpi(area, kpi)
    held = KpiException.objects.for_area(area).select_for_update().filter(kpi=kpi, period=period)
    commentary = held.first() or KpiException(area=area, kpi=kpi, period=period)
    commentary.what, commentary.why, commentary.next_steps = what, why, next_steps
    commentary.written_by = by
    return validated_save(commentary, by=by)
