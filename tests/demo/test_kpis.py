import datetime as dt
from decimal import Decimal

import pytest

from areas.kpis.rules import period_fits
from areas.kpis.selectors import area_kpis
from areas.models import ComparatorValue, KpiException, KpiTarget, KpiValue, LocalArea
from frameworks.models import Kpi
from sendready.demo.loader import DEMO_DIR, demo_counts, demo_load, read_demo_file

pytestmark = pytest.mark.django_db

DEMO_SLUGS = ["bradford", "kent", "kirklees", "sunderland"]


@pytest.fixture(scope="module")
def kpi_files() -> dict[str, dict]:
    """Each area's `kpis` section, as its file gives it."""
    return {
        slug: read_demo_file(DEMO_DIR / f"{slug}.yaml", dt.date.today())["kpis"]
        for slug in DEMO_SLUGS
    }


def figures(slug: str, code: str) -> dict[dt.date, Decimal]:
    return dict(
        KpiValue.objects.filter(area__slug=slug, kpi__code=code).values_list("period", "value")
    )


def snapshot() -> dict[str, list]:
    return {
        "values": list(KpiValue.objects.order_by("pk").values()),
        "targets": list(KpiTarget.objects.order_by("pk").values()),
        "commentaries": list(KpiException.objects.order_by("pk").values()),
    }


def test_values_targets_and_exceptions_are_the_files(demo, kpi_files):
    for slug, spec in kpi_files.items():
        values = KpiValue.objects.filter(area__slug=slug).values_list(
            "kpi__code", "period", "variant", "value", "vintage", "entered_by__username"
        )
        assert sorted(values) == sorted(
            (
                v["kpi"],
                v["period"],
                v.get("variant", ""),
                v["value"],
                v["vintage"],
                f"{slug}-officer",
            )
            for v in spec["values"]
        )
        targets = KpiTarget.objects.filter(area__slug=slug).values_list(
            "kpi__code", "period", "value"
        )
        assert sorted(targets) == sorted(
            (t["kpi"], t["period"], t["value"]) for t in spec["targets"]
        )
        exceptions = KpiException.objects.filter(area__slug=slug).values_list(
            "kpi__code", "period", "what", "why", "next_steps"
        )
        assert sorted(exceptions) == sorted(
            (e["kpi"], e["period"], e["what"], e["why"], e["next_steps"])
            for e in spec["exceptions"]
        )


def test_counts_match_the_rows(demo, kpi_files):
    counts = demo_counts()["kpis"]

    assert counts == {
        "values": KpiValue.objects.filter(is_demo=True).count(),
        "targets": KpiTarget.objects.filter(area__is_demo=True).count(),
        "commentaries": KpiException.objects.filter(area__is_demo=True).count(),
    }
    # 31 from the papers and before; 17 continue Kent's indicators over its months of ratings
    assert counts["values"] == sum(len(spec["values"]) for spec in kpi_files.values()) == 48
    assert counts["targets"] >= 3
    assert counts["commentaries"] == 1


def test_sunderland_twenty_weeks_rose_from_69_to_86(demo):
    assert figures("sunderland", "ehcp-within-20-weeks-monthly") == {
        dt.date(2018, 1, 1): Decimal("69"),
        dt.date(2018, 2, 1): Decimal("86"),
    }


def test_kent_ep_waiting_list_412_in_august_2020_with_a_target_of_17(demo):
    waiting = figures("kent", "ep-waiting-list")
    assert waiting[dt.date(2020, 8, 1)] == Decimal("412")
    assert len(waiting) > 1
    target = KpiTarget.objects.get(area__slug="kent", kpi__code="ep-waiting-list")
    assert (target.period, target.value) == (dt.date(2021, 3, 1), Decimal("17"))


def test_kent_engagement_by_term_adds_up_to_the_paper(demo):
    participants = figures("kent", "engagement-participants")
    before_lockdown = [dt.date(2019, 4, 1), dt.date(2019, 9, 1), dt.date(2020, 1, 1)]
    assert sum(participants[term] for term in before_lockdown) == 1209
    assert participants[dt.date(2020, 4, 1)] == 59


def test_kent_stage_two_complaints_halved_since_spring_2019(demo):
    complaints = figures("kent", "stage-2-complaints")
    first, last = min(complaints), max(complaints)
    assert first == dt.date(2019, 1, 1)
    assert complaints[last] * 2 == complaints[first]


