"""Printing (issue 14): the dashboard, tracker, scrutiny review and plan pages each print
as an A4 paper a clerk could table. Headless Chromium lays the page out with print media
emulated, at the width of the printed page's content area, and prints it to PDF.

The PDFs are saved beside the screenshots (artefacts/screenshots/print-*.pdf).
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from areas.models import Assessment

from .conftest import build_area
from .factories import (
    ActionFactory,
    PlanFactory,
    RecommendationFactory,
    RecommendationUpdateFactory,
    ResponseFactory,
    ReviewFactory,
    WorkstreamFactory,
)
from .test_browser import SCREENSHOTS, sign_in

MM = 96 / 25.4  # CSS pixels in a millimetre
# The width of the content area: A4 less the 12 mm side margins of the @page rule in
# static/css/app.css.
LANDSCAPE_WIDTH = int((297 - 2 * 12) * MM)
PORTRAIT_WIDTH = int((210 - 2 * 12) * MM)
A4_LANDSCAPE = (842, 595)  # points
A4_PORTRAIT = (595, 842)

# What a paper cannot use: controls, navigation, and links that change or leave the page.
CONTROLS = "a.govuk-button, button, form, input, select, nav, .govuk-skip-link"
EDITING_LINK = re.compile(r"^(Add|Edit|Correct|Withdraw|Record|Start|Switch|Import|History)\b")
PRINTED = re.compile(r"^Printed \d{1,2} [A-Z][a-z]+ \d{4}$")

# A Kirklees-length recommendation and response (their report's are this long).
RECOMMENDATION = (
    "Ensure that a Person Centred Approach is adopted and embedded by all professionals "
    "working with children with SEND and their families, so that their views are "
    "incorporated into the EHCP process, and an explanation is given where parental "
    "requests are not implemented."
)
RESPONSE = (
    "Co-production and listening to parent views are at the core of the Children and "
    "Families Act principles. There can be differing views about the type of provision "
    "needed and any decision is made on the basis of assessments and evidence alongside "
    "parental preference. The SEND Panel that makes these decisions has undergone a review "
    "and there are now rigorous standards in place along with detailed notes that record "
    "decisions and reasons for these. We will explore if there is a way of recording "
    "differing views within a plan."
)


# --- helpers ------------------------------------------------------------------


def print_view(page: Page, url: str, width: int) -> None:
    """Open url laid out as it prints: print media, at the printed content width."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.emulate_media(media="print")
    page.wait_for_timeout(200)  # the dashboard's charts redraw at print size


def print_pdf(page: Page, name: str) -> bytes:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return page.pdf(
        path=SCREENSHOTS / f"print-{name}.pdf", prefer_css_page_size=True, print_background=True
    )


