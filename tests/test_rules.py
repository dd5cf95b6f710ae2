"""Each rule has one definition; these tests hold it at its boundaries, through every
path that uses it, so changing the definition (or going around it) fails here."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from areas.kpis.forms import KpiTargetForm, KpiValueForm
from areas.kpis.imports import plan_import
from areas.kpis.rules import figure_overdue, figure_problems
from areas.kpis.services import kpi_value_save
from areas.ratings.models import is_stale
from areas.self_evaluation.selectors import publication_status
from common.errors import Refused
from frameworks.models import Kpi

pytestmark = pytest.mark.django_db

TODAY = dt.date(2024, 6, 15)


@pytest.mark.parametrize(
    ("latest_agreed", "stale"),
    [
        (None, True),
        (dt.date(2024, 6, 1), False),  # this month
        (dt.date(2024, 5, 1), False),  # the previous month
        (dt.date(2024, 4, 1), True),  # two months back
    ],
)
def test_month_staleness(latest_agreed, stale):
    assert is_stale(latest_agreed, today=TODAY) is stale


class Published:
    def __init__(self, published_at):
        self.published_at = published_at


class Month:
    def __init__(self, month):
        self.month = month


@pytest.mark.parametrize(
    ("published", "stale"),
    [(dt.date(2023, 12, 20), False), (dt.date(2023, 11, 30), True)],  # 6 vs 7 months behind
)
def test_self_evaluation_staleness(monkeypatch, published, stale):
    version = Published(dt.datetime.combine(published, dt.time(10), tzinfo=dt.UTC))
    monkeypatch.setattr("areas.self_evaluation.selectors.latest_published", lambda area: version)

    status = publication_status(None, Month(dt.date(2024, 6, 1)))

    assert status["stale"] is stale


@pytest.fixture
def kpis(framework):
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    return {kpi.code: kpi for kpi in Kpi.objects.filter(framework=framework)}


# (KPI, period, value, problem or None): the boundaries of `figure_problems`.
FIGURES = [
    ("ehcp-within-20-weeks", dt.date(2024, 1, 1), "100", None),
    ("ehcp-within-20-weeks", dt.date(2024, 1, 1), "100.01", "between 0 and 100"),
    ("ehcp-within-20-weeks", dt.date(2024, 1, 1), "0", None),
    ("ep-waiting-list", dt.date(2024, 1, 1), "-1", "cannot be negative"),
    ("ep-waiting-list", TODAY.replace(day=1), "3", None),
    ("ep-waiting-list", dt.date(2024, 7, 1), "3", "in the future"),
    ("ehcp-within-20-weeks", dt.date(2024, 2, 1), "50", "must start on 1 January"),
]


@pytest.mark.parametrize(("code", "period", "value", "problem"), FIGURES)
def test_kpi_figure_rules_one_definition_three_paths(world, kpis, code, period, value, problem):
    kpi = kpis[code]
    by_rule = " ".join(
        figure_problems(kpi, period=period, value=Decimal(value), today=TODAY).values()
    )
    form = KpiValueForm(
        {
            "kpi": kpi.pk,
            "period_0": period.day,
            "period_1": period.month,
            "period_2": period.year,
            "value": value,
        },
        area=world.area,
        today=TODAY,
    )
    imported = plan_import(world.area, f"kpi,period,value\n{code},{period},{value}\n", today=TODAY)

    if problem is None:
        assert (by_rule, form.is_valid(), imported.errors) == ("", True, [])
    else:
        assert problem in by_rule
        assert not form.is_valid() and problem in str(form.errors)
        assert problem.lower() in " ".join(imported.errors).lower()


def test_kpi_service_refuses_what_the_rule_refuses(world, kpis):
    with pytest.raises(Refused, match="between 0 and 100"):
        kpi_value_save(
            area=world.area,
            by=world.member("officer"),
            kpi=kpis["ehcp-within-20-weeks"],
            period=dt.date(2024, 1, 1),
            value=Decimal("101"),
            today=TODAY,
        )


def test_kpi_target_may_be_in_the_future_but_keeps_the_ranges(world, kpis):
    kpi = kpis["ehcp-within-20-weeks"]
    data = {"kpi": kpi.pk, "period_0": 1, "period_1": 1, "period_2": 2099}

    assert KpiTargetForm({**data, "value": "80"}, area=world.area).is_valid()
    assert not KpiTargetForm({**data, "value": "180"}, area=world.area).is_valid()


def test_kpi_not_a_number_is_refused_by_the_rule(kpis):
    problems = figure_problems(
        kpis["ep-waiting-list"], period=dt.date(2024, 1, 1), value=Decimal("NaN"), today=TODAY
    )

    assert problems == {"value": "Enter the figure as a number"}


@pytest.mark.parametrize(
    ("code", "latest", "today", "overdue"),
    [
        ("ep-waiting-list", dt.date(2024, 3, 1), dt.date(2024, 4, 30), False),  # monthly
        ("ep-waiting-list", dt.date(2024, 3, 1), dt.date(2024, 5, 1), True),
        ("ehcp-within-20-weeks", dt.date(2022, 1, 1), dt.date(2023, 12, 31), False),  # annual
        ("ehcp-within-20-weeks", dt.date(2022, 1, 1), dt.date(2024, 1, 1), True),
    ],
)
def test_kpi_next_figure_due(kpis, code, latest, today, overdue):
    assert figure_overdue(kpis[code], latest, today) is overdue
