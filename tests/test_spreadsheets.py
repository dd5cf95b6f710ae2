"""Excel and CSV files (issue 14): the tracker workbook in the shape areas keep, and the
one rule that no cell an area typed can run as a formula (common/spreadsheets.py)."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.workbook import Workbook

from areas.models import Rating
from areas.ratings import services
from common.spreadsheets import FORMULA_STARTS, csv_cell, csv_response, put, sheet_name

from .factories import (
    ActionFactory,
    AssessmentFactory,
    MembershipFactory,
    PlanFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

PAYLOADS = [f'{start}HYPERLINK("http://evil.example","x")' for start in FORMULA_STARTS]


def download(client, world, role="board"):
    client.force_login(world.member(role))
    response = client.get(reverse("ratings:tracker_xlsx", args=[world.area.slug]))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def row_of(sheet, code: str) -> list:
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if row[0] == code:
            return list(row)
    raise AssertionError(f"{code} not in {sheet.title}")


# --- the one rule ---------------------------------------------------------------------------


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_csv_cell_that_looks_like_a_formula_is_text(payload):
    assert csv_cell(payload) == f"'{payload}"


def test_ordinary_csv_cells_are_as_typed():
    assert [csv_cell(v) for v in ("Amber", 3, None, "A1 - note")] == ["Amber", "3", "", "A1 - note"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_an_excel_cell_that_looks_like_a_formula_is_stored_as_text(payload):
    sheet = Workbook().active
    cell = put(sheet, 1, 1, payload)
    assert (cell.data_type, cell.value) == ("s", payload)


def test_control_characters_excel_cannot_hold_are_dropped():
    sheet = Workbook().active
    assert put(sheet, 1, 1, "A\x00B\x07C").value == "ABC"


def test_a_csv_download_neutralises_every_cell():
    content = csv_response([["=1+1", "ok"], ["@SUM(A1)", "-2+3"]], "x.csv").content.decode()
    assert content == "\ufeff'=1+1,ok\r\n'@SUM(A1),'-2+3\r\n"


# --- the tracker workbook -----------------------------------------------------------------------


def test_the_workbook_has_a_cover_a_sheet_per_judgement_area_and_commentary(client, world):
    Rating.objects.filter(assessment=world.march, criterion__code="A9").update(
        level=world.march.framework.levels.get(code="red"), commentary="Waiting lists grew"
    )

    workbook = download(client, world)

    assert workbook.sheetnames == ["Cover", "Q1", "Q2", "Q3", "Commentary"]
    q1 = workbook["Q1"]
    assert [c.value for c in q1[3]][:4] == ["Code", "Criterion", "Feb 2018", "Mar 2018"]
    assert row_of(q1, "A9")[2:4] == ["Amber", "Red"]
    assert q1.cell(row=4 + 8, column=4).fill.start_color.rgb.endswith("F4CDC6")  # A9, March
    first = next(workbook["Commentary"].iter_rows(min_row=2, values_only=True))
    assert (first[0], first[1], first[3], first[4]) == (
        "March 2018",
        "A9",
        "Red",
        "Waiting lists grew",
    )
    cover = [row for row in workbook["Cover"].iter_rows(values_only=True) if any(row)]
    assert ("Area", "Sunderland") in [tuple(r[:2]) for r in cover]
    assert any(r[0] == "Red" and r[1] for r in cover)  # the key, with each level's meaning


def test_typed_formulas_come_out_as_text(client, world):
    Rating.objects.filter(assessment=world.march, criterion__code="A1").update(
        commentary=PAYLOADS[0], next_steps=PAYLOADS[3]
    )

    notes = download(client, world)["Commentary"]

    row = next(r for r in notes.iter_rows(min_row=2) if r[1].value == "A1")
    assert (row[4].value, row[4].data_type) == (PAYLOADS[0], "s")
    assert (row[5].value, row[5].data_type) == (PAYLOADS[3], "s")


def test_typed_numbers_links_and_control_characters_stay_plain_text(client, world):
    Rating.objects.filter(assessment=world.march, criterion__code="A1").update(
        commentary="0044",
        next_steps="http://evil.example/\x07now",  # (PostgreSQL refuses NUL)
    )

    notes = download(client, world)["Commentary"]

    row = next(r for r in notes.iter_rows(min_row=2) if r[1].value == "A1")
    assert (row[4].value, row[4].data_type) == ("0044", "s")
    assert (row[5].value, row[5].hyperlink) == ("http://evil.example/now", None)


def test_a_commentary_longer_than_an_excel_cell_is_cut_to_fit(client, world):
    Rating.objects.filter(assessment=world.march, criterion__code="A1").update(
        commentary="x" * 100_000
    )

    notes = download(client, world)["Commentary"]  # (a 500 before would fail here)

    row = next(r for r in notes.iter_rows(min_row=2) if r[1].value == "A1")
    assert row[4].value == "x" * 32_767  # all an Excel cell holds
    assert notes.row_dimensions[row[0].row].height <= 409  # Excel's tallest row


def test_the_sheets_keep_their_headings_in_view_and_print_a_page_wide(client, world):
    workbook = download(client, world)

    q1, notes = workbook["Q1"], workbook["Commentary"]
    assert (q1.freeze_panes, notes.freeze_panes) == ("C4", "A2")
    widths = [int(q1.column_dimensions[column].width) for column in "ABC"]  # (Excel pads)
    assert widths == [8, 60, 11]
    for sheet in (q1, notes):
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize, int(setup.fitToHeight)) == ("landscape", 9, 0)
        assert setup.fitToWidth in (None, 1)  # one page wide (Excel's default when not said)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_a_row_of_long_commentary_is_tall_enough_to_read(client, world):
    Rating.objects.filter(assessment=world.march, criterion__code="A1").update(
        commentary="Waiting lists grew. " * 20, next_steps="Report.\nAudit.\nReport."
    )

    notes = download(client, world)["Commentary"]

    row = next(r[0].row for r in notes.iter_rows(min_row=2) if r[1].value == "A1")
    assert notes.row_dimensions[row].height == 15 * 8  # 400 characters, 50 to a line


def test_a_long_tracker_prints_with_its_codes_and_months_on_every_page(client, world):
    amber = world.march.ratings.first().level
    for month in range(1, 12):
        extra = AssessmentFactory(area=world.area, month=dt.date(2017, month, 1))
        Rating.objects.bulk_create(
            Rating(assessment=extra, criterion=c, level=amber) for c in world.criteria
        )

    q1 = download(client, world)["Q1"]  # 13 months: too small to read a page wide

    assert (q1.print_title_cols, q1.print_title_rows) == ("$A:$B", "$3:$3")
    assert not q1.sheet_properties.pageSetUpPr or not q1.sheet_properties.pageSetUpPr.fitToPage


@pytest.mark.parametrize(
    ("title", "taken", "name"),
    [
        ("Q1", set(), "Q1"),
        ("[Area]: 1/2*?\\", set(), "Area 12"),
        ("'Quoted'", set(), "Quoted"),
        ("x" * 40, set(), "x" * 31),
        ("Q1", {"q1"}, "Q1 (2)"),
        ("Q1", {"q1", "q1 (2)"}, "Q1 (3)"),
        ("y" * 40, {"y" * 31}, "y" * 27 + " (2)"),
        ("[]", set(), "Sheet"),
    ],
)
def test_a_sheet_is_named_as_excel_allows(title, taken, name):
    assert sheet_name(title, taken) == name


def test_a_switched_area_has_each_framework_on_its_own_sheets(client, world, area_send):
    services.month_agree(assessment=world.march, by=world.member("lead"))
    services.framework_switch(
        area=world.area,
        to_framework=area_send,
        from_month=dt.date(2018, 4, 1),
        by=world.member("lead"),
    )
    services.month_start(area=world.area, by=world.member("lead"))

    workbook = download(client, world)

    assert workbook.sheetnames == [
        "Cover",
        "2023 Evaluation area 1",
        "2023 Evaluation area 2",
        "2016 Q1",
        "2016 Q2",
        "2016 Q3",
        "Commentary",
    ]
    assert [c.value for c in workbook["2023 Evaluation area 1"][3]][2:] == ["Apr 2018"]
    assert [c.value for c in workbook["2016 Q1"][3]][2:] == ["Feb 2018", "Mar 2018"]


def test_the_workbook_queries_do_not_grow_with_months(client, world):
    client.force_login(world.member("board"))
    url = reverse("ratings:tracker_xlsx", args=[world.area.slug])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    amber = world.march.ratings.first().level
    for month in range(1, 13):
        extra = AssessmentFactory(area=world.area, month=dt.date(2017, month, 1))
        Rating.objects.bulk_create(
            Rating(assessment=extra, criterion=c, level=amber) for c in world.criteria
        )

    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many) == len(few)


def test_another_areas_user_cannot_download(client, world, other_world):
    client.force_login(other_world.member("lead"))

    response = client.get(reverse("ratings:tracker_xlsx", args=[world.area.slug]))

    assert response.status_code == 404


# --- CSV of the table pages ----------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_plan_actions_table_downloads_as_csv_in_words(client, world):
    plan = PlanFactory(area=world.area)
    ActionFactory(
        workstream__plan=plan,
        description="=cmd|' /C calc'!A0",
        status="at_risk",
        criteria=list(world.area.framework.criteria.filter(code__in=["A1", "B2"])),
    )
    client.force_login(world.member("board"))

    rows = csv_rows(client.get(plan.get_absolute_url(), {"_export": "csv"}))

    assert rows[0] == [
        "Workstream",
        "Action",
        "Owner",
        "Partner",
        "Due",
        "Status",
        "Overdue",
        "Criteria",
    ]
    row = rows[1]
    assert row[1] == "'=cmd|' /C calc'!A0"  # shown as text, never run
    assert (row[3], row[5], row[7]) == ("Council", "At risk", "A1, B2")
    assert "<" not in "".join(row)


def test_the_scrutiny_tracker_downloads_as_csv(client, world):
    recommendation = RecommendationFactory(review__area=world.area, text="@SUM(1+1)")
    client.force_login(world.member("scrutiny"))

    rows = csv_rows(
        client.get(reverse("scrutiny:tracker", args=[world.area.slug]), {"_export": "csv"})
    )

    assert rows[0][:4] == ["Review", "No.", "Theme", "Recommendation"]
    assert rows[1][1:4] == [str(recommendation.number), "Service standards", "'@SUM(1+1)"]
    assert "<" not in "".join(rows[1])


def test_the_overview_downloads_as_csv(client, world, other_world):
    board = world.member("board")
    MembershipFactory(user=board, area=other_world.area, role="board")
    client.force_login(board)

    rows = csv_rows(client.get(reverse("home"), {"_export": "csv"}))

    assert [row[0] for row in rows[1:]] == ["Kent", "Sunderland"]
    assert "<" not in "".join(cell for row in rows for cell in row)


def test_a_download_has_each_text_in_full(client, world):
    plan = PlanFactory(area=world.area)
    ActionFactory(workstream__plan=plan, description="Long " * 60)
    client.force_login(world.member("board"))

    rows = csv_rows(client.get(plan.get_absolute_url(), {"_export": "csv"}))

    assert rows[1][1] == "Long " * 60


# --- every workbook keeps typed formulas as text -------------------------------------------------


def test_the_plan_and_scrutiny_workbooks_keep_typed_formulas_as_text(client, world):
    plan = PlanFactory(area=world.area)
    ActionFactory(workstream__plan=plan, description=PAYLOADS[0], owner=PAYLOADS[3])
    RecommendationFactory(review__area=world.area, text=PAYLOADS[1], theme=PAYLOADS[2])
    client.force_login(world.member("board"))

    for url, cells in (
        (reverse("plans:plan_xlsx", args=[world.area.slug, plan.pk]), (1, 2)),
        (reverse("scrutiny:tracker_xlsx", args=[world.area.slug]), (2, 3)),
    ):
        sheet = load_workbook(io.BytesIO(client.get(url).content)).worksheets[0]
        row = list(sheet.iter_rows(min_row=4, max_row=4))[0]
        for index in cells:
            assert row[index].data_type == "s" and row[index].value in PAYLOADS, url