def page_sizes(pdf: bytes) -> set[tuple[int, int]]:
    """The (width, height) in points of each page of a PDF, from its /MediaBox entries."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    return {
        (round(float(x1) - float(x0)), round(float(y1) - float(y0))) for x0, y0, x1, y1 in boxes
    }


def shown_in_print(page: Page) -> dict[str, list[str]]:
    """What the paper would show that it should not: controls, editing links, and links
    that still look like links."""
    found = page.evaluate(
        """(controls) => {
        const name = (el) => el.tagName.toLowerCase() + ': ' + el.innerText.trim().slice(0, 40);
        const links = [...document.querySelectorAll('main a')].filter((a) => a.checkVisibility());
        return {
          controls: [...document.querySelectorAll(controls)]
            .filter((el) => el.checkVisibility()).map(name),
          links: links.map((a) => a.innerText.trim()),
          styled: links.filter((a) => getComputedStyle(a).textDecorationLine !== 'none'
            || getComputedStyle(a).color !== 'rgb(11, 12, 12)').map(name),
        };
      }""",
        CONTROLS,
    )
    return {
        "controls": found["controls"],
        "editing links": [text for text in found["links"] if EDITING_LINK.match(text)],
        "links styled as links": found["styled"],
    }


def nothing_shown(found: dict[str, list[str]]) -> bool:
    return not any(found.values())


# --- data -----------------------------------------------------------------------


@pytest.fixture
def twelve_months(framework, levels):
    """Kirklees with the twelve months of 2025 rated, the last a draft."""
    months = [dt.date(2025, month, 1) for month in range(1, 13)]
    area, _, assessments, _ = build_area(framework, levels, slug="kirklees", months=months)
    Assessment.objects.filter(pk__in=[a.pk for a in assessments[:-1]]).update(status="agreed")
    return area


@pytest.fixture
def long_review(world):
    """A Kirklees-like review: 14 recommendations in four themes, long responses, and a
    progress update (so the timeline has its Correct and Withdraw links)."""
    review = ReviewFactory(area=world.area, title="SEND – The Parent's Perspective")
    for number in range(1, 15):
        rec = RecommendationFactory(
            review=review,
            number=number,
            theme=["Service standards", "Participation", "Courses", "Timescales"][
                (number - 1) // 4
            ],
            text=RECOMMENDATION,
        )
        ResponseFactory(
            recommendation=rec,
            text=RESPONSE,
            implementation="Through the SENDACT action plan and the CPD programme",
            responsible="Head of SENDACT",
            timescale="Within a year, with a half-termly review",
            target_date=dt.date.today() + dt.timedelta(days=90),
        )
    RecommendationUpdateFactory(
        recommendation=rec, recorded_by=world.member("scrutiny"), assessment="behind"
    )
    return review


@pytest.fixture
def plan(world):
    plan = PlanFactory(area=world.area, title="Written Statement of Action 2019")
    stream = WorkstreamFactory(plan=plan, code="C", title="Quality of EHC plans")
    for number in range(3):
        ActionFactory(workstream=stream, description=f"Clear the backlog of assessments {number}")
    return plan


# --- tests ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_tracker_prints_twelve_months_across_a4_landscape(page, twelve_months):
    sign_in(page, "kirklees-officer")
    url = f"/areas/{twelve_months.slug}/tracker/"

    print_view(page, url, LANDSCAPE_WIDTH)
    fit = page.evaluate(
        """() => {
        const table = document.querySelector('table.app-tracker');
        const main = document.querySelector('main').getBoundingClientRect();
        const last = [...table.querySelectorAll('thead th')].pop();
        return {overflow: table.scrollWidth - table.parentElement.clientWidth,
                tableRight: table.getBoundingClientRect().right - main.right,
                lastMonthRight: last.getBoundingClientRect().right - main.right,
                lastMonth: last.innerText};
      }"""
    )
    tag = page.locator("table.app-tracker .govuk-tag").first
    tag_print = tag.evaluate("el => getComputedStyle(el).printColorAdjust")
    tag_border = tag.evaluate("el => getComputedStyle(el).borderTopStyle")
    found = shown_in_print(page)
    pdf = print_pdf(page, "tracker")

    assert "Dec 25" in fit["lastMonth"]
    assert fit["overflow"] <= 0, fit
    assert fit["tableRight"] <= 0.5 and fit["lastMonthRight"] <= 0.5, fit
    assert tag_print == "exact" and tag_border == "solid"  # still told apart in greyscale
    assert nothing_shown(found), found
    assert page_sizes(pdf) == {A4_LANDSCAPE}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_tracker_print_names_the_area_and_date_not_the_reader_role(page, twelve_months):
    sign_in(page, "kirklees-officer")
    url = f"/areas/{twelve_months.slug}/tracker/"
    page.goto(url)
    expect(page.locator("main .govuk-caption-l")).to_have_text("Kirklees · SEND officer")

    print_view(page, url, LANDSCAPE_WIDTH)
    caption = page.locator("main .govuk-caption-l").inner_text()
    printed = page.locator("main .app-print-only").filter(has_text="Printed")
    running_head = page.locator("html").get_attribute("data-running-head")

    assert caption == "Kirklees"
    expect(printed).to_be_visible()
    assert PRINTED.match(printed.inner_text()), printed.inner_text()
    assert running_head.startswith(
        "Kirklees · RAG tracker, January 2025 to December 2025 · printed "
    ), running_head


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_scrutiny_review_prints_landscape_with_a_wide_response_column(page, world, long_review):
    sign_in(page, world.member("scrutiny").username)
    page.goto(long_review.get_absolute_url())
    expect(page.get_by_role("link", name="Edit the review")).to_be_visible()  # on screen

    print_view(page, long_review.get_absolute_url(), LANDSCAPE_WIDTH)
    share = page.evaluate(
        """() => {
        const table = document.querySelector('table.app-review');
        const response = table.querySelector('th.app-review__response');
        return response.getBoundingClientRect().width / table.getBoundingClientRect().width;
      }"""
    )
    caption = page.locator("main .govuk-caption-l").inner_text()
    found = shown_in_print(page)
    pdf = print_pdf(page, "review")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))

    assert share >= 0.25, f"the response column is {share:.0%} of the table"
    assert caption == f"{world.area.name} · {long_review.panel}"
    assert nothing_shown(found), found
    assert page_sizes(pdf) == {A4_LANDSCAPE}
    assert pages <= 8, f"{pages} pages for 14 recommendations"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_dashboard_prints_portrait_naming_the_area_not_the_reader_role(page, world):
    Assessment.objects.filter(area=world.area).update(status="agreed")
    sign_in(page, world.member("board").username)
    url = f"/areas/{world.area.slug}/"
    expect(page.locator("main .govuk-caption-l")).to_have_text("Sunderland · Board member")

    print_view(page, url, PORTRAIT_WIDTH)
    caption = page.locator("main .govuk-caption-l").inner_text()
    printed = page.locator("main .app-print-only").filter(has_text="Printed")
    running_head = page.locator("html").get_attribute("data-running-head")
    found = shown_in_print(page)
    pdf = print_pdf(page, "dashboard")

    assert caption == "Sunderland"
    expect(printed).to_be_visible()
    assert PRINTED.match(printed.inner_text()), printed.inner_text()
    assert running_head.startswith("Sunderland · Readiness dashboard, March 2018 · printed ")
    assert nothing_shown(found), found
    assert page_sizes(pdf) == {A4_PORTRAIT}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_plan_prints_portrait_without_buttons_filters_or_edit_links(page, world, plan):
    sign_in(page, world.member("officer").username)
    page.goto(plan.get_absolute_url())
    expect(page.get_by_role("link", name="Add an action")).to_be_visible()  # on screen
    expect(page.get_by_role("button", name="Filter")).to_be_visible()

    print_view(page, plan.get_absolute_url(), PORTRAIT_WIDTH)
    printed = page.locator("main .app-print-only").filter(has_text="Printed")
    found = shown_in_print(page)
    actions = page.locator("table.app-actions-table")
    overflow = actions.evaluate("t => t.scrollWidth - t.parentElement.clientWidth")
    pdf = print_pdf(page, "plan")

    expect(printed).to_be_visible()
    assert nothing_shown(found), found
    assert overflow <= 0
    assert page_sizes(pdf) == {A4_PORTRAIT}
