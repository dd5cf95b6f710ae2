"""Importing an existing RAG tracker from a spreadsheet (issue 14): the shapes councils
keep (the 2018 scrutiny paper's table, seed 004), a preview month by month, problems with
sheet, row and column, all or nothing, a repeat that changes nothing, files refused by
their content, roles, history, and a confirmation that refuses a month saved since."""

import csv
import datetime as dt
import html
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from areas.models import Assessment, Rating
from areas.ratings import imports, services
from areas.ratings.services import RatingEntry
from areas.ratings.spreadsheets import tracker_workbook
from common.errors import Refused
from common.months import previous_month
from common.once import ALREADY_SENT

from .helpers import SentForm, snapshot

pytestmark = pytest.mark.django_db

FEB, MAR, APR = dt.date(2018, 2, 1), dt.date(2018, 3, 1), dt.date(2018, 4, 1)
TODAY = dt.date(2018, 4, 20)  # for checks of a plan; the pages use the real date
# The seed's three-level key and a few of its rows; every other criterion stays amber.
SEED_LEVELS = {"A9": ("R", "Red", "red"), "A4": ("Red", "amber", "A"), "C14": ("g", "GREEN", "G")}
KEY_ROWS = [
    ["Red", "Substantial work to be carried out across all service areas"],
    ["Amber", "Work started but not embedded"],
    ["Green", "Work started strengths identified in the area"],
]
QUESTIONS = {
    "A1": "Q1. How effectively does the local area identify children and young people who "
    "have special educational needs and or disabilities?",
    "A9": "Quality of identification - In order to assess the quality of identification and "
    "assessment information, inspectors should take into account evidence that the "
    "information has been used for:",
    "B1": "Q 2. How does the local area assess and meet the needs of children and young "
    "people who have special educational needs or disability?",
    "C1": "Q 3. How does the local area improves outcomes for children and young people who "
    "have special educational needs or disability?",
}


def seed_rows(world, months=("Feb 18", "Mar 18", "Apr 18")) -> list[list]:
    """The paper's table: title and key rows, question headings between the criteria,
    each criterion as printed ("C 14 short-break care", two "C11"s told apart by text)."""
    rows: list[list] = [["SCRUTINY COMMITTEE"], [], ["SEND UPDATE"], ["3. RAG rating"], []]
    rows += [*KEY_ROWS, []]
    for criterion in world.criteria:
        if criterion.code in QUESTIONS:
            rows += [[], [QUESTIONS[criterion.code]]]
        if criterion.code in ("A1", "C1"):  # the headings again above the third question
            rows.append(["Area", *months])
        levels = SEED_LEVELS.get(criterion.code, ("A", "Amber", "amber"))
        rows.append([f"{criterion.label} {criterion.text}", *levels[: len(months)]])
    return rows


def xlsx(rows: list[list], title: str = "Tracker", merge: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for number, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    if merge:
        sheet.merge_cells(merge)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], delimiter=",", encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


def import_url(world, name="tracker_import") -> str:
    return reverse(f"ratings:{name}", args=[world.area.slug])


def upload(client, world, name: str, data: bytes, role="officer"):
    client.force_login(world.member(role))
    return client.post(import_url(world), {"file": named(name, data)})


