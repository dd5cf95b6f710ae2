"""Browser test for issue 14's papers, as a SEND lead meets them: import the council's own
RAG tracker from a spreadsheet (areas/ratings/import_views.py), write the readiness
report for a meeting as a Word file (sendready/documents/views.py) and freeze a meeting
pack (sendready/documents/pack_views.py). The Word files are read back with python-docx
and, where LibreOffice is installed, the report is converted to PDF to check it lays out
on A4. Every page on the way passes axe-core; screenshots go to artefacts/screenshots/.

`world` is Sunderland on 2016 with February and March 2018 rated amber throughout, both
draft: the import leaves them draft and starts April 2018 as a draft too."""

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from areas.models import Assessment, Rating

from .demo.test_documents import codes_under, headings
from .test_browser import SCREENSHOTS, blocking_violations, sign_in, tracker_cell
from .test_browser_print import A4_PORTRAIT, page_sizes
from .test_browser_switch import photograph

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What the council's spreadsheet says, where it differs from amber in every month.
MARCH_CHANGED = ("A9", "Red")  # an existing draft month changed: Amber → Red
APRIL_LEVELS = {"A9": "Green", "A4": "Red"}  # the new month: A9 improves, A4 declines

MEETING = "Children, Education and Skills Scrutiny Committee"
REPORT_TITLE = "SEND inspection readiness: April 2018"
PACK_MEETING = "SEND Partnership Board"


# --- the spreadsheet --------------------------------------------------------------


def council_tracker(world) -> bytes:
    """An .xlsx in the shape councils keep: a title row, a header row of months, a
    question heading above each judgement area's criteria (which the import passes
    over), and one row per criterion, the first with the start of its text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "RAG"
    sheet.append(["Sunderland SEND inspection readiness – RAG tracker"])
    sheet.append([])
    sheet.append(["Area", "Feb 18", "Mar 18", "Apr 18"])
    question = None
    for criterion in world.criteria:
        if criterion.judgement_area_id != question:
            question = criterion.judgement_area_id
            area = criterion.judgement_area
            sheet.append([f"{area.label} {area.title}"])
        name = criterion.code
        if criterion.code == "A1":
            name = "A1 When potential needs were raised…"
        march = MARCH_CHANGED[1] if criterion.code == MARCH_CHANGED[0] else "Amber"
        sheet.append([name, "Amber", march, APRIL_LEVELS.get(criterion.code, "Amber")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- helpers ----------------------------------------------------------------------


def expect_heading(page: Page, text: str) -> None:
    """The page's own heading, so an error page is not checked or photographed by mistake."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def preview_row(page: Page, month: str, code: str):
    """One criterion's row in one month's table of the import preview."""
    table = page.locator("table.govuk-table").filter(
        has=page.locator("caption", has_text=re.compile(f"^{month}"))
    )
    return table.locator("tbody tr").filter(
        has=page.locator(".app-code", has_text=re.compile(f"^{code}$"))
    )


def fill_front_sheet(page: Page, *, meeting: str, title: str) -> None:
    """The front sheet shared by the readiness report and the pack (the rest keeps the
    defaults the form offers: purpose, recommendation, background)."""
    page.get_by_label("Meeting", exact=True).fill(meeting)
    date = page.get_by_role("group", name="Meeting date")
    date.get_by_label("Day").fill("12")
    date.get_by_label("Month").fill("4")
    date.get_by_label("Year").fill("2018")
    page.get_by_label("Title", exact=True).fill(title)
    page.get_by_label("Author", exact=True).fill("Director of Education")
    page.get_by_label("Contact", exact=True).fill("send@example.org")


def download(page: Page, click, folder: Path) -> Path:
    """Save the file `click` makes the browser download, under its own name."""
    with page.expect_download() as info:
        click()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / info.value.suggested_filename
    info.value.save_as(path)
    return path


