"""Issue 16 in a browser: the KPI page and the scrutiny tracker at 1280 px and 320 px
(screenshots for a person to look at), the KPI table's Target column in view at 1280 px,
the chart's key, and axe on every page these fixes touched."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from areas.models import KpiTarget, KpiValue, LocalComparator
from frameworks.models import Kpi

from .conftest import VIEWPORT
from .factories import (
    RecommendationFactory,
    RecommendationUpdateFactory,
    ResponseFactory,
    ReviewFactory,
)
from .test_browser import SCREENSHOTS, blocking_violations, sign_in
from .test_browser_reflow import NARROW, sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def kpi_world(world):
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    call_command("load_official_data", stdout=StringIO())
    area = world.area
    area.ons_code, area.la_number, area.region = "E08000034", "382", "Yorkshire and The Humber"
    area.save()
    kpis = {kpi.code: kpi for kpi in Kpi.objects.filter(framework=area.framework)}
    waiting = kpis["ep-waiting-list"]  # a local indicator: no official series
    for n in range(12):
        period = dt.date(2020 + n // 12, n % 12 + 1, 1)
        KpiValue.objects.create(area=area, kpi=waiting, period=period, value=400 - 5 * n)
        KpiTarget.objects.create(area=area, kpi=waiting, period=period, value=350)
        LocalComparator.objects.create(
            area=area,
            kpi=waiting,
            level="england",
            period=period,
            value=Decimal(380 - n),
            source="NHS England waiting times",
        )
    return world


@pytest.fixture
def settled_review(world):
    review = ReviewFactory(area=world.area, title="Transport to school", status="monitoring")
    for number in (1, 2):
        rec = RecommendationFactory(review=review, number=number, text="Publish " * 30)
        ResponseFactory(recommendation=rec, decision="accepted", target_date=dt.date(2020, 1, 1))
        RecommendationUpdateFactory(recommendation=rec, assessment="implemented")
    refused = RecommendationFactory(review=review, number=3)
    ResponseFactory(recommendation=refused, decision="not_accepted")
    return review


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def test_kpi_page_target_in_view_key_drawn_and_reflows(page, kpi_world):
    sign_in(page, kpi_world.member("board").username)
    page.goto(reverse("kpis:kpis", args=[kpi_world.area.slug]) + "#ep-waiting-list")

    section = page.locator("#ep-waiting-list")
    box = section.locator(".app-table-scroll")
    overflow = box.evaluate("box => box.scrollWidth - box.clientWidth")
    key = section.locator(".app-chart-key__item").all_inner_texts()
    shoot(page, "kpis")
    section.screenshot(path=SCREENSHOTS / "kpis-local-indicator.png")
    assert overflow <= 0, "the KPI table scrolls at 1280 px: its Target column is cut off"
    assert section.locator("th", has_text="Target").is_visible()
    assert key == [kpi_world.area.name, "England", "Target"]
    assert (
        "England, January 2020 to December 2020: NHS England waiting times" in section.inner_text()
    )
    assert blocking_violations(page) == []

    page.set_viewport_size(NARROW)
    page.reload()
    shoot(page, "kpis-320")
    section.screenshot(path=SCREENSHOTS / "kpis-local-indicator-320.png")
    assert sideways_scroll(page) <= 0
    assert blocking_violations(page) == []
    page.set_viewport_size(VIEWPORT)


def test_scrutiny_tracker_and_review_at_1280_and_320(page, world, settled_review):
    sign_in(page, world.member("scrutiny").username)
    tracker = reverse("scrutiny:tracker", args=[world.area.slug])
    review = settled_review.get_absolute_url()
    for width, suffix in ((VIEWPORT, ""), (NARROW, "-320")):
        page.set_viewport_size(width)
        page.goto(tracker)
        shoot(page, f"scrutiny-tracker{suffix}")
        assert page.get_by_label("Overdue", exact=True).count() == 1
        assert sideways_scroll(page) <= 0
        assert blocking_violations(page) == []
        page.goto(review)
        assert sideways_scroll(page) <= 0
        assert blocking_violations(page) == []
    page.set_viewport_size(VIEWPORT)

    page.get_by_role("button", name="Mark the review closed").click()

    assert page.locator(".govuk-summary-list").get_by_text("Closed").is_visible()
    assert page.get_by_role("button", name="Mark the review closed").count() == 0
    # Progress only on the two the cabinet accepted, not on number 3.
    assert page.get_by_role("link", name="Record progress").count() == 2
    assert page.get_by_role("link", name="Record progress on recommendation 3").count() == 0


def test_new_and_changed_forms_pass_axe(page, kpi_world):
    sign_in(page, kpi_world.member("lead").username)
    slug = kpi_world.area.slug
    problems = {}
    for name in ("kpis:comparator_create", "kpis:import", "kpis:value_create"):
        page.goto(reverse(name, args=[slug]))
        problems[name] = blocking_violations(page)
    page.goto(reverse("kpis:import", args=[slug]))
    page.get_by_text("Indicator codes for the kpi column").click()
    problems["import, codes open"] = blocking_violations(page)
    page.goto(reverse("scrutiny:review_create", args=[slug]))
    problems["review form"] = blocking_violations(page)
    field = page.get_by_label("Report (web address)")

    assert "govuk-input" in (field.get_attribute("class") or "")
    assert problems == {name: [] for name in problems}
