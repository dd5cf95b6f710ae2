"""Browser tests: headless Chromium (Debian's) driven by Playwright's sync API.

They run against pytest-django's live server, so every test needs a
transactional database; the `world` fixture (tests/conftest.py) builds
Sunderland with February and March 2018 rated Amber throughout, both draft.
"""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from playwright.sync_api import Page, expect

from areas.models import Assessment, Membership, Rating

from .conftest import PASSWORD, VIEWPORT

SCREENSHOTS = Path(django_settings.BASE_DIR) / "artefacts" / "screenshots"
BLOCKING_IMPACTS = {"serious", "critical"}


# --- helpers ------------------------------------------------------------------


def sign_in(page: Page, username: str) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main button").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in/"))


def form_index(world, code: str) -> int:
    """The month page's formset index of a criterion (forms follow framework order)."""
    return [criterion.code for criterion in world.criteria].index(code)


def set_level(assessment: Assessment, code: str, level) -> None:
    Rating.objects.filter(assessment=assessment, criterion__code=code).update(level=level)


def rating(assessment: Assessment, code: str) -> Rating:
    return Rating.objects.select_related("level").get(assessment=assessment, criterion__code=code)


def month_url(world, assessment: Assessment) -> str:
    return f"/areas/{world.area.slug}/months/{assessment.month:%Y-%m}/"


def save_draft(page: Page) -> None:
    """Submit the month form. Callers then wait (with expect) for what the reply page shows."""
    page.get_by_role("button", name="Save draft").click()


def active_element_id(page: Page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def tracker_cell(page: Page, code: str, month_heading: str):
    """The tracker cell for one criterion (row) and month column (e.g. 'Mar 18')."""
    headings = [
        text.strip() for text in page.locator("table.app-tracker thead th a").all_inner_texts()
    ]
    column = headings.index(month_heading)
    row = page.locator("table.app-tracker tbody tr").filter(
        has=page.locator(f'th a[href$="/criteria/{code}/"]')
    )
    expect(row).to_have_count(1)
    return row.locator("td").nth(column)


def blocking_violations(page: Page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} node(s), "
        f"e.g. {v['nodes'][0]['target'] if v['nodes'] else '?'}"
        for v in violations
        if v.get("impact") in BLOCKING_IMPACTS
    ]


def officer_pages(world) -> list[tuple[str, str]]:
    """(name, path) of each page an officer sees, signed in."""
    return [
        ("dashboard", f"/areas/{world.area.slug}/"),
        ("tracker", f"/areas/{world.area.slug}/tracker/"),
        ("month", month_url(world, world.march)),
        ("history", f"/areas/{world.area.slug}/criteria/A9/"),
    ]


def expect_page_loaded(page: Page, name: str) -> None:
    """Each page's own heading, so a 403/404/500 page is not checked or photographed by mistake."""
    headings = {
        "sign-in": "Sign in to SEND Ready",
        "overview": "Your local areas",
        "dashboard": "Readiness dashboard",
        "tracker": "RAG tracker",
        "month": "March 2018 ratings",
        "history": "A9: history",
    }
    expect(page.get_by_role("heading", level=1)).to_have_text(headings[name])


