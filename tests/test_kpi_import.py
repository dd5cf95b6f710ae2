"""CSV import of KPI figures: preview, row-level errors, all or nothing, repeat is a no-op;
values the database cannot hold are row errors; one row limit and one size limit."""

import datetime as dt
import html
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from areas.kpis import imports
from areas.kpis.imports import ROW_LIMIT, SIZE_LIMIT, apply_import, plan_import
from areas.kpis.services import kpi_value_save
from areas.models import KpiValue
from common.errors import Refused
from frameworks.models import Kpi

pytestmark = pytest.mark.django_db

GOOD = (
    "kpi,period,value,variant,vintage\n"
    "ep-waiting-list,2020-08-01,412,,Seed 001\n"
    "ep-waiting-list,2020-09,380,,Seed 001\n"
    "ehcp-within-20-weeks,2024-01-01,46.5,local figure,Local system\n"
)


@pytest.fixture
def area(world, framework):
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    return world.area


def history_of(area):
    # This area's: tests/demo leaves the history of the demonstration areas behind.
    return KpiValue.history.filter(area_id=area.pk)


def upload(client, world, area, text, role="officer"):
    client.force_login(world.member(role))
    url = f"/areas/{area.slug}/kpis/import/"
    return client.post(url, {"file": SimpleUploadedFile("figures.csv", text.encode())})


def confirm(client, world, area, text, role="officer"):
    client.force_login(world.member(role))
    return client.post(f"/areas/{area.slug}/kpis/import/", {"content": text, "confirm": "yes"})


def test_good_file_is_previewed_then_imported(client, world, area):
    preview = upload(client, world, area, GOOD)

    assert preview.status_code == 200
    assert "Check before importing" in preview.content.decode()
    assert KpiValue.objects.count() == 0  # nothing saved by the preview

    done = confirm(client, world, area, GOOD)

    assert done.status_code == 302
    assert KpiValue.objects.count() == 3
    september = KpiValue.objects.get(period=dt.date(2020, 9, 1))
    assert (september.value, september.entered_by) == (380, world.member("officer"))


def test_second_import_of_the_same_file_changes_nothing(client, world, area):
    upload(client, world, area, GOOD)
    confirm(client, world, area, GOOD)
    before = list(KpiValue.objects.order_by("pk").values("pk", "value", "vintage", "entered_at"))

    preview = upload(client, world, area, GOOD)
    confirm(client, world, area, GOOD)

    assert "Already held, no change" in preview.content.decode()
    assert "Import 0 figures" in preview.content.decode()
    assert (
        list(KpiValue.objects.order_by("pk").values("pk", "value", "vintage", "entered_at"))
        == before
    )


def test_a_revised_figure_replaces_the_held_one(client, world, area):
    confirm(client, world, area, GOOD)

    revised = GOOD.replace("2020-09,380", "2020-09,377")
    preview = upload(client, world, area, revised)
    confirm(client, world, area, revised)

    assert "Revises 380" in preview.content.decode()
    assert KpiValue.objects.get(period=dt.date(2020, 9, 1)).value == 377
    assert KpiValue.objects.count() == 3


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("nonsense,2020-08-01,1,,", "unknown KPI 'nonsense'"),
        ("ep-waiting-list,last tuesday,1,,", "is not a date like 01/01/2024 or 2024-01-01"),
        ("ep-waiting-list,2020-08-01,lots,,", "value 'lots' is not a number"),
        ("ep-waiting-list,2099-01-01,1,,", "the period cannot be in the future"),
        (
            "ehcp-within-20-weeks,2024-03-01,40,,",
            "an annual figure's period must start on 1 January",
        ),
        ("ehcp-within-20-weeks,2024-01-01,140,,", "a percentage must be between 0 and 100"),
        ("ep-waiting-list,2020-10-01,-4,,", "the figure cannot be negative"),
        ("ep-waiting-list,2020-08-01,413,,", "appear earlier in the file"),
    ],
)
def test_each_bad_row_is_reported_and_nothing_is_imported(client, world, area, row, message):
    text = GOOD + row + "\n"

    preview = upload(client, world, area, text)
    confirmed = confirm(client, world, area, text)

    content = html.unescape(preview.content.decode())
    assert "There is a problem" in content and "Row 5:" in content and message in content
    assert confirmed.status_code == 200  # refused again on confirm
    assert KpiValue.objects.count() == 0


