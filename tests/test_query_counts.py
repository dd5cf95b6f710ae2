"""The tracker, month and history pages run a fixed number of queries, whatever
the number of areas, months and ratings."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.models import KpiValue
from common.months import next_month
from frameworks.models import Kpi

from .conftest import build_area
from .factories import (
    LocalAreaFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
)
from .helpers import month_url

pytestmark = pytest.mark.django_db

# (areas, months): the larger is past every 12-month window, with several areas; any
# query made per area, month or rating would show as a difference.
SIZES = [(1, 3), (5, 14)]
# The session is written at sign-in and then at most once a minute, so no page here
# counts it. The history page counts its months, for the links to its other pages.
MAX_QUERIES = {
    "home": 5,
    "dashboard": 14,
    "tracker": 7,  # 8 once the area has switched framework
    "month": 7,  # a month never agreed: 9 with its agreements and reopenings
    "history": 7,
}


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


# --- lists that grow every month: a page at a time, or capped with a link to the rest ---------


def months_from(start: dt.date, count: int) -> list[dt.date]:
    dates = [start]
    while len(dates) < count:
        dates.append(next_month(dates[-1]))
    return dates


def test_criterion_history_shows_24_months_a_page_newest_first(client, framework, levels):
    area, users, _, _ = build_area(framework, levels, months=months_from(dt.date(2016, 1, 1), 30))
    client.force_login(users["board"])

    first = client.get(f"/areas/{area.slug}/criteria/A9/").content.decode()
    second = client.get(f"/areas/{area.slug}/criteria/A9/?page=2").content.decode()

    assert first.count('class="app-history-entry"') == 24
    assert "June 2018" in first and "May 2016" not in first  # newest first
    assert "Months 1 to 24 of 30" in first and 'href="?page=2"' in first
    assert second.count('class="app-history-entry"') == 6
    assert "January 2016" in second and "June 2018" not in second


def test_criterion_history_queries_do_not_grow_past_a_page(client, framework, levels):
    counts = []
    for n, months in enumerate([3, 30]):
        area, users, _, _ = build_area(
            framework, levels, slug=f"pages{n}", months=months_from(dt.date(2016, 1, 1), months)
        )
        client.force_login(users["board"])
        counts.append(count_queries(client, f"/areas/{area.slug}/criteria/A9/"))

    assert counts[0] == counts[1] <= MAX_QUERIES["history"]


def test_history_page_number_out_of_range_shows_a_page(client, framework, levels):
    area, users, _, _ = build_area(framework, levels, months=months_from(dt.date(2016, 1, 1), 3))
    client.force_login(users["board"])

    for page in ["99", "x", "-1", "9" * 30]:
        response = client.get(f"/areas/{area.slug}/criteria/A9/?page={page}")

        assert response.status_code == 200
        assert response.content.decode().count('class="app-history-entry"') == 3


def kpi_figures(area, months: int) -> None:
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    kpi = Kpi.objects.get(code="ep-waiting-list")  # monthly
    KpiValue.objects.bulk_create(
        KpiValue(area=area, kpi=kpi, period=month, value=Decimal(n))
        for n, month in enumerate(months_from(dt.date(2020, 1, 1), months))
    )


def test_kpi_series_shows_the_latest_24_periods_and_links_to_the_rest(client, world):
    kpi_figures(world.area, 30)
    client.force_login(world.member("board"))

    content = client.get(f"/areas/{world.area.slug}/kpis/").content.decode()

    assert "The latest 24 of 30 periods" in content
    assert "See all 30" in content and f"/areas/{world.area.slug}/kpis/indicators.xlsx" in content
    assert ">Jun 2022<" in content and ">Jun 2020<" not in content  # the oldest six are left out


def test_kpi_series_with_few_periods_has_no_link(client, world):
    kpi_figures(world.area, 3)
    client.force_login(world.member("board"))

    content = client.get(f"/areas/{world.area.slug}/kpis/").content.decode()

    assert "The latest" not in content and "See all" not in content


def overdue_recommendations(area, count: int) -> None:
    review = ReviewFactory(area=area)
    for n in range(count):
        recommendation = RecommendationFactory(review=review, number=n + 1)
        ResponseFactory(
            recommendation=recommendation, target_date=dt.date(2020, 1, 1) + dt.timedelta(days=n)
        )


def test_dashboard_lists_ten_overdue_recommendations_and_links_to_all(client, world):
    overdue_recommendations(world.area, 12)
    client.force_login(world.member("board"))

    content = client.get(f"/areas/{world.area.slug}/").content.decode()

    assert content.count(", recommendation ") == 10
    assert "See all 12 overdue recommendations" in content
    assert f"/areas/{world.area.slug}/scrutiny/?overdue=yes" in content
    assert 'data-assessment="overdue">12<' in content  # the count is of all of them


def test_dashboard_with_few_overdue_recommendations_lists_them_all(client, world):
    overdue_recommendations(world.area, 3)
    client.force_login(world.member("board"))

    content = client.get(f"/areas/{world.area.slug}/").content.decode()

    assert content.count(", recommendation ") == 3
    assert "See all" not in content
