"""Browser test for switching an area's tracker from the 2016 framework to the 2023 one
(areas/ratings/views.py `switch`): a lead switches from April 2018, starts April, reviews
the levels the mapping carried over and agrees it; the board then sees both periods on
the dashboard and the tracker. The pages pass axe-core and the switch page reflows at
320 px. Screenshots go to artefacts/screenshots/.

`world` is Sunderland on 2016 with February and March 2018 rated amber throughout."""

import re

import pytest
from playwright.sync_api import Page, expect

from areas.models import Assessment
from areas.ratings import services as rating_services

from .conftest import VIEWPORT
from .test_browser import SCREENSHOTS, blocking_violations, sign_in
from .test_browser_frameworks import NARROW, sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FRAMEWORK_2023 = "Area SEND inspection framework (2023)"
CARRIED = "Carried from 2016 — review"
UNMAPPED = "2.1"  # the one 2023 criterion the mapping links to no 2016 criterion


@pytest.fixture
def march_agreed(world, area_send):
    """The switch carries levels from the latest agreed month, so there must be one."""
    rating_services.month_agree(assessment=world.march, by=world.member("lead"))
    return world


def tracker_url(world) -> str:
    return f"/areas/{world.area.slug}/tracker/"


def switch_to_2023_from_april(page: Page, world) -> None:
    page.goto(tracker_url(world))
    page.get_by_role("link", name="Switch to another framework").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Switch to another framework")
    page.get_by_role("group", name="Framework to move to").get_by_label(FRAMEWORK_2023).check()
    page.get_by_label("First month to rate against it").select_option(label="April 2018")


def review_every_carried_level(page: Page) -> int:
    boxes = page.get_by_role("checkbox", name=re.compile(r"^I have reviewed this level for "))
    for box in boxes.all():
        box.check()
    return boxes.count()


def choose_level(page: Page, code: str, level: str) -> None:
    # Each criterion's radios sit in a fieldset whose legend ends with a hidden " for <code>".
    page.get_by_role("group", name=f"Level for {code}", exact=True).get_by_label(level).check()


def agree_april(page: Page) -> None:
    page.get_by_role("button", name="Save and agree April 2018").click()


def photograph(page: Page, name: str) -> None:
    # A viewport as tall as the page, so the month page's sticky button bar is drawn where
    # it ends up (after the last criterion), not over the first screenful.
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    page.set_viewport_size(VIEWPORT)


def test_lead_switches_to_2023_agrees_the_first_month_and_board_sees_both_periods(
    page, browser, live_server, march_agreed
):
    world = march_agreed
    failures = {}
    sign_in(page, "sunderland-lead")

    switch_to_2023_from_april(page, world)
    failures["switch"] = blocking_violations(page)
    page.get_by_role("button", name="Switch framework").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"From April 2018 Sunderland is rated against {FRAMEWORK_2023}."
    )

    page.get_by_role("link", name="Start next month").click()
    page.get_by_role("button", name="Start April 2018").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("April 2018 ratings")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"April 2018 started against {FRAMEWORK_2023}. 10 levels were carried over"
    )
    carried_tags = page.locator(".app-carried")
    expect(carried_tags).to_have_count(10)  # every 2023 criterion but the unmapped one
    expect(carried_tags.first).to_have_text(CARRIED)
    expect(page.locator(f'[id="rating-{UNMAPPED}"] .app-carried')).to_have_count(0)
    unmapped_levels = page.get_by_role("group", name=f"Level for {UNMAPPED}", exact=True)
    expect(unmapped_levels.locator("input:checked")).to_have_count(0)  # starts unrated
    failures["month"] = blocking_violations(page)
    photograph(page, "switch-month")

    # Rating 2.1 alone is not enough: the carried levels must be looked at first.
    choose_level(page, UNMAPPED, "Amber")
    agree_april(page)
    expect(page.locator(".govuk-notification-banner").last).to_contain_text(
        "April 2018 cannot be agreed: 10 levels carried over from the earlier framework "
        "have not been reviewed"
    )
    expect(page.locator(".app-month-status .govuk-tag")).to_have_text("Draft")

    assert review_every_carried_level(page) == 10
    agree_april(page)

    expect(page.locator(".app-month-status .govuk-tag")).to_have_text("Agreed")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)
    expect(page.locator(".app-carried")).to_have_count(0)  # reviewing clears every mark
    april = Assessment.objects.get(area=world.area, month__year=2018, month__month=4)
    assert april.is_agreed and april.framework.year == 2023
    assert not april.ratings.filter(carried_from__isnull=False).exists()

    # The board member in a browser of their own: the lead's session stays apart.
    board = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    board_page = board.new_page()
    sign_in(board_page, "sunderland-board")
    board_page.goto(f"/areas/{world.area.slug}/")
    main = board_page.locator("main")
    expect(
        main.get_by_role("heading", name="Where Sunderland stands in April 2018")
    ).to_be_visible()
    expect(board_page.locator(".app-other-framework")).to_contain_text(
        "was rated against the 2016 framework"
    )
    expect(
        main.get_by_role("heading", name="Before the switch: March 2018 against the 2016 framework")
    ).to_be_visible()
    failures["dashboard"] = blocking_violations(board_page)
    photograph(board_page, "switch-dashboard")

    board_page.goto(tracker_url(world))
    captions = board_page.locator("table.app-tracker caption")
    # One table per framework, never mixed; the current framework comes first.
    expect(captions).to_have_text(
        [
            re.compile(r"^Level of each criterion against the 2023 framework, April 2018"),
            re.compile(r"^Level of each criterion against the 2016 framework, February 2018"),
        ]
    )
    expect(board_page.get_by_role("link", name="Switch to another framework")).to_have_count(0)
    failures["tracker"] = blocking_violations(board_page)

    board_page.get_by_role("link", name="What still cites only the earlier framework").click()
    expect(board_page.locator("h1")).to_have_text("Still citing only earlier criteria")
    failures["earlier criteria"] = blocking_violations(board_page)
    board.close()

    assert not {name: found for name, found in failures.items() if found}


def test_switch_page_reflows_at_320_px(page, march_agreed):
    sign_in(page, "sunderland-lead")
    page.set_viewport_size(NARROW)
    switch_to_2023_from_april(page, march_agreed)  # with a framework chosen, as when in use

    assert sideways_scroll(page) == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