# --- tests --------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_journey_changes_a9_to_amber_with_commentary(page, world, levels):
    set_level(world.february, "A9", levels["red"])
    set_level(world.march, "A9", levels["red"])
    index = form_index(world, "A9")
    version_before = world.march.version

    sign_in(page, "sunderland-officer")
    page.goto(month_url(world, world.march))
    expect(page.locator(f"#id_form-{index}-level_1")).to_be_checked()  # Red, as set up

    page.locator(f"#id_form-{index}-level_2").check()  # Amber
    page.locator(f"#id_form-{index}-commentary").fill("Baseline agreed with health partners.")
    save_draft(page)

    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("March 2018 saved: 1 rating changed.")
    expect(page.locator(".govuk-error-summary")).to_have_count(0)

    page.get_by_role("link", name="Tracker", exact=True).click()
    expect(page.get_by_role("heading", name="RAG tracker")).to_be_visible()
    expect(tracker_cell(page, "A9", "Feb 18")).to_have_text("Red")
    expect(tracker_cell(page, "A9", "Mar 18")).to_have_text("Amber")

    saved = rating(world.march, "A9")
    assert saved.level == levels["amber"]
    assert saved.commentary == "Baseline agreed with health partners."
    assert saved.updated_by == world.member("officer")
    assert rating(world.february, "A9").level == levels["red"]
    world.march.refresh_from_db()
    assert world.march.version == version_before + 1


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_error_summary_commentary_link_focuses_textarea_when_level_changes_without_comment(
    page, world, levels
):
    index = form_index(world, "A9")
    sign_in(page, "sunderland-officer")
    page.goto(month_url(world, world.march))

    page.locator(f"#id_form-{index}-level_3").check()  # Green; February was Amber
    save_draft(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript moves focus to it on load
    expect(page).to_have_title(re.compile(r"^Error: "))
    link = summary.get_by_role("link", name="A9: say why the level has changed from Amber to Green")
    expect(link).to_have_attribute("href", f"#id_form-{index}-commentary")
    link.click()
    assert active_element_id(page) == f"id_form-{index}-commentary"
    # What the user chose survives the failed save.
    expect(page.locator(f"#id_form-{index}-level_3")).to_be_checked()

    assert rating(world.march, "A9").level == levels["amber"]
    assert Assessment.objects.get(pk=world.march.pk).version == world.march.version


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_error_summary_level_link_focuses_first_radio_when_rated_criterion_is_cleared(
    page, world, levels
):
    index = form_index(world, "A4")
    sign_in(page, "sunderland-officer")
    page.goto(month_url(world, world.march))

    page.evaluate(
        "name => document.querySelectorAll(`input[name='${name}']`)"
        ".forEach(el => { el.checked = false; })",
        f"form-{index}-level",
    )
    expect(page.locator(f"input[name='form-{index}-level']:checked")).to_have_count(0)
    save_draft(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend's JavaScript moves focus to it on load
    link = summary.get_by_role("link", name="A4: choose a level")
    expect(link).to_have_attribute("href", f"#id_form-{index}-level_1")
    link.click()
    assert active_element_id(page) == f"id_form-{index}-level_1"

    assert rating(world.march, "A4").level == levels["amber"]
    assert Rating.objects.filter(assessment=world.march).count() == len(world.criteria)
    assert Assessment.objects.get(pk=world.march.pk).version == world.march.version


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_serious_violations_on_main_pages(page, world):
    failures = {}
    page.goto("/sign-in/")
    expect_page_loaded(page, "sign-in")
    failures["sign-in"] = blocking_violations(page)

    sign_in(page, "sunderland-officer")
    for name, path in officer_pages(world):
        page.goto(path)
        expect_page_loaded(page, name)
        if name == "month":
            expect(page.get_by_role("button", name="Save draft")).to_be_visible()  # editable form
        failures[name] = blocking_violations(page)

    failures = {name: found for name, found in failures.items() if found}
    assert not failures, "axe found serious/critical violations:\n" + "\n".join(
        f"{name}: {line}" for name, found in failures.items() for line in found
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_screenshots_pages_use_gds_transport_without_horizontal_overflow(page, world):
    """Saves artefacts/screenshots/<page>.png (1280px wide, full height) for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []

    def photograph(name: str) -> None:
        expect_page_loaded(page, name)
        loaded_gds_faces = page.evaluate(
            """async () => {
                await document.fonts.ready;
                return [...document.fonts].filter(
                    f => f.family.replace(/["']/g, '') === 'GDS Transport' && f.status === 'loaded'
                ).length;
            }"""
        )
        # GOV.UK Frontend sets the font per component (not on <body>): check the page heading.
        heading_font = page.evaluate(
            "getComputedStyle(document.querySelector('main h1')).fontFamily"
        )
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if not loaded_gds_faces:
            problems.append(f"{name}: no GDS Transport font face loaded")
        if not heading_font.replace('"', "").startswith("GDS Transport"):
            problems.append(f"{name}: heading font is {heading_font}")
        if overflow > 0:
            problems.append(f"{name}: page scrolls sideways by {overflow}px at 1280px")
        # A viewport as tall as the page, so the month page's sticky "Save draft" bar is drawn
        # where it ends up (after the last criterion), not over the first screenful.
        height = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)
        page.set_viewport_size(VIEWPORT)

    page.goto("/sign-in/")
    photograph("sign-in")
    sign_in(page, "sunderland-officer")
    for name, path in officer_pages(world):
        page.goto(path)
        photograph(name)

    assert not problems, "\n".join(problems)
    for name in ["sign-in", "dashboard", "tracker", "month", "history"]:
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 0


# --- the board dashboard ---------------------------------------------------------


@pytest.fixture
def board_world(world, other_world, levels):
    """Sunderland with February and March agreed, as the seed paper has them for A9 and A4."""
    for code, february, march in [("A9", "red", "red"), ("A4", "red", "amber")]:
        set_level(world.february, code, levels[february])
        set_level(world.march, code, levels[march])
    Rating.objects.filter(assessment=world.march, criterion__code="A4").update(
        commentary="Every child now has a child in need assessment."
    )
    Assessment.objects.filter(area__in=[world.area, other_world.area]).update(status="agreed")
    return world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_board_member_lands_on_dashboard_and_sees_movement(page, board_world):
    sign_in(page, "sunderland-board")

    expect(page).to_have_url(re.compile(r"/areas/sunderland/$"))
    expect_page_loaded(page, "dashboard")
    still_red = page.locator("section[aria-labelledby=moves-still-red]")
    improved = page.locator("section[aria-labelledby=moves-improved]")
    expect(still_red.get_by_role("link", name="A9", exact=True)).to_be_visible()
    expect(improved.get_by_role("link", name="A4", exact=True)).to_be_visible()
    expect(improved).to_contain_text("Every child now has a child in need assessment.")
    expect(improved.locator(".govuk-tag")).to_have_text(["Red", "Amber"])
    expect(page.locator("figure.app-chart canvas")).to_have_count(4)  # latest + one per question


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_and_overview_pass_axe_and_print_as_a4(page, board_world, other_world):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    Membership.objects.create(user=board_world.member("board"), area=other_world.area, role="board")
    sign_in(page, "sunderland-board")
    failures = {}

    page.goto("/")
    expect_page_loaded(page, "overview")
    failures["overview"] = blocking_violations(page)
    page.screenshot(path=SCREENSHOTS / "overview.png", full_page=True)

    page.goto(f"/areas/{board_world.area.slug}/")
    expect_page_loaded(page, "dashboard")
    failures["dashboard"] = blocking_violations(page)
    page.screenshot(path=SCREENSHOTS / "dashboard.png", full_page=True)

    page.emulate_media(media="print")
    page.wait_for_timeout(200)  # the charts redraw at print size
    hidden = page.evaluate(
        "getComputedStyle(document.querySelector('.govuk-service-navigation')).display"
    )
    pdf = page.pdf(path=SCREENSHOTS / "dashboard.pdf", format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))

    assert not any(failures.values()), failures
    assert hidden == "none"
    assert pages >= 4, f"{pages} A4 pages: expected breaks between judgement areas"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_leaving_the_month_page_with_unsaved_edits_asks_first(page, world):
    sign_in(page, world.member("officer").username)
    page.goto(month_url(world, world.march))
    page.locator(f"#id_form-{form_index(world, 'A9')}-commentary").fill("Typed, not saved")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))

    page.close(run_before_unload=True)
    page.wait_for_timeout(500)

    assert dialogs == ["beforeunload"]