def paragraphs(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def to_pdf(docx: Path, folder: Path) -> bytes:
    """The Word file printed to PDF by LibreOffice, with a profile of its own so a
    LibreOffice already open on the machine does not swallow the conversion."""
    subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{folder / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(docx),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / docx.with_suffix(".pdf").name).read_bytes()


# --- the journey, step by step ----------------------------------------------------


def import_the_council_tracker(page: Page, world, tmp_path: Path, failures: dict) -> None:
    page.goto(f"/areas/{world.area.slug}/tracker/")
    page.get_by_role("link", name="Import a spreadsheet").click()
    expect_heading(page, "Import a spreadsheet")
    failures["import upload"] = blocking_violations(page)

    upload = tmp_path / "sunderland-rag-tracker.xlsx"
    upload.write_bytes(council_tracker(world))
    page.get_by_label("Excel or CSV file").set_input_files(upload)
    page.get_by_role("button", name="Check the file").click()

    # The preview: April is a month to start, March has one change, February none.
    count = len(world.criteria)
    expect(page.get_by_role("heading", name="Check before importing")).to_be_visible()
    expect(page.locator("#problems")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(
        f"3 months in the file: 1 to start, 1 to change, 1 already as the file says. "
        f"{count} ratings to add and 1 to change. Nothing has been saved yet."
    )
    expect(page.locator("caption", has_text="April 2018")).to_have_text(
        f"April 2018, a month to start: {count} ratings to add"
    )
    new_a9 = preview_row(page, "April 2018", "A9")
    expect(new_a9.locator("td").first).to_have_text("Not rated")
    expect(new_a9.locator(".govuk-tag")).to_have_text("Green")
    code, level = MARCH_CHANGED
    expect(preview_row(page, "March 2018", code).locator(".govuk-tag")).to_have_text(
        ["Amber", level]
    )
    expect(page.locator("main")).to_contain_text("Already as the file says: February 2018.")
    assert not Assessment.objects.filter(area=world.area, month="2018-04-01").exists()
    failures["import preview"] = blocking_violations(page)
    photograph(page, "papers-import-preview")

    page.get_by_role("button", name=f"Import {count + 1} ratings").click()
    expect_heading(page, "RAG tracker")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Import complete: {count + 1} ratings added or changed."
    )
    expect(tracker_cell(page, "A9", "Apr 18")).to_have_text("Green")
    expect(tracker_cell(page, "A9", "Mar 18")).to_have_text("Red")
    expect(tracker_cell(page, "A4", "Apr 18")).to_have_text("Red")

    # The import rates months; it never agrees them.
    months = Assessment.objects.filter(area=world.area).order_by("month")
    assert [(f"{m.month:%b}", m.status) for m in months] == [
        ("Feb", "draft"),
        ("Mar", "draft"),
        ("Apr", "draft"),
    ]
    assert Rating.objects.filter(assessment=months.last()).count() == count


def write_the_readiness_report(page: Page, world, tmp_path: Path, failures: dict) -> Path:
    page.goto(f"/areas/{world.area.slug}/")
    page.get_by_role("link", name="Write the readiness report for a meeting (Word)").click()
    expect_heading(page, "Readiness report for a meeting")
    # No month is agreed, so the form starts from the latest: the imported April.
    expect(page.get_by_label("Month reported on").locator("option:checked")).to_have_text(
        "April 2018 (draft)"
    )
    failures["readiness form"] = blocking_violations(page)
    fill_front_sheet(page, meeting=MEETING, title=REPORT_TITLE)
    photograph(page, "papers-readiness-form")

    report = download(
        page,
        page.get_by_role("button", name="Download the report (Word)").click,
        tmp_path / "report",
    )

    assert report.name == "sunderland-readiness-2018-04.docx"
    text = paragraphs(report)
    assert text[0] == MEETING
    assert REPORT_TITLE in text and "12 April 2018" in "\n".join(text[:12])
    document = Document(str(report))
    groups = [heading.split(" (")[0] for heading in headings(document, 2)]
    assert {"Still red", "Improved", "Declined", "Newly green"} <= set(groups), groups
    assert "A9" in codes_under(document, "Improved")  # Red in March, Green in April
    assert "A4" in codes_under(document, "Declined")  # Amber in March, Red in April
    return report


def freeze_a_pack(page: Page, world, tmp_path: Path, failures: dict) -> None:
    page.goto(f"/areas/{world.area.slug}/")
    page.get_by_role("link", name="Meeting packs").click()
    expect_heading(page, "Meeting packs")
    expect(page.locator("main")).to_contain_text("No pack has been frozen yet.")
    failures["packs"] = blocking_violations(page)

    page.get_by_role("link", name="Freeze a pack for a meeting").click()
    expect_heading(page, "Freeze a pack for a meeting")
    failures["pack form"] = blocking_violations(page)
    page.get_by_role("group", name="Kind of meeting").get_by_label("Board").check()
    page.get_by_label("Month reported on").select_option(label="April 2018 (draft)")
    fill_front_sheet(page, meeting=PACK_MEETING, title=REPORT_TITLE)
    page.get_by_role("button", name="Freeze the pack").click()

    expect_heading(page, f"{PACK_MEETING}, 12 April 2018")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "frozen: its papers will not change."
    )
    expect(page.locator("main")).to_contain_text("This is the area's first pack")
    failures["pack"] = blocking_violations(page)
    photograph(page, "papers-pack")

    paper = download(
        page,
        page.get_by_role("link", name=re.compile(r"^Readiness report")).click,
        tmp_path / "pack",
    )
    text = paragraphs(paper)
    assert paper.suffix == ".docx"
    assert text[0] == PACK_MEETING and REPORT_TITLE in text

    page.get_by_role("link", name="All meeting packs").click()
    expect(page.get_by_role("link", name=PACK_MEETING)).to_be_visible()


def check_the_report_prints_on_a4(report: Path, tmp_path: Path) -> None:
    pdf = to_pdf(report, tmp_path / "pdf")
    (SCREENSHOTS / "papers-report.pdf").write_bytes(pdf)  # beside the screenshots, to look at
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 2, f"the report is {pages} page(s)"
    assert page_sizes(pdf) == {A4_PORTRAIT}


# --- the test ---------------------------------------------------------------------


def test_lead_imports_the_council_tracker_writes_the_report_and_freezes_a_pack(
    page, world, tmp_path
):
    failures = {}
    sign_in(page, "sunderland-lead")

    import_the_council_tracker(page, world, tmp_path, failures)
    report = write_the_readiness_report(page, world, tmp_path, failures)
    freeze_a_pack(page, world, tmp_path, failures)
    # CI may have no LibreOffice: the PDF check is for machines that have it.
    if shutil.which("libreoffice"):
        check_the_report_prints_on_a4(report, tmp_path)

    failures = {name: found for name, found in failures.items() if found}
    assert not failures, "axe found serious/critical violations:\n" + "\n".join(
        f"{name}: {line}" for name, found in failures.items() for line in found
    )
