"""Browser tests for scrutiny reviews (headless Debian Chromium)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from .conftest import VIEWPORT
from .factories import RecommendationFactory, ResponseFactory, ReviewFactory
from .test_browser import SCREENSHOTS, blocking_violations, sign_in


@pytest.fixture
def kirklees(world):
    for role, user in world.users.items():
        user.username = f"kirklees-{role}"
        user.save()
    review = ReviewFactory(
        area=world.area, title="SEND – The Parent's Perspective", status="monitoring"
    )
    for number in range(1, 15):
        rec = RecommendationFactory(
            review=review,
            number=number,
            theme=[
                "Service standards",
                "Effective participation",
                "Parenting courses",
                "Timescales and content",
            ][(number - 1) // 4],
        )
        ResponseFactory(
            recommendation=rec,
            target_date=dt.date.today() + dt.timedelta(days=90),
            timescale="Within a year",
        )
    return review


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_scrutiny_officer_records_behind_and_board_sees_it(page, browser, kirklees, live_server):
    sign_in(page, "kirklees-scrutiny")
    page.goto(kirklees.get_absolute_url())
    row = page.locator("#recommendation-9")
    row.get_by_role("link", name="Record progress on recommendation 9").click()

    today = dt.date.today()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Meeting").fill("Children's Scrutiny Panel")
    page.get_by_label("Progress").fill("The new timescales are slipping.")
    page.get_by_label("Behind").check()
    page.get_by_role("button", name="Record progress").click()

    expect(page.locator("#recommendation-9")).to_contain_text("Behind")

    board = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    board_page = board.new_page()
    sign_in(board_page, "kirklees-board")
    expect(board_page).to_have_url(re.compile(r"/areas/[^/]+/$"))
    summary = board_page.locator("section.app-scrutiny-summary")
    expect(summary.locator('td[data-assessment="behind"]')).to_have_text("1")
    expect(summary.locator('td[data-assessment="none"]')).to_have_text("13")
    board.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_scrutiny_pages_pass_axe_and_are_photographed(page, kirklees):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    area = kirklees.area
    rec = kirklees.recommendations.get(number=9)
    base = f"/areas/{area.slug}/scrutiny"
    rec_url = f"{base}/reviews/{kirklees.pk}/recommendations/{rec.pk}"
    pages = {
        "scrutiny-tracker": f"{base}/",
        "review": kirklees.get_absolute_url(),
        "review-new": f"{base}/reviews/new/",
        "recommendations-new": f"{base}/reviews/{kirklees.pk}/recommendations/new/",
        "response": f"{rec_url}/response/",
        "recommendation-progress": f"{rec_url}/progress/",
    }
    sign_in(page, "kirklees-scrutiny")
    failures = {}
    for name, path in pages.items():
        assert page.goto(path).status == 200, name
        failures[name] = blocking_violations(page)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    page.goto(pages["recommendations-new"])
    page.get_by_label("Number").first.fill("9")
    page.get_by_label("Recommendation", exact=True).first.fill("A duplicate")
    page.get_by_role("button", name="Save recommendations").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already has a recommendation 9")
    failures["recommendations-new with errors"] = blocking_violations(page)

    failures = {name: found for name, found in failures.items() if found}
    assert not failures, failures
