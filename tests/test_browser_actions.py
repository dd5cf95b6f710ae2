"""Browser tests for plans, actions and inspections (headless Debian Chromium)."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from actions.models import Action

from .factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    PlanFactory,
    WorkstreamFactory,
)
from .test_browser import SCREENSHOTS, blocking_violations, sign_in


@pytest.fixture
def kent(world, levels):
    """Kent-like records on the `world` area, with users renamed to kent-<role>."""
    for role, user in world.users.items():
        user.username = f"kent-{role}"
        user.save()
    plan = PlanFactory(area=world.area, title="Written Statement of Action 2019")
    stream = WorkstreamFactory(plan=plan, code="C", title="Quality of EHC plans")
    inspection = InspectionFactory(area=world.area)
    weakness = FindingFactory(inspection=inspection, text="EHC plans are late")
    weakness.criteria.set([c for c in world.criteria if c.code == "A6"])
    action = ActionFactory(
        workstream=stream,
        description="Reduce the educational psychology waiting list from 412 to 17",
        status="on_track",
        due_on=dt.date.today() + dt.timedelta(days=60),
        weaknesses=[weakness],
    )
    return {"plan": plan, "inspection": inspection, "action": action, "area": world.area}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_update_to_at_risk_shows_on_board_dashboard(page, kent, browser):
    action = kent["action"]
    sign_in(page, "kent-officer")
    page.goto(action.get_absolute_url())

    today = dt.date.today()
    page.get_by_label("Day").first.fill(str(today.day))
    page.get_by_label("Month").first.fill(str(today.month))
    page.get_by_label("Year").first.fill(str(today.year))
    page.get_by_label("What has happened").fill("External provider started late; backlog at 250.")
    page.get_by_label("At risk").check()
    page.get_by_role("button", name="Add update").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Progress update added"
    )
    action.refresh_from_db()
    assert action.status == Action.Status.AT_RISK

    board = browser.new_context(
        viewport={"width": 1280, "height": 900}, base_url=page.url.split("/areas")[0]
    )
    board_page = board.new_page()
    sign_in(board_page, "kent-board")
    expect(board_page).to_have_url(re.compile(r"/areas/[^/]+/$"))
    summary = board_page.locator("section.app-actions-summary")
    expect(summary.locator('td[data-status="at_risk"]')).to_have_text("1")
    expect(summary.locator('td[data-status="on_track"]')).to_have_text("0")
    board.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_pages_pass_axe_and_are_photographed(page, kent):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    area, plan = kent["area"], kent["plan"]
    pages = {
        "plans": f"/areas/{area.slug}/plans/",
        "plan": plan.get_absolute_url(),
        "action": kent["action"].get_absolute_url(),
        "inspection": kent["inspection"].get_absolute_url(),
        "plan-new": f"/areas/{area.slug}/plans/new/",
        "workstream-new": f"/areas/{area.slug}/plans/{plan.pk}/workstreams/new/",
        "action-new": f"/areas/{area.slug}/plans/{plan.pk}/actions/new/",
        "inspection-new": f"/areas/{area.slug}/inspections/new/",
        "finding-new": f"/areas/{area.slug}/inspections/{kent['inspection'].pk}/findings/new/",
    }
    sign_in(page, "kent-officer")
    failures = {}
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, name
        failures[name] = blocking_violations(page)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    # A form in error: the summary appears and its date link moves focus to the day box.
    page.goto(pages["action-new"])
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    failures["action-new with errors"] = blocking_violations(page)
    summary.get_by_role("link", name="Enter the due date").click()
    assert page.evaluate("document.activeElement.id") == "id_due_on_0"
    page.screenshot(path=SCREENSHOTS / "action-new-errors.png", full_page=True)

    failures = {name: found for name, found in failures.items() if found}
    assert not failures, failures
