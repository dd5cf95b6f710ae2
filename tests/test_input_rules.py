"""The rules that keep hostile input from becoming a 500, each where it lives: the shared
date field (real dates, years 1900–2100, `past_only`), `parse_month`, the id check of
choice fields, the NUL middleware and the dates an update cannot have yet.
test_hostile_input.py throws everything at every page; these name each rule's edges."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import BadRequest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from actions.models import ProgressUpdate, RecommendationUpdate
from actions.plans.forms import PlanForm
from areas.kpis.forms import KpiTargetForm, KpiValueForm
from common.forms import ModelMultipleChoiceField, date_field
from common.middleware import refuse_nul
from common.months import parse_month
from frameworks.models import Criterion

from .factories import ActionFactory, RecommendationFactory, ReviewFactory, WorkstreamFactory

HUGE = "99999999999999999999"


class DueForm(forms.Form):
    due_on = date_field("Due date")
    happened_on = date_field("Date of the update", required=False, past_only=True)


def due_form_errors(day, month, year, **more) -> list[str]:
    form = DueForm({"due_on_0": day, "due_on_1": month, "due_on_2": year, **more})
    form.is_valid()
    return form.errors.get("due_on", []) + form.errors.get("happened_on", [])


# --- the date field ----------------------------------------------------------------------


@pytest.mark.parametrize(("year", "day"), [("1900", "1"), ("2100", "31"), ("2026", "28")])
def test_date_field_takes_years_1900_to_2100(year, day):
    form = DueForm({"due_on_0": day, "due_on_1": "12", "due_on_2": year})

    assert form.is_valid()
    assert form.cleaned_data["due_on"] == dt.date(int(year), 12, int(day))


@pytest.mark.parametrize("year", ["1899", "2101", "0", "0000", "10000", HUGE])
def test_date_field_refuses_a_year_out_of_range(year):
    assert due_form_errors("1", "1", year) == ["Enter a year from 1900 to 2100 for the due date"]


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("31", "2", "2026"),
        ("0", "1", "2026"),
        ("1", "13", "2026"),
        (HUGE, "1", "2026"),
        ("1", HUGE, "2026"),
        ("1", "1", "9" * 5000),
    ],
)
def test_date_field_refuses_an_impossible_date(day, month, year):
    assert due_form_errors(day, month, year) == ["Enter a real date for the due date"]


@pytest.mark.parametrize("year", ["-1", "2026\x00", "NaN", "1E+3", "x" * 100_000])
def test_date_field_refuses_a_year_that_is_not_digits(year):
    assert due_form_errors("1", "1", year) == ["Enter a real date for the due date"]


def test_past_only_date_takes_today_and_refuses_tomorrow():
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)

    def happened(on: dt.date) -> list[str]:
        return due_form_errors(
            "1", "1", "2026", happened_on_0=on.day, happened_on_1=on.month, happened_on_2=on.year
        )

    assert happened(today) == []
    assert happened(tomorrow) == ["The date of the update cannot be in the future"]


# --- months in URLs ----------------------------------------------------------------------


def test_parse_month_reads_year_and_month():
    assert parse_month("2018-03") == dt.date(2018, 3, 1)


@pytest.mark.parametrize(
    "text",
    [
        f"{HUGE}-01",
        "0000-00",
        "0000-01",
        "2018-13",
        "2018-00",
        "abc",
        "2018-3",
        "-2018-03",
        "2018-03-01",
        "2018-03\x00",
        " 2018-03",
        "2018-0_3",
        "٢٠١٨-٠٣",
        "",
    ],
)
def test_parse_month_refuses_anything_else(text):
    assert parse_month(text) is None


# --- numbers in the single-figure forms ----------------------------------------------------

NOT_A_FIGURE = ["NaN", "sNaN", "Infinity", "-Infinity", "1E+20", "1.234", "1E-30", HUGE]


@pytest.mark.django_db
@pytest.mark.parametrize("budget", NOT_A_FIGURE)
def test_plan_budget_refuses_what_a_budget_cannot_be(world, budget):
    form = PlanForm({"budget": budget}, area=world.area)

    assert not form.is_valid()
    assert form.errors["budget"]


@pytest.mark.django_db
@pytest.mark.parametrize("Form", [KpiValueForm, KpiTargetForm])
@pytest.mark.parametrize("value", NOT_A_FIGURE)
def test_kpi_figure_and_target_refuse_what_a_figure_cannot_be(world, Form, value):
    form = Form({"value": value}, area=world.area)

    assert not form.is_valid()
    assert form.errors["value"]


# --- ids in choice fields ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}", str(2**63)])
def test_choice_of_records_refuses_an_id_beyond_any_table(framework, value):
    field = ModelMultipleChoiceField(queryset=Criterion.objects.all(), required=False)

    with pytest.raises(forms.ValidationError):
        field.clean([value])


@pytest.mark.django_db
def test_choice_of_records_still_takes_a_real_id(framework):
    criterion = Criterion.objects.filter(framework=framework).first()
    field = ModelMultipleChoiceField(queryset=Criterion.objects.all(), required=False)

    assert list(field.clean([str(criterion.pk)])) == [criterion]


# --- NUL in an address -------------------------------------------------------------------


@pytest.mark.parametrize(
    "address", ["/areas/kent/criteria/A1%00/", "/areas/kent/tracker/?judgement_area=A%00"]
)
def test_nul_middleware_refuses_a_nul_in_the_path_or_query(address):
    middleware = refuse_nul(lambda request: HttpResponse("the page"))

    with pytest.raises(BadRequest):
        middleware(RequestFactory().get(address))


def test_nul_middleware_lets_other_addresses_through():
    middleware = refuse_nul(lambda request: HttpResponse("the page"))

    response = middleware(RequestFactory().get("/areas/kent/tracker/?judgement_area=A"))

    assert response.content == b"the page"


@pytest.mark.django_db
def test_nul_in_an_address_is_a_400_page(client, settings, world):
    settings.MIDDLEWARE = ["common.middleware.refuse_nul", *settings.MIDDLEWARE]
    client.force_login(world.member("lead"))

    response = client.get(f"/areas/{world.area.slug}/criteria/A1%00/")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


# --- updates cannot be dated after today -------------------------------------------------


def next_year_date() -> dict:
    next_year = timezone.localdate() + dt.timedelta(days=366)
    return {"date_0": next_year.day, "date_1": next_year.month, "date_2": next_year.year}


@pytest.mark.django_db
def test_progress_update_dated_after_today_is_refused(client, world):
    action = ActionFactory(workstream=WorkstreamFactory(plan__area=world.area), status="on_track")
    client.force_login(world.member("officer"))

    response = client.post(
        action.get_absolute_url(),
        {**next_year_date(), "text": "Done, in a year", "status_after": "complete"},
    )

    action.refresh_from_db()
    assert "The date of the update cannot be in the future" in response.content.decode()
    assert action.status == "on_track"
    assert not ProgressUpdate.objects.exists()


@pytest.mark.django_db
def test_recommendation_update_dated_after_today_is_refused(client, world):
    recommendation = RecommendationFactory(review=ReviewFactory(area=world.area))
    url = reverse(
        "scrutiny:recommendation_update",
        args=[world.area.slug, recommendation.review_id, recommendation.pk],
    )
    client.force_login(world.member("scrutiny"))

    response = client.post(
        url, {**next_year_date(), "text": "Implemented", "assessment": "implemented"}
    )

    assert response.status_code == 200
    assert "The date of the meeting or update cannot be in the future" in response.content.decode()
    assert not RecommendationUpdate.objects.exists()
