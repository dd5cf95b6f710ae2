"""The rules a KPI figure or target must keep, in one place: the two forms, the services
and the CSV import all ask `figure_problems`, and the database keeps the ranges it can
check alone (a period starts on the 1st; a figure is not negative). The import writes in
bulk without `full_clean`, so what the columns can hold (digits, decimal places, length,
no NUL character) is a rule here too, read from the model's fields."""

import datetime as dt
from decimal import Decimal

from django.db import models

from common.months import next_month
from frameworks.models import Kpi

from .models import KpiValue

# KpiTarget.value has the same digits as KpiValue.value (12, 2 decimal places).
VALUE_FIELD = KpiValue._meta.get_field("value")
assert isinstance(VALUE_FIELD, models.DecimalField)
DECIMAL_PLACES: int = VALUE_FIELD.decimal_places
PLACES = Decimal(1).scaleb(-DECIMAL_PLACES)  # 0.01
# The first number with too many digits before the point: 10,000,000,000.
TOO_LARGE = Decimal(10) ** (VALUE_FIELD.max_digits - DECIMAL_PLACES)


def char_limit(name: str) -> int:
    field = KpiValue._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length is not None
    return field.max_length


TEXT_LIMIT = {name: char_limit(name) for name in ["variant", "vintage"]}

TERM_STARTS = {1: "Spring", 4: "Summer", 9: "Autumn"}

PERIOD_RULE = {
    Kpi.Frequency.ANNUAL: "1 January",
    Kpi.Frequency.TERMLY: "1 September, 1 January or 1 April",
    Kpi.Frequency.MONTHLY: "the 1st of a month",
}


def period_fits(kpi: Kpi, period: dt.date) -> bool:
    if kpi.frequency == Kpi.Frequency.ANNUAL:
        return (period.month, period.day) == (1, 1)
    if kpi.frequency == Kpi.Frequency.TERMLY:
        return period.day == 1 and period.month in TERM_STARTS
    return period.day == 1


def following_period(kpi: Kpi, period: dt.date) -> dt.date:
    if kpi.frequency == Kpi.Frequency.ANNUAL:
        return period.replace(year=period.year + 1)
    if kpi.frequency == Kpi.Frequency.TERMLY:
        starts = [(period.year, 9), (period.year + 1, 1), (period.year + 1, 4)]
        later = [dt.date(y, m, 1) for y, m in [(period.year, 1), (period.year, 4), *starts]]
        return min(d for d in later if d > period)
    return next_month(period)


def next_figure_due(kpi: Kpi, latest_period: dt.date) -> dt.date:
    """The rule for when the next figure is due: by the end of the period after the
    one the latest figure covers."""
    return following_period(kpi, following_period(kpi, latest_period))


def figure_overdue(kpi: Kpi, latest_period: dt.date, today: dt.date) -> bool:
    return today >= next_figure_due(kpi, latest_period)


def period_problem(kpi: Kpi, period: dt.date, *, today: dt.date | None) -> str | None:
    """Why a figure cannot be for `period` (pass `today` to refuse future periods)."""
    if today is not None and period > today:
        return "The period cannot be in the future"
    if not period_fits(kpi, period):
        frequency = kpi.get_frequency_display().lower()
        article = "An" if frequency[0] in "aeiou" else "A"
        starts = PERIOD_RULE[Kpi.Frequency(kpi.frequency)]
        return f"{article} {frequency} figure's period must start on {starts}"
    return None


def value_problem(kpi: Kpi, value: Decimal, *, noun: str = "figure") -> str | None:
    if not value.is_finite():
        return f"Enter the {noun} as a number"
    if kpi.unit == Kpi.Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
        return "A percentage must be between 0 and 100"
    if value < 0:
        return f"The {noun} cannot be negative"
    if value >= TOO_LARGE:
        return f"The {noun} must be less than {TOO_LARGE:,}"
    if value != value.quantize(PLACES):  # exact: the size is checked first
        return f"The {noun} can have at most {DECIMAL_PLACES} decimal places"
    return None


def text_problem(name: str, text: str) -> str | None:
    """Why `text` cannot be stored as a figure's variant or vintage."""
    if "\x00" in text:
        return f"The {name} cannot contain a NUL character"
    if len(text) > TEXT_LIMIT[name]:
        return f"The {name} must be {TEXT_LIMIT[name]} characters or fewer"
    return None


def figure_problems(
    kpi: Kpi,
    *,
    period: dt.date | None,
    value: Decimal | None,
    today: dt.date | None,
    variant: str | None = None,
    vintage: str | None = None,
) -> dict[str, str]:
    """What is wrong with a figure (or, with `today=None`, a target), by field name.
    Targets may be set for future periods; figures may not. A field passed as None is
    not checked (a form has already refused it)."""
    problems = {}
    if period is not None and (problem := period_problem(kpi, period, today=today)):
        problems["period"] = problem
    noun = "figure" if today is not None else "target"
    if value is not None and (problem := value_problem(kpi, value, noun=noun)):
        problems["value"] = problem
    for name, text in [("variant", variant), ("vintage", vintage)]:
        if text is not None and (problem := text_problem(name, text)):
            problems[name] = problem
    return problems