def test_missing_columns_are_reported(area):
    plan = plan_import(area, "indicator,when,figure\nx,y,z\n")

    assert plan.errors == [
        "The file needs the columns kpi, period, value: kpi, period, value missing."
    ]


def test_no_file_is_an_error(client, world, area):
    client.force_login(world.member("officer"))

    response = client.post(f"/areas/{area.slug}/kpis/import/", {})

    assert "Choose a CSV file to import" in response.content.decode()


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_read_only_roles_cannot_import(client, world, area, role):
    response = upload(client, world, area, GOOD, role=role)
    confirmed = confirm(client, world, area, GOOD, role=role)

    assert (response.status_code, confirmed.status_code) == (403, 403)
    assert KpiValue.objects.count() == 0


def test_another_areas_lead_gets_404(client, world, other_world, area):
    client.force_login(other_world.member("lead"))

    response = client.post(f"/areas/{area.slug}/kpis/import/", {"content": GOOD, "confirm": "yes"})

    assert response.status_code == 404
    assert KpiValue.objects.count() == 0


# --- values the model cannot hold: each a row error at preview and confirm, never a 500 ---

LONG = "v" * 101  # one over the 100 characters of variant and vintage


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("ep-waiting-list,2020-10-01,NaN,,", "enter the figure as a number"),
        ("ep-waiting-list,2020-10-01,Infinity,,", "enter the figure as a number"),
        ("ep-waiting-list,2020-10-01,-Infinity,,", "enter the figure as a number"),
        ("ehcp-within-20-weeks,2024-01-01,NaN,,", "enter the figure as a number"),  # a percent
        ("ep-waiting-list,2020-10-01,1E+20,,", "the figure must be less than 10,000,000,000"),
        ("ep-waiting-list,2020-10-01,10000000000,,", "the figure must be less than 10,000,000,000"),
        ("ep-waiting-list,2020-10-01,1.234,,", "the figure can have at most 2 decimal places"),
        ("ep-waiting-list,2020-10-01,1E-30,,", "the figure can have at most 2 decimal places"),
        (f"ep-waiting-list,2020-10-01,4,{LONG},", "the variant must be 100 characters or fewer"),
        (f"ep-waiting-list,2020-10-01,4,,{LONG}", "the vintage must be 100 characters or fewer"),
        ("ep-waiting-list,2020-10-01,4,a\x00b,", "the variant cannot contain a NUL character"),
        ("ep-waiting-list,2020-10-01,4,,a\x00b", "the vintage cannot contain a NUL character"),
        (
            "ep-waiting-list,99999-01-01,4,,",
            "period '99999-01-01' is not a date like 01/01/2024 or 2024-01-01",
        ),
        ("ep-waiting-list,2020-10-01,4\x00,,", "value '4\\x00' is not a number"),
        (
            "ep-waiting-list,2020-10-01,4," + "x" * 200_000 + ",",
            "this is not a CSV file we can read",
        ),
    ],
)
def test_a_value_the_model_cannot_hold_is_a_row_error(client, world, area, row, message):
    text = GOOD + row + "\n"

    preview = upload(client, world, area, text)
    confirmed = confirm(client, world, area, text)

    for response in (preview, confirmed):
        content = html.unescape(response.content.decode())
        assert response.status_code == 200
        assert "There is a problem" in content and f"Row 5: {message}" in content
    assert KpiValue.objects.count() == 0
    assert history_of(area).count() == 0


