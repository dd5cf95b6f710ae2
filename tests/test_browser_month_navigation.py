"""Moving around the month page by keyboard (issue 16): from the page's top, the
contents list's "Go to the save buttons" link reaches Save in under 30 key presses;
a judgement area's link lands in that area; showing one area keeps the unsaved-changes
warning; "Start next month" asks first. Each page is checked with axe and
photographed at 1280 and 320 CSS px."""

import pytest
from playwright.sync_api import Page, expect

from .test_browser import SCREENSHOTS, blocking_violations, month_url, sign_in

KEY_PRESS_LIMIT = 30


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement
            return {
                tag: el ? el.tagName : '',
                text: el ? (el.innerText || '').trim() : '',
                href: el ? (el.getAttribute('href') || '') : '',
                type: el ? (el.getAttribute('type') || '') : '',
                section: el && el.closest('section.app-month-section')
                    ? el.closest('section.app-month-section').id : '',
            }
        }"""
    )


def is_save_button(element: dict) -> bool:
    return (
        element["tag"] == "BUTTON"
        and element["type"] == "submit"
        and element["text"].startswith("Save")
    )


def tab_until(page: Page, wanted, presses: int) -> int:
    while presses < KEY_PRESS_LIMIT and not wanted(focused(page)):
        page.keyboard.press("Tab")
        presses += 1
    return presses


def from_the_top(page: Page, path: str) -> None:
    page.goto(path)
    page.evaluate("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_officer_reaches_save_by_keyboard_via_the_contents(page, world):
    sign_in(page, "sunderland-officer")
    from_the_top(page, month_url(world, world.march))

    presses = tab_until(page, lambda el: el["text"] == "Go to the save buttons", 0)
    page.keyboard.press("Enter")
    presses = tab_until(page, is_save_button, presses + 1)

    print(f"Save reached in {presses} key presses")  # noqa: T201 - the figure for the report
    assert presses < KEY_PRESS_LIMIT and is_save_button(focused(page))
    assert focused(page)["text"] == "Save draft"
    page.keyboard.press("Enter")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "March 2018 saved: 0 ratings changed."
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_judgement_areas_link_lands_in_that_area(page, world):
    sign_in(page, "sunderland-officer")
    from_the_top(page, month_url(world, world.march))

    presses = tab_until(page, lambda el: el["href"] == "#area-b", 0)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    assert presses < KEY_PRESS_LIMIT
    assert focused(page)["section"] == "area-b"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_showing_one_area_by_keyboard_keeps_the_unsaved_changes_warning(page, world):
    sign_in(page, "sunderland-officer")
    page.goto(month_url(world, world.march) + "?show=B")
    expect(page.locator("#area-a")).to_be_hidden()
    expect(page.locator("#area-b")).to_be_visible()
    page.locator("#area-b .govuk-radios__input").first.check()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    page.get_by_role("link", name="show only this area (Q3)").click()

    assert dialogs == ["beforeunload"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_month_pages_pass_axe_and_fit_at_1280_and_320(page, world):
    sign_in(page, "sunderland-officer")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []
    pages = {
        "month-navigation": month_url(world, world.march),
        "month-one-area": month_url(world, world.march) + "?show=B",
        "month-start": f"/areas/{world.area.slug}/months/start/",
    }
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(path)
            problems += [f"{name} at {width}: {v}" for v in blocking_violations(page)]
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                problems.append(f"{name} at {width}: scrolls sideways by {overflow}px")
            if name != "month-one-area":
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
            if name == "month-navigation":  # the first screenful, and an area's end
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}-top.png")
                page.locator("#area-a .app-section-save").scroll_into_view_if_needed()
                page.screenshot(path=SCREENSHOTS / f"{name}-{width}-area-end.png")

    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_start_next_month_asks_first_and_starts_once(page, world):
    sign_in(page, "sunderland-officer")
    page.goto(f"/areas/{world.area.slug}/tracker/")

    page.get_by_role("link", name="Start next month").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start April 2018?")
    assert world.area.assessments.count() == 2
    second_tab = page.context.new_page()
    second_tab.goto(page.url)
    page.get_by_role("button", name="Start April 2018").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("April 2018 ratings")

    second_tab.get_by_role("button", name="Start April 2018").click()

    expect(second_tab.get_by_role("heading", level=1)).to_have_text("April 2018 ratings")
    expect(second_tab.locator(".govuk-error-summary, .govuk-notification-banner")).to_contain_text(
        "April 2018 had already been started"
    )
    assert world.area.assessments.count() == 3  # not May
