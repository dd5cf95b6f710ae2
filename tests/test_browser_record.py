"""Browser tests for a record people can trust (issue 12): a refused save comes back
merged with each clash marked, and the pages that put mistakes right pass axe-core.
(Sending a form twice is proved at the HTTP level in test_once.py: Chromium does not send
a double-clicked form twice, so a browser test of it could not fail.)"""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from areas.ratings import services as rating_services

from .factories import ActionFactory, FindingFactory, InspectionFactory, ProgressUpdateFactory
from .helpers import month_url
from .test_browser import SCREENSHOTS, blocking_violations, form_index, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clash_is_marked_on_its_field_and_the_page_passes_axe(page, browser, world):
    sign_in(page, "sunderland-lead")
    page.goto(month_url(world.march))
    officer = browser.new_context(base_url=page.url.split("/areas")[0]).new_page()
    sign_in(officer, "sunderland-officer")
    officer.goto(month_url(world.march))
    a6 = f"#id_form-{form_index(world, 'A6')}-commentary"
    officer.fill(a6, "Officer: checked with health partners.")
    officer.get_by_role("button", name="Save draft").click()

    page.fill(a6, "Lead: my own reading.")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("someone else saved")
    expect(page.locator("#rating-A6")).to_contain_text("changed this while you were editing")
    expect(page.locator(a6)).to_have_value("Lead: my own reading.")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "month-clash.png", full_page=True)
    assert not blocking_violations(page)


def test_pages_that_put_mistakes_right_pass_axe(page, world):
    action = ActionFactory(workstream__plan__area=world.area)
    update = ProgressUpdateFactory(action=action, date=dt.date(2018, 3, 1))
    inspection = InspectionFactory(area=world.area)
    finding = FindingFactory(inspection=inspection)
    plan = action.workstream.plan
    started = rating_services.month_start(area=world.area, by=world.member("lead"))
    pages = {
        "progress-withdraw": reverse(
            "plans:progress_withdraw",
            args=[world.area.slug, plan.pk, action.pk, update.pk],
        ),
        "progress-correct": reverse(
            "plans:progress_edit", args=[world.area.slug, plan.pk, action.pk, update.pk]
        ),
        "finding-withdraw": reverse(
            "plans:finding_withdraw", args=[world.area.slug, inspection.pk, finding.pk]
        ),
        "month-delete": month_url(started, "delete/"),
    }
    sign_in(page, "sunderland-lead")
    failures = {}
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, name
        failures[name] = blocking_violations(page)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    page.goto(pages["progress-withdraw"])
    page.get_by_label("Why is this being withdrawn?").fill("Entered twice by mistake")
    page.get_by_role("button", name="Withdraw").click()
    page.locator("details summary").first.click()
    failures["action with a withdrawn update"] = blocking_violations(page)
    page.screenshot(path=SCREENSHOTS / "action-withdrawn.png", full_page=True)

    assert not {name: found for name, found in failures.items() if found}
