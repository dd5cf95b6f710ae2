"""Demo months carry the dates of their months (issue 16): "Last changed" on a 2018 month
does not say the day of loading; Kent's indicators continue as far as its ratings."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from areas.models import Assessment, KpiValue, Rating
from common.months import next_month, previous_month, this_month

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def month_of_moment(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date().replace(day=1)


def finished_demo_months():
    return Assessment.objects.filter(area__is_demo=True, month__lt=this_month())


def test_every_ended_month_and_its_ratings_are_dated_inside_it(demo):
    months = list(finished_demo_months())
    assert months

    for month in months:
        ratings = Rating.objects.filter(assessment=month).values_list("updated_at", flat=True)
        assert {month_of_moment(at) for at in ratings} == {month.month}, month
        assert month_of_moment(month.updated_at) == month.month, month
        assert month_of_moment(month.created_at) == month.month, month
        if month.agreed_at:
            assert max(ratings) < month.agreed_at <= month.updated_at, month


def test_the_history_of_a_month_keeps_the_same_dates(demo):
    for month in finished_demo_months():
        rows = Rating.history.filter(assessment_id=month.pk)
        assert {month_of_moment(row.history_date) for row in rows} == {month.month}, month
        saved = Assessment.history.filter(id=month.pk).order_by("history_date", "history_id")
        assert [month_of_moment(row.history_date) for row in saved] == [month.month] * len(saved)
        if month.agreed_at:
            assert saved.last().status == "agreed"
            assert saved.last().history_date == month.agreed_at


def test_the_month_in_progress_keeps_the_day_of_loading(demo):
    current = Assessment.objects.filter(area__slug="kent", month=this_month()).get()

    ratings = Rating.objects.filter(assessment=current).values_list("updated_at", flat=True)

    assert {at.astimezone(LONDON).date() for at in ratings} == {dt.date.today()}


def test_last_changed_on_a_2018_month_says_2018(demo):
    client = Client()
    client.force_login(get_user_model().objects.get(username="sunderland-board"))

    page = client.get("/areas/sunderland/criteria/A9/").content.decode()

    assert "31 March 2018 09:00 by sunderland-officer" in page
    assert f"{dt.date.today():%-d %B %Y}" not in page.split("Ratings month by month")[1]


def test_kents_indicators_continue_as_far_as_its_ratings(demo):
    last_rated = Assessment.objects.filter(area__slug="kent").latest("month").month
    waiting = set(
        KpiValue.objects.filter(area__slug="kent", kpi__code="ep-waiting-list").values_list(
            "period", flat=True
        )
    )
    month = previous_month(last_rated)
    for _ in range(11):  # every month rated but the one in progress
        assert month in waiting, month
        month = previous_month(month)
    assert next_month(max(waiting)) == last_rated
    for code in ["stage-2-complaints", "engagement-participants"]:
        latest = KpiValue.objects.filter(area__slug="kent", kpi__code=code).latest("period")
        assert latest.period >= last_rated.replace(year=last_rated.year - 1), code