def named(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def confirm_form(preview) -> dict:
    return SentForm(preview.content.decode(), "confirm").as_dict()


def confirm(client, world, form: dict):
    return client.post(import_url(world, "tracker_import_confirm"), form)


def levels_of(world, month: dt.date) -> dict[str, str]:
    return dict(
        Rating.objects.filter(assessment__area=world.area, assessment__month=month).values_list(
            "criterion__code", "level__code"
        )
    )


def plan_of(world, rows, name="tracker.xlsx"):
    data = xlsx(rows) if name.endswith(".xlsx") else csv_bytes(rows)
    return imports.plan_sheets(world.area, imports.read_upload(name, data), today=TODAY)


def text_of(response) -> str:
    return html.unescape(response.content.decode())


# --- the seed's table, previewed then imported -----------------------------------------------


def assert_seed_imported(world) -> None:
    february, march, april = (levels_of(world, month) for month in (FEB, MAR, APR))
    assert (february["A9"], february["A4"], february["C14"], february["B1"]) == (
        "red",
        "red",
        "green",
        "amber",
    )
    assert (march["A9"], march["A4"], march["C14"]) == ("red", "amber", "green")
    assert len(april) == 44 and (april["C11a"], april["C11b"], april["C14"]) == (
        "amber",
        "amber",
        "green",
    )


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("tracker.xlsx", lambda rows: xlsx(rows, merge="A1:C1")),
        ("tracker.csv", csv_bytes),
        ("pasted.csv", lambda rows: csv_bytes(rows, delimiter="\t")),
        ("windows.csv", lambda rows: csv_bytes(rows, encoding="cp1252")),
    ],
    ids=["xlsx", "csv", "tab-separated", "cp1252"],
)
def test_seed_table_is_previewed_then_imported(client, world, name, make):
    data = make(seed_rows(world))
    before = snapshot(world.february)

    preview = upload(client, world, name, data)

    page = text_of(preview)
    assert preview.status_code == 200 and "Check before importing" in page
    assert "April 2018, a month to start: 44 ratings to add" in page
    assert "February 2018: 3 ratings to add or change" in page
    assert "March 2018: 2 ratings to add or change" in page
    assert snapshot(world.february) == before  # the preview writes nothing
    assert not Assessment.objects.filter(area=world.area, month=APR).exists()

    done = confirm(client, world, confirm_form(preview))

    assert done.status_code == 302 and done["Location"] == import_url(world, "tracker")
    assert_seed_imported(world)


def test_preview_shows_old_and_new_level_in_words(client, world):
    preview = upload(client, world, "tracker.xlsx", xlsx(seed_rows(world)))

    row = text_of(preview).split('<span class="app-code">A9</span>')[1].split("</tr>")[0]
    assert row.index(">Amber<") < row.index(">Red<")  # now Amber, then Red


def test_importing_the_same_file_again_changes_nothing(client, world):
    data = xlsx(seed_rows(world))
    confirm(client, world, confirm_form(upload(client, world, "tracker.xlsx", data)))
    history = Rating.history.filter(assessment__area=world.area).count()
    before = [snapshot(month) for month in Assessment.objects.filter(area=world.area)]

    again = upload(client, world, "tracker.xlsx", data)

    assert "Nothing to change" in text_of(again)
    assert 'id="confirm"' not in again.content.decode()
    assert [snapshot(month) for month in Assessment.objects.filter(area=world.area)] == before
    assert Rating.history.filter(assessment__area=world.area).count() == history


def test_history_records_each_imported_rating(client, world):
    preview = upload(client, world, "tracker.xlsx", xlsx(seed_rows(world)))

    confirm(client, world, confirm_form(preview))

    officer = world.member("officer")
    changed = Rating.history.filter(assessment__area=world.area, history_user=officer)
    assert changed.filter(history_type="+").count() == 44  # April, created
    assert changed.filter(history_type="~").count() == 5  # February 3, March 2
    a9 = changed.filter(criterion__code="A9", assessment__month=FEB).get()
    assert a9.level.code == "red"


def test_commentary_and_next_steps_go_with_the_latest_month(world):
    rows = [
        ["Code", "Feb 18", "Mar 18", "Commentary", "Next steps"],
        ["A1", "A", "G", "Audit done", "Share it"],
        ["A2", "", "", "Still amber", ""],
    ]

    plan = plan_of(world, rows)

    march = next(month for month in plan.months if month.month == MAR)
    entries = {entry.criterion.code: entry for entry in march.entries}
    assert (entries["A1"].level.code, entries["A1"].commentary) == ("green", "Audit done")
    assert entries["A1"].next_steps == "Share it"
    assert (entries["A2"].level.code, entries["A2"].commentary) == ("amber", "Still amber")
    february = next(month for month in plan.months if month.month == FEB)
    assert february.changes == []  # amber already, and no commentary for February