def test_kirklees_figures_from_the_self_assessment(demo):
    assert figures("kirklees", "send-eet") == {dt.date(2021, 1, 1): Decimal("92.7")}
    assert figures("kirklees", "pupils-with-ehc-plan") == {
        dt.date(2017, 1, 1): Decimal("2.6"),
        dt.date(2020, 1, 1): Decimal("3.1"),
    }
    assert figures("kirklees", "pupils-at-sen-support") == {
        dt.date(2017, 1, 1): Decimal("9.7"),
        dt.date(2020, 1, 1): Decimal("10.8"),
    }


def test_bradford_around_40_percent_late_2019(demo):
    value = KpiValue.objects.get(
        area__slug="bradford", kpi__code="ehcp-within-20-weeks-monthly", value=40
    )
    assert value.period.year == 2019 and value.period.month >= 9
    assert "around 40%" in value.variant
    assert value.vintage.startswith("Seed 002")


def test_every_value_is_demo_fits_its_period_and_range(demo):
    today = dt.date.today()
    values = list(KpiValue.objects.select_related("kpi", "area", "entered_by"))
    assert values
    for value in values:
        assert value.is_demo and value.area.is_demo
        assert value.entered_by.username == f"{value.area.slug}-officer"
        assert value.vintage
        assert period_fits(value.kpi, value.period), value
        assert value.period <= today, value
        assert value.value >= 0, value
        if value.kpi.unit == Kpi.Unit.PERCENT:
            assert Decimal(0) <= value.value <= Decimal(100), value
    for target in KpiTarget.objects.select_related("kpi"):
        assert period_fits(target.kpi, target.period), target
        assert target.period <= today, target


def test_official_series_are_not_copied(demo):
    # The 20-week timeliness series (every authority and England) is official data.
    assert ComparatorValue.objects.filter(kpi__code="ehcp-within-20-weeks").exists()
    assert not KpiValue.objects.filter(kpi__code="ehcp-within-20-weeks").exists()
    assert not KpiValue.objects.exclude(area__slug__in=DEMO_SLUGS).exists()


def test_every_demo_area_has_figures_for_at_least_two_kpis(demo):
    for slug in DEMO_SLUGS:
        codes = set(KpiValue.objects.filter(area__slug=slug).values_list("kpi__code", flat=True))
        assert len(codes) >= 2, slug


def test_kirklees_has_an_open_exception_with_its_commentary(demo, kpi_files):
    kirklees = LocalArea.objects.get(slug="kirklees")
    exceptions = [s for s in area_kpis(kirklees) if s.is_exception]
    assert [s.kpi.code for s in exceptions] == ["ehcp-within-20-weeks"]
    (summary,) = exceptions
    assert summary.latest.period == dt.date(2022, 1, 1)
    assert summary.latest.area == Decimal("14.4") and summary.latest.area_is_official
    assert summary.latest.england == Decimal("49.2")
    assert summary.latest.target == Decimal("80")
    assert summary.rag == "Red"
    commentary = summary.commentary
    assert commentary is not None
    assert commentary.written_by.username == "kirklees-officer"
    (spec,) = kpi_files["kirklees"]["exceptions"]
    assert (commentary.what, commentary.why, commentary.next_steps) == (
        spec["what"],
        spec["why"],
        spec["next_steps"],
    )


def test_other_demo_areas_have_no_exception(demo):
    for slug in ["bradford", "kent", "sunderland"]:
        area = LocalArea.objects.get(slug=slug)
        assert not [s for s in area_kpis(area) if s.is_exception], slug


def test_a_second_run_changes_nothing(demo):
    counts = demo_counts()["kpis"]
    before = snapshot()

    again = demo_load(password="pw")

    assert again["kpis"] == counts
    assert snapshot() == before


def test_nothing_after_the_day_of_loading_is_loaded(demo, kpi_files):
    for model in (KpiValue, KpiTarget, KpiException):
        model.objects.all().delete()
    day = dt.date(2019, 12, 31)

    counts = demo_load(password="pw", today=day)["kpis"]

    assert not KpiValue.objects.filter(period__gt=day).exists()
    assert not KpiTarget.objects.filter(period__gt=day).exists()
    assert counts["commentaries"] == 0
    assert 0 < counts["values"] < 31
    assert figures("sunderland", "ehcp-within-20-weeks-monthly")[dt.date(2018, 2, 1)] == 86
    # A later run fills in the rest without duplicating what is there.
    later = demo_load(password="pw")["kpis"]
    assert later["values"] == sum(len(spec["values"]) for spec in kpi_files.values())
    assert later["commentaries"] == 1
