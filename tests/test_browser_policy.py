"""The Content Security Policy in the browser, and the refusal pages as a user sees them.

Every browser test fails if the policy refuses anything (tests/conftest.py watches each
context's console); the first test here shows that watch does catch a refusal.
"""

import pytest
from playwright.sync_api import expect

from .test_browser import SCREENSHOTS, blocking_violations, sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_inline_script_is_refused_and_the_watch_notices(page, browser, world):
    sign_in(page, world.member("officer").username)
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)

    assert page.evaluate("window.injected === undefined")
    assert any("script-src" in refusal for refusal in browser.refusals)
    browser.refusals.clear()  # seen: the test's own teardown check must not fail on it


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_form_refused_for_its_token_explains_itself_and_passes_axe(page, world):
    page.goto("/sign-in/")
    page.context.clear_cookies()  # as when the browser blocked or lost the CSRF cookie
    page.get_by_label("Username").fill(world.member("officer").username)
    page.get_by_label("Password").fill("anything")
    page.locator("main button").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your form could not be sent")
    assert blocking_violations(page) == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "form-refused.png", full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_page_not_found_passes_axe(page, world):
    sign_in(page, world.member("officer").username)
    page.goto("/areas/no-such-area/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert blocking_violations(page) == []
