"""KPIs: catalogue loading, official data, RAG against target, exceptions, bad input,
permissions and query counts."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.kpis import selectors as kpis
from areas.models import ComparatorValue, KpiException, KpiTarget, KpiValue, StatisticalNeighbour
from frameworks.models import Kpi

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def catalogue(framework):
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    return {kpi.code: kpi for kpi in Kpi.objects.filter(framework=framework)}


@pytest.fixture
def area(world):
    world.area.ons_code, world.area.la_number, world.area.region = (
        "E08000034",
        "382",
        "Yorkshire and The Humber",
    )
    world.area.save()
    return world.area


def england(kpi, year, value):
    ComparatorValue.objects.create(
        kpi=kpi,
        level="england",
        code="E92000001",
        name="England",
        period=dt.date(year, 1, 1),
        value=value,
    )


def figure(area, kpi, period, value, **extra):
    return KpiValue.objects.create(area=area, kpi=kpi, period=period, value=Decimal(value), **extra)


def target(area, kpi, period, value):
    return KpiTarget.objects.create(area=area, kpi=kpi, period=period, value=Decimal(value))


def summary(area, code):
    return next(s for s in kpis.area_kpis(area, TODAY) if s.kpi.code == code)


# --- catalogue and official data ------------------------------------------------------


def test_kpi_catalogue_loads_and_reloads(catalogue):
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())

    timeliness = catalogue["ehcp-within-20-weeks"]
    assert Kpi.objects.count() == len(catalogue) == 9
    assert (timeliness.unit, timeliness.direction, timeliness.frequency) == (
        "percent",
        "higher",
        "annual",
    )
    assert [c.code for c in timeliness.criteria.all()] == ["A6", "B2"]


def test_kpi_catalogue_with_errors_loads_nothing(framework, tmp_path):
    bad = tmp_path / "kpis.yaml"
    bad.write_text(
        "framework: send-2016\nkpis:\n  - code: x\n    name: X\n    definition: d\n"
        "    unit: furlongs\n    direction: up\n    frequency: annual\n    criteria: [Z9]\n"
    )

    with pytest.raises(CommandError) as error:
        call_command("load_kpis", str(bad), stdout=StringIO())

    message = str(error.value)
    assert "unit must be one of" in message and "direction must be one of" in message
    assert "unknown criterion 'Z9'" in message
    assert Kpi.objects.count() == 0


def test_official_data_loads_every_area_region_and_england(catalogue):
    call_command("load_official_data", stdout=StringIO())
    call_command("load_official_data", stdout=StringIO())  # idempotent

    values = ComparatorValue.objects.filter(kpi=catalogue["ehcp-within-20-weeks"])
    assert values.filter(level="england", period=dt.date(2022, 1, 1)).get().value == Decimal("49.2")
    assert values.filter(level="england", period=dt.date(2024, 1, 1)).get().value == Decimal("46.4")
    assert values.get(code="E08000034", period=dt.date(2022, 1, 1)).value == Decimal("14.4")
    assert values.filter(level="region", period=dt.date(2022, 1, 1)).count() == 9
    assert StatisticalNeighbour.objects.filter(la_number="382").count() == 10
    plans = ComparatorValue.objects.get(kpi=catalogue["ehc-plans"], period=dt.date(2025, 1, 1))
    assert plans.value == 638745 and "2025 release" in plans.vintage


def test_area_kpis_show_area_england_region_and_neighbours(catalogue, area):
    call_command("load_official_data", stdout=StringIO())

    s = summary(area, "ehcp-within-20-weeks")

    latest = s.latest
    assert latest.label == "2022" and latest.area == Decimal("14.4") and latest.area_is_official
    assert (latest.england, latest.region) == (Decimal("49.2"), Decimal("62.6"))
    assert latest.neighbours is not None
    assert s.quartile == 4 and s.areas_ranked > 140  # 14.4% is among the lowest
    assert s.next_due == dt.date(2024, 1, 1) and s.overdue


# --- RAG against target, both directions, at the tolerance boundary -------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("80", "Green"), ("85", "Green"), ("75", "Amber"), ("74.99", "Red")],
)
def test_rag_higher_is_better(catalogue, value, expected):
    kpi = catalogue["ehcp-within-20-weeks"]  # tolerance 5

    assert kpis.rag(kpi, Decimal(value), Decimal("80")) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("17", "Green"), ("10", "Green"), ("27", "Amber"), ("27.01", "Red")],
)
def test_rag_lower_is_better(catalogue, value, expected):
    kpi = catalogue["ep-waiting-list"]  # tolerance 10

    assert kpis.rag(kpi, Decimal(value), Decimal("17")) == expected


def test_context_kpis_are_never_rated(catalogue):
    assert kpis.rag(catalogue["ehc-plans"], Decimal(1), Decimal(2)) is None


def test_exception_when_worse_than_target_and_england_higher_is_better(catalogue, area):
    kpi = catalogue["ehcp-within-20-weeks"]
    england(kpi, 2024, "46.4")
    figure(area, kpi, dt.date(2024, 1, 1), "40")
    target(area, kpi, dt.date(2024, 1, 1), "60")

    assert summary(area, kpi.code).is_exception


def test_no_exception_when_better_than_england(catalogue, area):
    kpi = catalogue["ehcp-within-20-weeks"]
    england(kpi, 2024, "46.4")
    figure(area, kpi, dt.date(2024, 1, 1), "50")
    target(area, kpi, dt.date(2024, 1, 1), "60")

    s = summary(area, kpi.code)
    assert s.rag == "Red" and not s.is_exception


def england_figure(kpi, period: dt.date, value) -> None:
    ComparatorValue.objects.create(
        kpi=kpi, level="england", code="E92000001", name="England", period=period, value=value
    )


def test_exception_lower_is_better(catalogue, area):
    kpi = catalogue["ep-waiting-list"]
    england_figure(kpi, dt.date(2026, 10, 1), 100)
    figure(area, kpi, dt.date(2026, 10, 1), "150")
    target(area, kpi, dt.date(2026, 10, 1), "50")
    assert summary(area, kpi.code).is_exception

    KpiValue.objects.filter(kpi=kpi).update(value=90)  # better than England
    assert not summary(area, kpi.code).is_exception


def test_open_exceptions_say_what_the_kpi_page_says(catalogue, area):
    kpi = catalogue["ep-waiting-list"]
    england_figure(kpi, dt.date(2026, 10, 1), 100)
    figure(area, kpi, dt.date(2026, 9, 1), "40")
    figure(area, kpi, dt.date(2026, 10, 1), "150")
    target(area, kpi, dt.date(2026, 10, 1), "50")
    KpiException.objects.create(
        area=area, kpi=kpi, period=dt.date(2026, 10, 1), what="W", why="Y", next_steps="N"
    )

    found = kpis.open_exceptions(area)

    page = summary(area, kpi.code).latest
    assert [(s.kpi, s.commentary.why, s.commentary.next_steps) for s in found] == [(kpi, "Y", "N")]
    shown = found[0].latest
    assert (shown.period, shown.label, shown.area, shown.target, shown.england) == (
        page.period,
        page.label,
        page.area,
        page.target,
        page.england,
    )


@pytest.mark.parametrize("switched", [True, False])
def test_open_exceptions_keep_a_framework_the_area_moved_from(catalogue, area, switched):
    """Its KPIs stay the area's after a switch (as `area_kpis_queryset` says); another
    framework's do not."""
    from areas.models import FrameworkSwitch

    from .factories import FrameworkFactory

    kpi = catalogue["ehcp-within-20-weeks"]
    england(kpi, 2024, "46.4")
    figure(area, kpi, dt.date(2024, 1, 1), "40")
    target(area, kpi, dt.date(2024, 1, 1), "60")
    old, area.framework = area.framework, FrameworkFactory(year=2023)
    area.save()
    if switched:
        FrameworkSwitch.objects.create(
            area=area, from_framework=old, to_framework=area.framework, from_month="2025-01-01"
        )

    assert [s.kpi for s in kpis.open_exceptions(area)] == ([kpi] if switched else [])