def test_figures_at_the_limits_are_imported_exactly(client, world, area):
    text = (
        "kpi,period,value,variant,vintage\n"
        f"ep-waiting-list,2020-08-01,9999999999.99,{'v' * 100},{'w' * 100}\n"
        "ep-waiting-list,2020-09-01,0.01,,\n"
        "ep-waiting-list,2020-10-01,12.300,,\n"  # trailing zeros are not decimal places
    )

    confirm(client, world, area, text)

    held = KpiValue.objects.order_by("period")
    assert [figure.value for figure in held] == [
        Decimal("9999999999.99"),
        Decimal("0.01"),
        Decimal("12.3"),
    ]
    assert (len(held[0].variant), len(held[0].vintage)) == (100, 100)


def test_the_single_figure_service_refuses_a_nul_as_the_import_does(world, area):
    kpi = Kpi.objects.get(code="ep-waiting-list")

    with pytest.raises(Refused, match="The variant cannot contain a NUL character"):
        kpi_value_save(
            area=area,
            by=world.member("officer"),
            kpi=kpi,
            period=dt.date(2020, 8, 1),
            value=Decimal(4),
            variant="a\x00b",
        )
    assert KpiValue.objects.count() == 0


# --- the row limit and the size limit -------------------------------------------------


def junk_rows(count: int) -> str:
    return "kpi,period,value\n" + "x,1,1\n" * count


def test_more_rows_than_the_limit_are_refused_whole(client, world, area):
    response = upload(client, world, area, junk_rows(ROW_LIMIT + 1))

    content = response.content.decode()
    assert "The file has more than 50,000 rows: split it into files" in content
    assert "Row 2:" not in content  # the limit is the only error, not 50,000 row errors


def test_a_file_at_the_row_limit_is_checked_row_by_row(area):
    plan = plan_import(area, junk_rows(ROW_LIMIT))

    assert len(plan.errors) == ROW_LIMIT and "more than" not in plan.errors[-1]


def test_an_upload_over_the_size_limit_is_refused(client, world, area):
    text = GOOD + "\n" * (SIZE_LIMIT - len(GOOD) + 1)

    response = upload(client, world, area, text)

    assert "The file is too big: the limit is 1 MB" in response.content.decode()
    assert "Check before importing" not in response.content.decode()


def test_previewed_text_over_the_size_limit_is_refused_on_confirm(client, world, area):
    text = GOOD + "\n" * (SIZE_LIMIT - len(GOOD) + 1)  # a hand-made POST, no preview

    response = confirm(client, world, area, text)

    assert "The file is too big: the limit is 1 MB" in response.content.decode()
    assert KpiValue.objects.count() == 0


def test_a_file_at_the_size_limit_comes_back_from_the_browser_and_is_imported(client, world, area):
    text = GOOD + "\n" * (SIZE_LIMIT - len(GOOD))  # exactly 1 MB with LF line endings
    preview = upload(client, world, area, text)

    done = confirm(client, world, area, text.replace("\n", "\r\n"))  # a browser sends CRLF

    assert "Check before importing" in preview.content.decode()
    assert done.status_code == 302 and KpiValue.objects.count() == 3


def test_the_preview_lists_revisions_first_and_at_most_its_limit(world, area):
    apply_import(area=area, plan=plan_import(area, GOOD), by=world.member("officer"))
    revised = GOOD.replace("2020-09,380", "2020-09,377") + "ep-waiting-list,2020-10,350,,\n"

    plan = plan_import(area, revised)

    assert [(row.line, row.action) for row in plan.shown_rows(limit=2)] == [
        (3, "revise"),
        (5, "add"),
    ]
    assert plan.summary == "4 rows: 1 new, 1 to revise, 2 already held."


def test_the_errors_listed_stop_at_their_limit_and_count_the_rest(client, world, area):
    text = GOOD + "nonsense,2020-08-01,1,,\n" * 150

    response = upload(client, world, area, text)

    content = html.unescape(response.content.decode())
    assert "Row 104: unknown KPI 'nonsense'" in content  # the 100th error
    assert "Row 105:" not in content
    assert "50 more rows have problems" in content


# --- all or nothing, a repeat changes nothing, who entered each figure ------------------


