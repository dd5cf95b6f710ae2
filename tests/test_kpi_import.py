"""CSV import of KPI figures: preview, row-level errors, all or nothing, repeat is a no-op."""

import datetime as dt
import html
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from areas.kpis.imports import plan_import
from areas.models import KpiValue

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
        ("ep-waiting-list,last tuesday,1,,", "is not a date like 2024-01-01"),
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
