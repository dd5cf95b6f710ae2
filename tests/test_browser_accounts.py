"""Sign-in and accounts in the browser (issue 15): an invitation from the members page to
a first password and a sign-in, a forgotten password reset by email, a password change,
and the lock-out page. Every page is checked with axe, must reflow at 320 px, and is
photographed to artefacts/screenshots/.

pytest-django's locmem outbox (`mailoutbox`) is shared with the live server, which runs
in this process."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from .conftest import PASSWORD, VIEWPORT
from .test_browser import SCREENSHOTS, blocking_violations, sign_in

NEW_PASSWORD = "amber-kestrel-harbour-71"
LINK = re.compile(r"https?://[^/\s]+(/\S+)")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Pages:
    """Checks each page it is shown (axe, reflow at 320 px) and photographs it."""

    def __init__(self, page: Page):
        self.page = page
        self.problems: list[str] = []
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def check(self, name: str, heading: str) -> None:
        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        self.problems += [f"{name}: {found}" for found in blocking_violations(page)]
        page.set_viewport_size({"width": 320, "height": 700})
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            self.problems.append(f"{name}: scrolls sideways by {overflow}px at 320px")
        page.screenshot(path=SCREENSHOTS / f"{name}-320.png", full_page=True)
        page.set_viewport_size(VIEWPORT)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def assert_clean(self) -> None:
        assert not self.problems, "\n".join(self.problems)


def sign_in_with(page: Page, username: str, password: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.locator("main button").click()


def choose_password(page: Page, password: str = NEW_PASSWORD) -> None:
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("Confirm new password").fill(password)
    page.get_by_role("button", name="Save password").click()


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_an_invitation_leads_to_a_first_password_and_a_sign_in(page, world, mailoutbox):
    pages = Pages(page)
    sign_in(page, world.member("lead").username)
    page.goto(f"/areas/{world.area.slug}/members/")
    pages.check("members-invite", "People and roles")

    page.get_by_label("Email address").fill("new.colleague@example.org")
    page.get_by_label("Board member").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "new.colleague@example.org has the role Board member in Sunderland. We have emailed them."
    )
    link = link_in(mailoutbox[0])
    page.get_by_role("button", name=re.compile("Sign out")).click()

    page.goto(link)
    pages.check("set-password", "Set your password")
    expect(page.locator("main")).to_contain_text("Your username is new.colleague@example.org")
    choose_password(page)
    pages.check("set-password-done", "Your password is set")
    page.get_by_role("button", name="Sign in").click()
    sign_in_with(page, "new.colleague@example.org", NEW_PASSWORD)
    expect(page.locator("footer")).to_contain_text("Signed in as new.colleague@example.org")

    page.context.clear_cookies()
    page.goto(link)
    pages.check("set-password-link-used", "This link does not work")
    pages.assert_clean()


def test_a_forgotten_password_is_reset_by_email(page, world, mailoutbox):
    officer = world.member("officer")
    officer.email = "officer@example.org"
    officer.save()
    pages = Pages(page)
    page.goto("/sign-in/")
    pages.check("sign-in-with-reset-link", "Sign in to SEND Ready")

    page.get_by_role("link", name="Forgotten your password?").click()
    pages.check("password-reset", "Reset your password")
    page.get_by_role("button", name="Send the link").click()
    pages.check("password-reset-error", "Reset your password")
    page.get_by_label("Email address").fill("officer@example.org")
    page.get_by_role("button", name="Send the link").click()
    pages.check("password-reset-sent", "Check your email")

    page.goto(link_in(mailoutbox[0]))
    pages.check("password-reset-new", "Choose a new password")
    choose_password(page)
    pages.check("password-reset-done", "Your new password is saved")
    sign_in_with(page, officer.username, NEW_PASSWORD)
    expect(page.locator("footer")).to_contain_text(f"Signed in as {officer.username}")
    pages.assert_clean()


def test_a_password_is_changed_from_the_header(page, world):
    pages = Pages(page)
    sign_in(page, world.member("officer").username)

    page.get_by_role("link", name="Change password").click()
    pages.check("password-change", "Change your password")
    page.get_by_label("Current password").fill("not-the-password")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    pages.check("password-change-error", "Change your password")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Your current password is not right"
    )
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    pages.check("password-change-done", "Your password has been changed")

    assert get_user_model().objects.get(pk=world.member("officer").pk).check_password(NEW_PASSWORD)
    pages.assert_clean()


def test_ten_wrong_passwords_show_the_lock_out_page(page, world):
    pages = Pages(page)
    username = world.member("officer").username

    for _ in range(10):
        sign_in_with(page, username, "not-the-password")
    pages.check("locked-out", "Your account is locked for now")
    expect(page.locator("main")).to_contain_text("for 30 minutes")

    sign_in_with(page, username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked for now")
    pages.assert_clean()