def test_exception_commentary_is_shown_and_on_dashboard(client, world, catalogue, area):
    kpi = catalogue["ehcp-within-20-weeks"]
    england(kpi, 2024, "46.4")
    figure(area, kpi, dt.date(2024, 1, 1), "40")
    target(area, kpi, dt.date(2024, 1, 1), "60")
    client.force_login(world.member("officer"))

    response = client.post(
        f"/areas/{area.slug}/kpis/{kpi.code}/commentary/",
        {
            "what": "Backlog of assessments",
            "why": "EP capacity",
            "next_steps": "Commission extra EPs",
        },
    )
    dashboard = client.get(f"/areas/{area.slug}/").content.decode()

    assert response.status_code == 302
    assert KpiException.objects.get().written_by == world.member("officer")
    assert "New EHC plans issued within 20 weeks" in dashboard and "EP capacity" in dashboard


# --- bad input --------------------------------------------------------------------------


def post_figure(client, world, area, kpi, day, month, year, value, variant=""):
    client.force_login(world.member("officer"))
    return client.post(
        f"/areas/{area.slug}/kpis/figures/new/",
        {
            "kpi": kpi.pk,
            "period_0": day,
            "period_1": month,
            "period_2": year,
            "value": value,
            "variant": variant,
        },
    )


def test_figure_saves(client, world, catalogue, area):
    response = post_figure(
        client, world, area, catalogue["ep-waiting-list"], "1", "8", "2020", "412"
    )

    assert response.status_code == 302
    saved = KpiValue.objects.get()
    assert (saved.value, saved.period, saved.entered_by) == (
        412,
        dt.date(2020, 8, 1),
        world.member("officer"),
    )


