"""The tracker, month and history pages run a fixed number of queries, whatever
the number of areas, months and ratings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.months import next_month

from .conftest import build_area
from .factories import LocalAreaFactory
from .helpers import month_url

pytestmark = pytest.mark.django_db

# (areas, months): the larger is past every 12-month window, with several areas; any
# query made per area, month or rating would show as a difference.
SIZES = [(1, 3), (5, 14)]
MAX_QUERIES = {"home": 5, "dashboard": 24, "tracker": 9, "month": 11, "history": 11}


def build(framework, levels, areas: int, months: int, prefix: str = "area"):
    start = dt.date(2016, 1, 1)
    dates = [start]
    while len(dates) < months:
        dates.append(next_month(dates[-1]))
    built = [build_area(framework, levels, slug=f"{prefix}{n}", months=dates) for n in range(areas)]
    area, users, assessments, _ = built[0]
    officer = users["officer"]
    for other_area, _, _, _ in built[1:]:  # the officer works in every area
        other_area.memberships.create(user=officer, role="officer")
    # ...and in one with no months yet, so the overview (not a redirect) is the home page.
    LocalAreaFactory(slug=f"{prefix}-new", framework=framework).memberships.create(
        user=officer, role="board"
    )
    return area, officer, assessments[-1]


def pages(area, assessment):
    return {
        "home": "/",
        "tracker": f"/areas/{area.slug}/tracker/",
        "dashboard": f"/areas/{area.slug}/",
        "month": month_url(assessment),
        "history": f"/areas/{area.slug}/criteria/A9/",
    }


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("areas", "months"), SIZES)
@pytest.mark.parametrize("page", ["home", "dashboard", "tracker", "month", "history"])
def test_page_queries_stay_under_bound(
    client, framework, levels, django_assert_max_num_queries, page, areas, months
):
    area, officer, latest = build(framework, levels, areas, months)
    client.force_login(officer)
    url = pages(area, latest)[page]

    with django_assert_max_num_queries(MAX_QUERIES[page]):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("page", ["home", "dashboard", "tracker", "month", "history"])
def test_page_queries_do_not_grow_with_data(client, framework, levels, page):
    small_area, small_officer, small_latest = build(framework, levels, *SIZES[0])
    client.force_login(small_officer)
    small = count_queries(client, pages(small_area, small_latest)[page])
    big_area, big_officer, big_latest = build(framework, levels, *SIZES[1], prefix="big")
    client.force_login(big_officer)

    big = count_queries(client, pages(big_area, big_latest)[page])

    assert small == big