# --- what the file may look like ---------------------------------------------------------------


@pytest.mark.parametrize(
    "heading",
    [
        "Feb 18",
        "February 2018",
        "2018-02",
        "01/02/2018",
        "feb-18",
        "Feb 2018",
        dt.datetime(2018, 2, 1),
        dt.date(2018, 2, 1),
    ],
)
def test_month_headings_are_read(world, heading):
    plan = plan_of(world, [["Tracker"], ["Criterion", heading], ["A1", "R"]])

    assert plan.problems == []
    assert [(month.month, month.changes[0].new.code) for month in plan.months] == [(FEB, "red")]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("C 14", "C14"),
        ("c14", "C14"),
        ("  C14 ", "C14"),
        ("C11a", "C11a"),
        ("short-break care", "C14"),
        ("Short-break care.", "C14"),
        ("C11 commissioning of education for students who have high levels of need.", "C11b"),
        ("A9. Establishing a baseline", "A9"),
    ],
)
def test_criterion_is_found_by_code_or_text(world, cell, code):
    plan = plan_of(world, [["Criterion", "Feb 18"], [cell, "Green"]])

    assert plan.problems == []
    assert [change.criterion.code for change in plan.months[0].changes] == [code]


def test_criterion_text_column_tells_the_two_c11s_apart(world):
    rows = [
        ["Code", "Criterion", "Feb 18"],
        ["C11", "commissioning of education for students who have high levels of need.", "R"],
    ]

    plan = plan_of(world, rows)

    assert [change.criterion.code for change in plan.months[0].changes] == ["C11b"]


def test_the_trackers_own_workbook_imports_as_nothing_to_change(world):
    workbook = tracker_workbook(world.area, TODAY)

    plan = imports.plan_sheets(world.area, imports.read_upload("t.xlsx", workbook), today=TODAY)

    assert plan.problems == []
    assert plan.changes == 0 and {month.month for month in plan.months} == {FEB, MAR}