@pytest.mark.parametrize(
    ("code", "date", "value", "message"),
    [
        (
            "ehcp-within-20-weeks",
            ("1", "1", "2024"),
            "101",
            "A percentage must be between 0 and 100",
        ),
        ("ep-waiting-list", ("1", "1", "2099"), "5", "The period cannot be in the future"),
        ("ehcp-within-20-weeks", ("1", "3", "2024"), "50", "must start on 1 January"),
        (
            "stage-2-complaints",
            ("1", "2", "2024"),
            "3",
            "must start on 1 September, 1 January or 1 April",
        ),
        ("ep-waiting-list", ("1", "8", "2020"), "-3", "The figure cannot be negative"),
    ],
)
def test_bad_figures_are_refused(client, world, catalogue, area, code, date, value, message):
    response = post_figure(client, world, area, catalogue[code], *date, value)

    assert message in response.content.decode()
    assert KpiValue.objects.count() == 0


def test_duplicate_figure_is_refused(client, world, catalogue, area):
    kpi = catalogue["ep-waiting-list"]
    figure(area, kpi, dt.date(2020, 8, 1), "412")

    response = post_figure(client, world, area, kpi, "1", "8", "2020", "400")

    assert "There is already a figure" in response.content.decode()
    assert KpiValue.objects.get().value == 412


# --- permissions and queries -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"), [("officer", True), ("lead", True), ("board", False), ("scrutiny", False)]
)
def test_only_officers_and_leads_enter_figures(client, world, catalogue, area, role, allowed):
    client.force_login(world.member(role))
    kpi = catalogue["ep-waiting-list"]

    page = client.get(f"/areas/{area.slug}/kpis/")
    form = client.get(f"/areas/{area.slug}/kpis/figures/new/")
    post = client.post(
        f"/areas/{area.slug}/kpis/figures/new/",
        {"kpi": kpi.pk, "period_0": "1", "period_1": "8", "period_2": "2020", "value": "412"},
    )

    assert page.status_code == 200
    assert (form.status_code, post.status_code) == ((200, 302) if allowed else (403, 403))
    assert KpiValue.objects.count() == (1 if allowed else 0)


def test_kpi_pages_are_404_for_another_area(client, world, other_world, catalogue, area):
    client.force_login(other_world.member("lead"))

    for url in [
        "kpis/",
        "kpis/figures/new/",
        "kpis/targets/new/",
        "kpis/ehcp-within-20-weeks/commentary/",
    ]:
        assert client.get(f"/areas/{area.slug}/{url}").status_code == 404, url


KPI_PAGE_QUERIES = 15  # a board member's: session, user, membership, then the page's 12


def test_kpi_page_queries_do_not_grow(
    client, world, catalogue, area, django_assert_max_num_queries
):
    call_command("load_official_data", stdout=StringIO())
    client.force_login(world.member("board"))
    counts = []
    for months in (2, 24):
        KpiValue.objects.all().delete()
        for n in range(months):
            figure(
                area,
                catalogue["ep-waiting-list"],
                dt.date(2020 + n // 12, n % 12 + 1, 1),
                str(400 - n),
            )
        # (one reads the comparators the area entered for its local indicators)
        with (
            django_assert_max_num_queries(KPI_PAGE_QUERIES),
            CaptureQueriesContext(connection) as context,
        ):
            assert client.get(f"/areas/{area.slug}/kpis/").status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_peer_context_lists_neighbours_with_outcomes(client, world, catalogue, area):
    call_command("load_official_data", stdout=StringIO())
    client.force_login(world.member("board"))

    peers = kpis.peer_context(area)
    page = client.get(f"/areas/{area.slug}/kpis/").content.decode()

    assert len(peers) == 10 and [p.rank for p in peers] == list(range(1, 11))
    assert all(p.timeliness_year == 2022 for p in peers)
    assert any(p.inspections for p in peers)
    assert peers[0].name in page and "Written statement of action" in page


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_read_only_roles_cannot_set_targets_or_write_commentary(
    client, world, catalogue, area, role
):
    kpi = catalogue["ehcp-within-20-weeks"]
    england(kpi, 2024, "46.4")
    figure(area, kpi, dt.date(2024, 1, 1), "40")
    target(area, kpi, dt.date(2024, 1, 1), "60")
    client.force_login(world.member(role))

    target_post = client.post(
        f"/areas/{area.slug}/kpis/targets/new/",
        {"kpi": kpi.pk, "period_0": "1", "period_1": "1", "period_2": "2025", "value": "70"},
    )
    commentary = client.post(
        f"/areas/{area.slug}/kpis/{kpi.code}/commentary/",
        {"what": "x", "why": "y", "next_steps": "z"},
    )

    assert (target_post.status_code, commentary.status_code) == (403, 403)
    assert KpiTarget.objects.count() == 1 and KpiException.objects.count() == 0


def test_setting_a_periods_target_again_changes_it(client, world, catalogue, area):
    kpi = catalogue["ehcp-within-20-weeks"]
    client.force_login(world.member("officer"))
    url = f"/areas/{area.slug}/kpis/targets/new/"
    period = {"kpi": kpi.pk, "period_0": "1", "period_1": "1", "period_2": "2025"}

    first = client.post(url, {**period, "value": "60"})
    second = client.post(url, {**period, "value": "70"})

    assert (first.status_code, second.status_code) == (302, 302)
    assert list(KpiTarget.objects.values_list("value", flat=True)) == [Decimal("70.00")]
    assert KpiTarget.history.count() == 2  # the old target is kept
