"""Browser tests for the self-evaluation and KPI pages (headless Debian Chromium)."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from areas.models import KpiValue, SelfEvaluationPoint
from areas.self_evaluation import services as se_services

from .conftest import VIEWPORT
from .test_browser import SCREENSHOTS, blocking_violations, sign_in


@pytest.fixture
def kirklees(world):
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    call_command("load_official_data", stdout=StringIO())
    area = world.area
    area.ons_code, area.la_number, area.region = "E08000034", "382", "Yorkshire and The Humber"
    area.save()
    for role, user in world.users.items():
        user.username = f"kirklees-{role}"
        user.save()
    draft = se_services.draft_start(area=area, by=world.member("officer"))
    se_services.point_save(
        version=draft,
        judgement_area=area.framework.judgement_areas.get(code="A"),
        kind="strength",
        label="Co-production",
        explanation="Parents shaped the new local offer.",
        by=world.member("officer"),
    )
    se_services.version_publish(version=draft, by=world.member("lead"))
    return area


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_adds_point_and_figure_and_board_sees_the_kpi(page, browser, live_server, kirklees):
    sign_in(page, "kirklees-officer")
    page.goto(f"/areas/{kirklees.slug}/self-evaluation/")
    page.get_by_role("button", name="Start a new draft").click()
    page.get_by_role("link", name="Add a point to “We can get better by” for Q2").click()
    page.get_by_label("Label").fill("Timeliness")
    page.get_by_label("Explanation").fill("Too few new EHC plans are issued within 20 weeks.")
    page.get_by_label("A6 performance towards meeting expected timescales").check()
    page.get_by_label("New EHC plans issued within 20 weeks", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    point = SelfEvaluationPoint.objects.get(label="Timeliness")
    assert point.kind == "develop" and [c.code for c in point.criteria.all()] == ["A6"]

    page.goto(f"/areas/{kirklees.slug}/kpis/figures/new/")
    page.get_by_label("Indicator").select_option(
        label="Educational psychology assessment waiting list"
    )
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Figure").fill("64")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert KpiValue.objects.get(area=kirklees).value == 64

    board = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    board_page = board.new_page()
    sign_in(board_page, "kirklees-board")
    board_page.goto(f"/areas/{kirklees.slug}/kpis/")
    section = board_page.locator("#ep-waiting-list")
    expect(section.locator("table")).to_contain_text("Oct 2026")
    expect(section.locator("table")).to_contain_text("64")
    expect(board_page.locator("#ehcp-within-20-weeks figure.app-chart canvas")).to_have_count(1)
    expect(board_page.locator("#ehcp-within-20-weeks table")).to_contain_text("14.4")
    board.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_self_evaluation_and_kpi_pages_pass_axe(page, kirklees):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = f"/areas/{kirklees.slug}"
    sign_in(page, "kirklees-lead")
    page.goto(f"{base}/self-evaluation/")
    page.get_by_role("button", name="Start a new draft").click()
    pages = {
        "self-evaluation": f"{base}/self-evaluation/",
        "self-evaluation-compare": f"{base}/self-evaluation/versions/2/compare/",
        "point-new": f"{base}/self-evaluation/points/new/",
        "kpis": f"{base}/kpis/",
        "kpi-figure-new": f"{base}/kpis/figures/new/",
        "kpi-target-new": f"{base}/kpis/targets/new/",
        "kpi-import": f"{base}/kpis/import/",
    }
    failures = {}
    for name, path in pages.items():
        assert page.goto(path).status == 200, name
        failures[name] = blocking_violations(page)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
    page.goto(pages["kpi-figure-new"])
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    failures["kpi-figure-new with errors"] = blocking_violations(page)

    failures = {name: found for name, found in failures.items() if found}
    assert not failures, failures
