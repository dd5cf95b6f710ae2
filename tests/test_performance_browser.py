"""The pages whose lists were capped or paged for speed (issue 15) in a browser: the
criterion history's GOV.UK pagination moves between pages, and it, the capped KPI tables
and the dashboard's overdue list pass axe and reflow at 320 px."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from areas.models import Assessment, Rating

from .test_browser import SCREENSHOTS, blocking_violations, sign_in
from .test_browser_reflow import NARROW, sideways_scroll
from .test_query_counts import kpi_figures, months_from, overdue_recommendations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def earlier_months(world, levels, count: int) -> None:
    """`count` agreed months before the world's February 2018."""
    for month in months_from(dt.date(2015, 2, 1), count):
        assessment = Assessment.objects.create(
            area=world.area, framework=world.area.framework, month=month, status="agreed"
        )
        Rating.objects.bulk_create(
            Rating(assessment=assessment, criterion=c, level=levels["green"])
            for c in world.criteria
        )


def test_criterion_history_pages_move_and_pass_axe_at_320_px(page, world, levels):
    earlier_months(world, levels, 28)  # 30 months in all
    sign_in(page, world.member("board").username)
    page.goto(f"/areas/{world.area.slug}/criteria/A9/")
    expect(page.get_by_text("Months 1 to 24 of 30, newest first.")).to_be_visible()

    page.get_by_role("navigation", name="Pages of months").get_by_role(
        "link", name="Next page of months"
    ).click()

    expect(page.get_by_text("Months 25 to 30 of 30, newest first.")).to_be_visible()
    expect(page.locator(".app-history-entry")).to_have_count(6)
    expect(page.locator('[aria-current="page"]')).to_have_text("2")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "criterion-history-page-2.png", full_page=True)
    assert not blocking_violations(page)
    page.set_viewport_size(NARROW)
    page.reload()
    assert sideways_scroll(page) <= 0


def test_capped_kpi_table_and_overdue_list_pass_axe_at_320_px(page, world):
    kpi_figures(world.area, 30)
    overdue_recommendations(world.area, 12)
    sign_in(page, world.member("board").username)
    problems = []
    for path, expected in [
        (f"/areas/{world.area.slug}/kpis/", "The latest 24 of 30 periods"),
        (f"/areas/{world.area.slug}/", "See all 12 overdue recommendations"),
    ]:
        page.set_viewport_size({"width": 1024, "height": 800})
        page.goto(path)
        expect(page.get_by_text(expected)).to_be_visible()
        problems += blocking_violations(page)
        page.set_viewport_size(NARROW)
        page.reload()
        if sideways_scroll(page) > 0:
            problems.append(f"{path} scrolls sideways at 320 px")

    page.get_by_role("link", name="See all 12 overdue recommendations").click()

    expect(page).to_have_url(re.compile(rf"/areas/{world.area.slug}/scrutiny/\?overdue=yes$"))
    assert not problems, "\n".join(problems)
