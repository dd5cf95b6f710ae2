"""Issue 16, KPIs a board member can read: the latest figure says which period it covers
and when it was entered; the quartile reads as a quartile; official figures carry a
marker that reads as one, explained under the table; a local indicator's comparators are
entered with their source; the CSV import takes headers in any case, UK dates, shows the
codes and a template, and an empty file is one error."""

import datetime as dt
import html
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from areas.kpis import imports, services
from areas.models import ComparatorValue, KpiValue, LocalComparator
from common.errors import Refused
from frameworks.models import Kpi

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(framework):
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    return {kpi.code: kpi for kpi in Kpi.objects.filter(framework=framework)}


def kpi_page(client, user, area) -> str:
    client.force_login(user)
    response = client.get(reverse("kpis:kpis", args=[area.slug]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def comparator_url(area) -> str:
    return reverse("kpis:comparator_create", args=[area.slug])


def comparator_post(kpi, **extra) -> dict:
    return {
        "kpi": kpi.pk,
        "level": "england",
        "period_0": "1",
        "period_1": "3",
        "period_2": "2021",
        "value": "412",
        "source": "NHS waiting times, March 2021",
        **extra,
    }


# --- wording of the latest figure --------------------------------------------------------


def test_latest_figure_names_its_period_and_the_day_it_was_entered(client, world, catalogue):
    KpiValue.objects.create(
        area=world.area, kpi=catalogue["ep-waiting-list"], period=dt.date(2018, 2, 1), value=380
    )
    entered = dt.date.today()

    page = kpi_page(client, world.member("board"), world.area)

    assert f"380 for Feb 2018 (entered {entered:%-d %B %Y})" in page
    assert "next figure due by 1 April 2018" in page
    assert "Updated" not in page and "Last " not in page


def test_quartile_reads_as_a_quartile_of_areas(client, world, catalogue):
    kpi = catalogue["ehcp-within-20-weeks"]
    world.area.ons_code = "E0"
    world.area.save()
    for n, value in enumerate([10, 20, 30, 40, 50, 60, 70, 80]):
        ComparatorValue.objects.create(
            kpi=kpi,
            level="local_authority",
            code=f"E{n}",
            name=f"Area {n}",
            period=dt.date(2020, 1, 1),
            value=value,
        )

    page = kpi_page(client, world.member("board"), world.area)  # E0 has 10: the worst

    assert "In the fourth (worst) quartile (of 8 areas; 1st is best)" in page
    assert "quarter of" not in page


def test_official_figure_marker_reads_as_a_footnote_and_is_explained(client, world, catalogue):
    world.area.ons_code = "E0"
    world.area.save()
    ComparatorValue.objects.create(
        kpi=catalogue["ehcp-within-20-weeks"],
        level="local_authority",
        code="E0",
        name="Here",
        period=dt.date(2020, 1, 1),
        value=Decimal("73.4"),
    )

    page = kpi_page(client, world.member("board"), world.area)

    assert '73.4<sup class="app-footnote">[a]<span class="govuk-visually-hidden"> official' in page
    assert "[a]</sup> Official figure for" in page
    assert '<sup aria-hidden="true">o</sup>' not in page


# --- comparators for a local indicator -----------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "lead"])
def test_comparator_entered_for_a_local_indicator_is_shown_with_its_source(
    client, world, catalogue, role
):
    kpi = catalogue["ep-waiting-list"]
    KpiValue.objects.create(area=world.area, kpi=kpi, period=dt.date(2021, 3, 1), value=400)
    client.force_login(world.member(role))

    response = client.post(comparator_url(world.area), comparator_post(kpi))

    saved = LocalComparator.objects.get(area=world.area)
    assert response.status_code == 302
    assert (saved.level, saved.value, saved.source) == (
        "england",
        412,
        "NHS waiting times, March 2021",
    )
    assert saved.history.first().history_user == world.member(role)
    page = kpi_page(client, world.member("board"), world.area)
    assert '412<sup class="app-footnote">[b]' in page
    assert "England, March 2021: NHS waiting times, March 2021" in page


def test_a_second_comparator_for_the_same_period_replaces_the_first_with_history(
    client, world, catalogue
):
    kpi = catalogue["ep-waiting-list"]
    client.force_login(world.member("officer"))
    client.post(comparator_url(world.area), comparator_post(kpi))

    client.post(comparator_url(world.area), comparator_post(kpi, value="420", source="Revised"))

    saved = LocalComparator.objects.get(area=world.area)
    assert (saved.value, saved.source) == (420, "Revised")
    assert saved.history.count() == 2


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_comparator_entry_refused_for_read_only_roles(client, world, catalogue, role):
    client.force_login(world.member(role))

    get = client.get(comparator_url(world.area))
    post = client.post(comparator_url(world.area), comparator_post(catalogue["ep-waiting-list"]))

    assert (get.status_code, post.status_code) == (403, 403)
    assert not LocalComparator.objects.exists()
    assert "Add a comparator" not in kpi_page(client, world.member(role), world.area)


def test_comparator_for_another_areas_page_is_a_404(client, world, other_world, catalogue):
    client.force_login(world.member("lead"))

    response = client.post(
        comparator_url(other_world.area), comparator_post(catalogue["ep-waiting-list"])
    )

    assert response.status_code == 404
    assert not LocalComparator.objects.exists()


def test_comparator_refused_for_an_indicator_with_official_figures(client, world, catalogue):
    kpi = catalogue["ehcp-within-20-weeks"]
    ComparatorValue.objects.create(
        kpi=kpi,
        level="england",
        code="E92000001",
        name="England",
        period=dt.date(2020, 1, 1),
        value=60,
    )
    client.force_login(world.member("officer"))

    response = client.post(comparator_url(world.area), comparator_post(kpi, period_1="1"))

    assert response.status_code == 200
    assert "Choose one of the area&#x27;s local indicators" in response.content.decode()
    with pytest.raises(Refused):
        services.local_comparator_save(
            area=world.area,
            by=world.member("officer"),
            kpi=kpi,
            level="england",
            period=dt.date(2020, 1, 1),
            value=Decimal(60),
            source="x",
        )
    assert not LocalComparator.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value": "-3"}, "cannot be negative"),
        ({"value": "lots"}, "Enter the figure as a number"),
        ({"source": ""}, "Enter the source"),
        ({"level": "mars"}, "Choose what the figure is for"),
        ({"period_0": "2"}, "1st of a month"),
    ],
)
def test_bad_comparator_is_a_message_not_a_save(client, world, catalogue, change, message):
    client.force_login(world.member("officer"))

    response = client.post(
        comparator_url(world.area), comparator_post(catalogue["ep-waiting-list"], **change)
    )

    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    assert not LocalComparator.objects.exists()