def test_template_is_the_shape_the_import_reads(client, world):
    client.force_login(world.member("lead"))

    response = client.get(import_url(world, "tracker_import_template"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    headings = [cell.value for cell in sheet[4]]
    this_month = dt.date.today().replace(day=1)
    months = [previous_month(previous_month(this_month)), previous_month(this_month), this_month]
    assert headings == ["Code", "Criterion", *(f"{m:%b %Y}" for m in months), *NOTES]
    assert [sheet.cell(row=5, column=1).value, sheet.max_row] == ["A1", 4 + 44]
    sheet["E5"], sheet["F5"] = "Green", "Better"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    plan = imports.plan_sheets(world.area, imports.read_upload("t.xlsx", buffer.getvalue()))
    assert plan.problems == [] and plan.changes == 1


NOTES = ["Commentary", "Next steps"]


# --- problems: each reported where it is, and nothing written ---------------------------------

GOOD = [["Criterion", "Feb 18", "Mar 18"], ["A1", "R", "G"], ["A2", "A", "A"]]


@pytest.mark.parametrize(
    ("change", "place", "message"),
    [
        ((2, 0, "Z99"), "row 3, column A", "unknown criterion 'Z99'"),
        ((2, 2, "Purple"), "row 3, column C", "unknown level 'Purple': use one of Red"),
        ((0, 2, "Febtember"), "row 1, column C", "the heading 'Febtember' is not a month"),
        ((0, 2, "Jan 2099"), "row 1, column C", "January 2099 has not started yet"),
        ((0, 2, "Feb 2018"), "row 1, column C", "February 2018 has a column already"),
        ((2, 0, "A1"), "row 3, column B", "A1 for February 2018 is given already"),
        ((2, 3, "R"), "row 1, column D", "this column has values but no heading"),
        ((2, 0, "x" * 5000), "row 3, column A", "unknown criterion 'xxxxxxxx"),
    ],
    ids=[
        "criterion",
        "level",
        "heading",
        "future",
        "same-month",
        "same-criterion",
        "unheaded",
        "huge",
    ],
)
def test_each_bad_row_is_reported_with_its_place_and_nothing_is_written(
    client, world, change, place, message
):
    rows = [list(row) for row in GOOD]
    row, column, value = change
    rows[row] += [""] * (column + 1 - len(rows[row]))
    rows[row][column] = value
    before = [snapshot(world.february), snapshot(world.march)]

    plan = plan_of(world, rows)
    preview = upload(client, world, "tracker.xlsx", xlsx(rows))

    assert [str(p) for p in plan.problems if message in str(p)] != [], plan.problems
    assert any(f"Sheet “Tracker”, {place}: " in str(p) for p in plan.problems)
    assert "There is a problem" in text_of(preview)
    assert message[0].upper() + message[1:] in text_of(preview)  # each problem in a row
    assert 'id="confirm"' not in preview.content.decode()
    with pytest.raises(Refused):
        imports.apply_import(area=world.area, plan=plan, versions={}, by=world.member("lead"))
    assert [snapshot(world.february), snapshot(world.march)] == before


def test_an_agreed_month_the_file_would_change_is_refused(client, world):
    world.february.status = "agreed"
    world.february.save()

    plan = plan_of(world, GOOD)
    unchanged = plan_of(world, [["Criterion", "Feb 18", "Mar 18"], ["A1", "Amber", "G"]])

    assert [str(problem) for problem in plan.problems] == [
        "Sheet “Tracker”, row 2, column B: February 2018 is agreed, so it is read-only: the "
        "file would change A1 from Amber to Red. A lead can reopen the month, or take the "
        "change out of the file"
    ]
    assert unchanged.problems == [] and unchanged.changes == 1  # March only


def test_a_month_rated_against_another_framework_is_refused(world, area_send):
    services.framework_switch(
        area=world.area, to_framework=area_send, from_month=APR, by=world.member("lead")
    )

    plan = plan_of(world, [["Criterion", "Mar 18", "Apr 18"], ["A1", "R", "R"]])

    assert [str(problem) for problem in plan.problems] == [
        "Sheet “Tracker”, row 2, column C: A1 is a criterion of Local area SEND inspection "
        "framework (2016), but April 2018 is rated against Area SEND inspection framework "
        "(2023)"
    ]


def test_a_commentary_too_long_to_keep_is_a_problem(world):
    rows = [["Criterion", "Apr 18", "Commentary"], ["A1", "G", "x" * 20_000]]

    plan = plan_of(world, rows)

    assert [str(problem) for problem in plan.problems] == [
        "Sheet “Tracker”, row 2, column C: longer than 10,000 characters"
    ]


def test_a_commentary_for_a_month_without_a_level_is_a_problem(world):
    rows = [["Criterion", "Apr 18", "Commentary"], ["A1", "", "Why"]]

    plan = plan_of(world, rows)

    assert "which has no level for it" in str(plan.problems[0])


def test_a_sheet_without_a_table_is_a_problem(world):
    plan = plan_of(world, [["Notes"], ["Nothing here", "at all"]])

    assert "no table found" in str(plan.problems[0])


# --- files refused by their content ----------------------------------------------------------


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


WORKBOOK = {"[Content_Types].xml": b"<Types/>"}


def with_macros(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return zipped({**parts, "xl/vbaProject.bin": b"\x00macro"})


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("big.csv", lambda: b"a," * 2_500_001, "The file is too big: the limit is 5 MB"),
        ("photo.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + b"0" * 100, "cannot be read as a spread"),
        ("photo.csv", lambda: b"\x89PNG\r\n\x1a\n\x00\x00" + b"0" * 100, "cannot be read as a"),
        ("fake.xlsx", lambda: zipped({"word/document.xml": b"<x/>"}), "cannot be read as a"),
        ("zip.csv", lambda: zipped({"[Content_Types].xml": b"<x/>"}), "cannot be read as a"),
        ("broken.xlsx", lambda: zipped({**WORKBOOK, "xl/workbook.xml": b"<"}), "cannot be read"),
        ("bomb.xlsx", lambda: zipped({**WORKBOOK, "xl/x.xml": b"0" * 31_000_000}), "unpacked"),
        ("tracker.xlsx", lambda: with_macros(xlsx(GOOD)), "Files with macros cannot be"),
        ("tracker.xlsm", lambda: xlsx(GOOD), "Files with macros cannot be imported"),
        (
            "old.xls",
            lambda: b"\xd0\xcf\x11\xe0" + b"\x00" * 100,
            "older .xls file, or a workbook with a password",
        ),
        ("tracker.pdf", lambda: csv_bytes(GOOD), "cannot be read as a spreadsheet"),
        ("nul.csv", lambda: b"Criterion,Feb 18\nA1,R\x00\n", "cannot be read as a spread"),
        ("wide.csv", lambda: csv_bytes([["Criterion", *["Feb 18"] * 10_000]]), "300 columns"),
        ("wide.xlsx", lambda: xlsx([["Criterion", *["R"] * 10_000]]), "300 columns"),
        ("long.csv", lambda: b"A1,R\n" * 3000, "more than 2,000 rows"),
        ("field.csv", lambda: b'A1,"' + b"x" * 200_000 + b'"\n', "This CSV file cannot be read"),
    ],
)
def test_files_that_are_not_plain_spreadsheets_are_refused(client, world, name, make, message):
    before = snapshot(world.march)

    response = upload(client, world, name, make())

    assert response.status_code == 200
    assert "There is a problem" in text_of(response) and message in text_of(response)
    assert 'id="confirm"' not in response.content.decode()
    assert snapshot(world.march) == before


def test_a_formula_is_read_as_its_value_and_never_run(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Criterion", "Feb 18"])
    sheet.append(["A1", '=IF(1=1,"Red","Green")'])
    buffer = io.BytesIO()
    workbook.save(buffer)

    plan = imports.plan_sheets(
        world.area, imports.read_upload("f.xlsx", buffer.getvalue()), today=TODAY
    )

    # openpyxl saves no calculated value: the cell is blank, so there is nothing to import.
    assert plan.problems == [] and plan.changes == 0


def test_a_formula_in_a_csv_is_an_unknown_level(world):
    rows = [["Criterion", "Feb 18"], ["A1", '=HYPERLINK("http://evil.example","R")']]

    plan = plan_of(world, rows, name="tracker.csv")

    assert [str(problem) for problem in plan.problems] == [
        "Sheet “tracker.csv”, row 2, column B: unknown level "
        '\'=HYPERLINK("http://evil.example","R")\': use one of Red, Amber, Green'
    ]


def test_no_file_is_an_error(client, world):
    client.force_login(world.member("officer"))

    response = client.post(import_url(world), {"file": "not a file"})

    assert "Choose an Excel (.xlsx) or CSV file to import" in text_of(response)


# --- the confirmation -----------------------------------------------------------------------


def test_a_month_saved_since_the_preview_is_refused_and_nothing_is_written(client, world):
    preview = upload(client, world, "tracker.xlsx", xlsx(seed_rows(world)))
    a1 = world.criteria[0]
    services.month_save(
        assessment=world.march,
        entries=[RatingEntry(criterion=a1, level=world.march.ratings.get(criterion=a1).level)]
        + [RatingEntry(criterion=world.criteria[1], level=None)],
        loaded_version=0,
        by=world.member("lead"),
    )
    before = [snapshot(world.february), snapshot(world.march)]

    refused = confirm(client, world, confirm_form(preview))

    assert refused.status_code == 200
    assert "Not imported: March 2018 was saved or started by someone else" in text_of(refused)
    assert [snapshot(world.february), snapshot(world.march)] == before
    assert not Assessment.objects.filter(area=world.area, month=APR).exists()
    again = confirm(client, world, confirm_form(refused))  # the fresh preview can be confirmed
    assert again.status_code == 302
    assert_seed_imported(world)


def test_a_month_started_since_the_preview_is_refused(client, world):
    preview = upload(client, world, "tracker.xlsx", xlsx(seed_rows(world)))
    services.month_start(area=world.area, by=world.member("lead"))

    refused = confirm(client, world, confirm_form(preview))

    assert "Not imported: April 2018 was saved or started" in text_of(refused)
    assert levels_of(world, FEB)["A9"] == "amber"


def test_a_month_agreed_since_the_preview_is_listed_as_a_problem(client, world):
    preview = upload(client, world, "tracker.xlsx", xlsx(seed_rows(world)))
    Assessment.objects.filter(pk=world.february.pk).update(status="agreed")

    refused = confirm(client, world, confirm_form(preview))

    assert refused.status_code == 200
    assert "February 2018 is agreed, so it is read-only" in text_of(refused)
    assert "The file has 3 problems" in text_of(refused)
    assert levels_of(world, MAR)["A9"] == "amber"
    assert not Assessment.objects.filter(area=world.area, month=APR).exists()


def test_a_double_submitted_confirmation_imports_once(client, world):
    form = confirm_form(upload(client, world, "tracker.xlsx", xlsx(seed_rows(world))))
    first = confirm(client, world, form)
    history = Rating.history.filter(assessment__area=world.area).count()

    second = client.post(import_url(world, "tracker_import_confirm"), form, follow=True)

    assert first.status_code == 302
    assert ALREADY_SENT in text_of(second)
    assert Rating.history.filter(assessment__area=world.area).count() == history


def test_an_altered_preview_is_refused(client, world):
    form = confirm_form(upload(client, world, "tracker.xlsx", xlsx(seed_rows(world))))
    form["kept"] = form["kept"][:-3] + "abc"
    form.pop("form_token")

    response = confirm(client, world, form)

    assert response.status_code == 302 and response["Location"] == import_url(world)
    assert levels_of(world, FEB)["A9"] == "amber"


def test_a_preview_cannot_be_confirmed_in_another_area(client, world, other_world):
    form = confirm_form(upload(client, world, "tracker.xlsx", xlsx(seed_rows(world))))
    client.force_login(other_world.member("officer"))
    form.pop("form_token")

    response = client.post(import_url(other_world, "tracker_import_confirm"), form)

    assert response["Location"] == import_url(other_world)
    assert levels_of(other_world, FEB)["A9"] == "amber"


# --- who may import ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_read_only_roles_cannot_upload_or_confirm(client, world, role):
    form = confirm_form(upload(client, world, "tracker.xlsx", xlsx(seed_rows(world))))
    form.pop("form_token")

    uploaded = upload(client, world, "tracker.xlsx", xlsx(seed_rows(world)), role=role)
    confirmed = confirm(client, world, form)
    template = client.get(import_url(world, "tracker_import_template"))

    assert (uploaded.status_code, confirmed.status_code, template.status_code) == (403, 403, 403)
    assert levels_of(world, FEB)["A9"] == "amber"


@pytest.mark.parametrize("name", ["tracker_import", "tracker_import_confirm"])
def test_another_areas_user_gets_404(client, world, other_world, name):
    client.force_login(other_world.member("lead"))

    got = client.get(import_url(world, name))
    posted = client.post(import_url(world, name), {"file": named("t.xlsx", xlsx(GOOD))})

    assert (got.status_code, posted.status_code) == (404, 404)


def test_template_of_another_area_is_a_404(client, world, other_world):
    client.force_login(other_world.member("lead"))

    assert client.get(import_url(world, "tracker_import_template")).status_code == 404


@pytest.mark.parametrize("criteria", [5, 44])
def test_preview_queries_do_not_grow_with_the_sheet(
    client, world, django_assert_max_num_queries, criteria
):
    rows = [["Criterion", "Feb 18", "Mar 18", "Apr 18"]]
    rows += [[criterion.code, "R", "G", "A"] for criterion in world.criteria[:criteria]]
    data = xlsx(rows)
    client.force_login(world.member("officer"))

    with django_assert_max_num_queries(14):
        response = client.post(import_url(world), {"file": named("t.xlsx", data)})

    assert "Check before importing" in text_of(response)