def test_a_figure_added_meanwhile_refuses_the_whole_import(world, area):
    plan = plan_import(area, GOOD)
    kpi_value_save(  # someone adds one of the file's figures after the file was checked
        area=area,
        by=world.member("lead"),
        kpi=Kpi.objects.get(code="ep-waiting-list"),
        period=dt.date(2020, 9, 1),
        value=Decimal(1),
    )

    with pytest.raises(Refused, match="Nothing was imported"):
        apply_import(area=area, plan=plan, by=world.member("officer"))

    assert list(KpiValue.objects.values_list("value", flat=True)) == [Decimal(1)]
    assert history_of(area).count() == 1


def test_a_figure_removed_meanwhile_refuses_the_whole_import(world, area):
    apply_import(area=area, plan=plan_import(area, GOOD), by=world.member("officer"))
    revised = GOOD.replace("2020-09,380", "2020-09,377") + "ep-waiting-list,2020-10,350,,\n"
    plan = plan_import(area, revised)
    KpiValue.objects.filter(period=dt.date(2020, 9, 1)).delete()
    history = history_of(area).count()

    with pytest.raises(Refused, match="Nothing was imported"):
        apply_import(area=area, plan=plan, by=world.member("officer"))

    assert KpiValue.objects.count() == 2  # the new October figure was not kept either
    assert history_of(area).count() == history


def test_the_confirm_page_shows_why_an_import_was_refused(client, world, area, monkeypatch):
    def refuse(**kwargs):
        raise Refused("Some of these figures were added or removed by someone else.")

    monkeypatch.setattr(imports, "kpi_values_import", refuse)

    response = confirm(client, world, area, GOOD)

    assert "There is a problem" in response.content.decode()
    assert "added or removed by someone else" in response.content.decode()


def test_a_repeated_file_writes_no_history(client, world, area):
    confirm(client, world, area, GOOD)
    history = history_of(area).count()

    confirm(client, world, area, GOOD)

    assert (history, history_of(area).count()) == (3, 3)


def test_revisions_record_who_entered_them_and_keep_the_rest(client, world, area):
    confirm(client, world, area, GOOD, role="officer")
    KpiValue.objects.update(is_demo=True)
    before = KpiValue.objects.get(period=dt.date(2020, 9, 1))

    confirm(client, world, area, GOOD.replace("2020-09,380", "2020-09,377"), role="lead")

    after = KpiValue.objects.get(period=dt.date(2020, 9, 1))
    lead, officer = world.member("lead"), world.member("officer")
    assert (after.pk, after.value, after.entered_by, after.is_demo) == (before.pk, 377, lead, True)
    assert after.entered_at > before.entered_at
    untouched = KpiValue.objects.get(period=dt.date(2020, 8, 1))
    assert untouched.entered_by == officer
    kept = after.history.order_by("history_date")
    assert [(row.history_type, row.value, row.history_user) for row in kept] == [
        ("+", 380, officer),
        ("~", 377, lead),
    ]
    assert kept.last().is_demo is True


def test_a_file_revising_every_figure_replaces_each_one(client, world, area):
    confirm(client, world, area, GOOD)
    revised = GOOD.replace(",412,", ",411,").replace(",380,", ",379,").replace(",46.5,", ",47,")

    done = confirm(client, world, area, revised)

    assert done.status_code == 302
    values = KpiValue.objects.order_by("kpi__code", "period").values_list("value", flat=True)
    assert list(values) == [Decimal(47), Decimal(411), Decimal(379)]
    assert history_of(area).filter(history_type="~").count() == 3


def test_the_bulk_write_cannot_reach_another_areas_figure(world, other_world, area):
    other = kpi_value_save(
        area=other_world.area,
        by=other_world.member("officer"),
        kpi=Kpi.objects.get(code="ep-waiting-list"),
        period=dt.date(2020, 9, 1),
        value=Decimal(1),
    )
    plan = plan_import(area, GOOD)
    plan.rows[1].figure_id = other.pk  # as if the plan had found it among this area's

    with pytest.raises(Refused):
        apply_import(area=area, plan=plan, by=world.member("officer"))

    other.refresh_from_db()
    assert other.value == 1 and KpiValue.objects.filter(area=area).count() == 0