# --- the CSV import ------------------------------------------------------------------------


def upload(client, world, text: str):
    client.force_login(world.member("officer"))
    file = SimpleUploadedFile("figures.csv", text.encode())
    response = client.post(reverse("kpis:import", args=[world.area.slug]), {"file": file})
    return html.unescape(response.content.decode())


def test_import_takes_headers_in_any_case_with_spaces(world, catalogue):
    plan = imports.plan_import(world.area, "KPI , Period,VALUE\nep-waiting-list,2020-08-01,412\n")

    assert plan.errors == []
    assert [(row.kpi.code, row.value) for row in plan.rows] == [("ep-waiting-list", 412)]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("01/02/2021", dt.date(2021, 2, 1)),
        ("1/2/2021", dt.date(2021, 2, 1)),
        ("02/2021", dt.date(2021, 2, 1)),
        ("2021-02-01", dt.date(2021, 2, 1)),
        ("2021-02", dt.date(2021, 2, 1)),
    ],
)
def test_import_reads_uk_and_iso_dates(text, period):
    assert imports.parse_period(text) == period


@pytest.mark.parametrize("text", ["31/02/2021", "01/02/21", "1/2/3/2021", "01/13/2021", "a/b/c"])
def test_import_refuses_dates_that_are_not_real_or_not_four_digit_years(text):
    assert imports.parse_period(text) is None


def test_import_of_uk_dates_is_previewed(client, world, catalogue):
    page = upload(client, world, "kpi,period,value\nep-waiting-list,01/08/2020,412\n")

    assert "Check before importing" in page
    assert "1 Aug 2020" in page


def test_import_page_lists_the_codes_and_offers_a_template(client, world, catalogue):
    client.force_login(world.member("officer"))

    page = client.get(reverse("kpis:import", args=[world.area.slug])).content.decode()
    template = client.get(reverse("kpis:import_template_csv", args=[world.area.slug]))

    assert '<code class="app-break">ep-waiting-list</code>' in page
    assert "Download a template CSV file" in page
    assert "variant</strong>, only when one indicator is counted in more than one way" in page
    lines = template.content.decode().splitlines()
    assert lines[0] == "kpi,period,value,variant,vintage"
    assert "ep-waiting-list,,,," in lines
    assert template["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_import_template_refused_for_read_only_roles(client, world, catalogue, role):
    client.force_login(world.member(role))

    assert (
        client.get(reverse("kpis:import_template_csv", args=[world.area.slug])).status_code == 403
    )


def test_empty_file_is_one_error(client, world, catalogue):
    page = upload(client, world, "")

    assert page.count('class="govuk-error-message"') == 1
    assert "The file is empty" in page
    assert "Choose a CSV file to import" not in page


def test_figure_form_explains_variant_and_vintage(client, world, catalogue):
    client.force_login(world.member("officer"))

    page = html.unescape(
        client.get(reverse("kpis:value_create", args=[world.area.slug])).content.decode()
    )

    assert "Version of the measure (optional)" in page
    assert "counted in more than one way" in page
    assert "Publication or revision (optional)" in page
