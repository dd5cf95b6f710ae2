"""Writes to an area's KPI figures, targets and exception commentary. Each checks the
KPI rules (`rules.figure_problems`) and records who wrote."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from areas.members.models import LocalArea
from common.errors import Refused
from common.services import saved
from frameworks.models import Kpi

from .models import KpiException, KpiTarget, KpiValue
from .rules import figure_problems


def check_kpi(area: LocalArea, kpi: Kpi) -> None:
    if kpi.framework_id != area.framework_id:
        raise Refused("That indicator is not in this area's framework.")


def refuse_problems(kpi: Kpi, *, period, value, today) -> None:
    problems = figure_problems(kpi, period=period, value=value, today=today)
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
    refuse_problems(kpi, period=period, value=value, today=today or dt.date.today())
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
    figure.full_clean()
    figure.save()
    return figure


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
    commentary.full_clean()
    commentary.save()
    return commentary
