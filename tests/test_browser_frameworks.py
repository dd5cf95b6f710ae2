"""Browser tests for the framework pages (headless Debian Chromium): axe-core finds
nothing blocking on the list, both frameworks and the mapping, and the pages reflow at
320 px wide without scrolling sideways. Screenshots go to artefacts/screenshots/."""

import pytest
from playwright.sync_api import Page, expect

from frameworks.loading import framework_load, read_framework_file
from frameworks.mapping import mapping_load, read_mapping_file

from .conftest import FRAMEWORK_FILE, VIEWPORT
from .factories import UserFactory
from .test_browser import SCREENSHOTS, blocking_violations, sign_in

PAGES = {
    "frameworks": "/frameworks/",
    "framework-2016": "/frameworks/send-2016/",
    "framework-2023": "/frameworks/area-send-2023/",
    "framework-mapping": "/frameworks/area-send-2023/mapping/send-2016/",
}
NARROW = {"width": 320, "height": 640}


@pytest.fixture
def reader(framework):
    """A user with no area, and the 2023 framework and mapping beside 2016."""
    framework_load(data=read_framework_file(FRAMEWORK_FILE.parent / "area-send-2023.yaml"))
    mapping_load(data=read_mapping_file(FRAMEWORK_FILE.parent / "mapping-2016-to-2023.yaml"))
    return UserFactory(username="framework-reader")


def sideways_scroll(page: Page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_framework_pages_pass_axe_and_are_photographed(page, reader):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, "framework-reader")
    failures = {}
    for name, path in PAGES.items():
        response = page.goto(path)
        assert response is not None and response.status == 200, name
        failures[name] = blocking_violations(page)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    failures = {name: found for name, found in failures.items() if found}
    assert not failures, failures


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_framework_pages_reflow_at_320_px(page, reader):
    sign_in(page, "framework-reader")
    page.set_viewport_size(NARROW)
    overflow = {}
    for name in ["frameworks", "framework-2023", "framework-mapping"]:
        page.goto(PAGES[name])
        overflow[name] = sideways_scroll(page)
        page.screenshot(path=SCREENSHOTS / f"{name}-320.png", full_page=True)
    page.set_viewport_size(VIEWPORT)

    assert overflow == dict.fromkeys(overflow, 0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_mapping_link_opens_the_2016_criterion(page, reader):
    sign_in(page, "framework-reader")
    page.goto(PAGES["framework-2023"])

    page.get_by_role("link", name="How the 2016 criteria map to this framework").click()
    page.locator("#criterion-1\\.1").get_by_role("link", name="A2").click()

    expect(page).to_have_url(
        f"{page.url.split('/frameworks')[0]}/frameworks/send-2016/#criterion-A2"
    )
    expect(page.locator("#criterion-A2")).to_contain_text("appropriate monitoring arrangements")
