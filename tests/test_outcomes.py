"""What an Area SEND inspection's outcome sets in motion (issue 13): the usual dates of
the monitoring and the next full inspection, from the final report, on hand-built cases."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.utils.html import escape

from common.months import months_after
from frameworks.loading import framework_load, read_framework_file
from frameworks.models import Outcome

from .factories import InspectionFactory, PlanFactory

FILE = Path(settings.BASE_DIR) / "fixtures" / "frameworks" / "area-send-2023.yaml"


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 3, 31), 18, dt.date(2026, 9, 30)),  # September has 30 days
        (dt.date(2024, 8, 31), 18, dt.date(2026, 2, 28)),
        (dt.date(2022, 8, 31), 18, dt.date(2024, 2, 29)),  # a leap year
        (dt.date(2024, 2, 29), 60, dt.date(2029, 2, 28)),
        (dt.date(2025, 11, 15), 2, dt.date(2026, 1, 15)),  # across a year's end
        (dt.date(2025, 1, 10), 0, dt.date(2025, 1, 10)),
    ],
)
def test_months_after(day, months, expected):
    assert months_after(day, months) == expected


@pytest.fixture
def outcomes(db):
    framework, _ = framework_load(data=read_framework_file(FILE))
    return {outcome.code: outcome for outcome in framework.outcomes.all()}, framework


REPORT = dt.date(2025, 3, 31)


@pytest.mark.parametrize(
    ("code", "monitoring", "full"),
    [
        ("positive", None, dt.date(2030, 3, 31)),  # within 5 years
        ("inconsistent", None, dt.date(2028, 3, 31)),  # within 3 years
        ("systemic", dt.date(2026, 9, 30), dt.date(2028, 3, 31)),  # 18 months; 3 years
    ],
)
def test_each_outcome_sets_its_dates_from_the_report(outcomes, code, monitoring, full):
    follow_ups = outcomes[0][code].follow_ups(REPORT)

    assert (follow_ups.monitoring_inspection_by, follow_ups.full_inspection_by) == (
        monitoring,
        full,
    )


def test_only_systemic_failings_need_a_priority_action_plan(outcomes):
    needs_plan = {code for code, outcome in outcomes[0].items() if outcome.priority_action_plan}

    assert needs_plan == {"systemic"}


def test_the_inspection_page_shows_what_the_outcome_sets_in_motion(client, world, outcomes):
    inspection = InspectionFactory(
        area=world.area, framework=outcomes[1], outcome_category="systemic", published_on=REPORT
    )
    client.force_login(world.member("board"))

    page = client.get(inspection.get_absolute_url()).content.decode()

    assert "What this outcome sets in motion" in page
    assert "Monitoring inspection expected</dt>" in page and "By 30 September 2026" in page
    assert "By 31 March 2028" in page
    assert "A priority action plan" in page
    assert escape(outcomes[1].after_every_inspection) in page


def test_before_the_report_is_published_no_dates_are_given(client, world, outcomes):
    inspection = InspectionFactory(
        area=world.area, framework=outcomes[1], outcome_category="inconsistent"
    )
    client.force_login(world.member("board"))

    page = client.get(inspection.get_absolute_url()).content.decode()

    assert "follow once the report's publication date is recorded" in page
    assert "Next full inspection expected" not in page


def test_a_2016_outcome_sets_nothing_in_motion(client, world):
    inspection = InspectionFactory(area=world.area, outcome_category="wsoa", published_on=REPORT)
    client.force_login(world.member("board"))

    page = client.get(inspection.get_absolute_url()).content.decode()

    assert "What this outcome sets in motion" not in page
    assert not Outcome.objects.filter(code="wsoa").exists()


def test_the_dashboard_counts_down_to_the_monitoring_inspection(client, world, outcomes):
    published = dt.date.today() - dt.timedelta(days=100)
    InspectionFactory(
        area=world.area, framework=outcomes[1], outcome_category="systemic", published_on=published
    )
    client.force_login(world.member("board"))

    page = client.get(f"/areas/{world.area.slug}/").content.decode()

    due = months_after(published, 18)
    assert "Monitoring inspection expected" in page
    assert f"By {due:%-d %B %Y}: in " in page


def test_a_2016_inspection_sets_no_countdown(client, world):
    InspectionFactory(area=world.area, outcome_category="wsoa", published_on=REPORT)
    client.force_login(world.member("board"))

    page = client.get(f"/areas/{world.area.slug}/").content.decode()

    assert "Monitoring inspection expected" not in page


def post_inspection(client, world, kind, outcome=""):
    data = {"kind": kind, "outcome_category": outcome}
    data.update({"started_on_0": "3", "started_on_1": "3", "started_on_2": "2025"})
    return client.post(f"/areas/{world.area.slug}/inspections/new/", data)


def test_an_engagement_meeting_is_recorded_without_an_outcome(client, world):
    client.force_login(world.member("lead"))

    response = post_inspection(client, world, "engagement")

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Engagement meeting, March 2025" in page


def test_a_full_inspection_needs_its_outcome(client, world):
    client.force_login(world.member("lead"))

    response = post_inspection(client, world, "full")

    assert response.status_code == 200
    assert "Choose the outcome" in response.content.decode()


def test_the_database_refuses_a_full_inspection_without_an_outcome(world):
    with pytest.raises(IntegrityError):
        InspectionFactory(area=world.area, kind="full", outcome_category="")


def test_a_priority_action_plan_says_what_success_looks_like_per_priority(client, world):
    plan = PlanFactory(area=world.area, kind="priority", title="Priority action plan")
    client.force_login(world.member("lead"))
    indicators = "90% of new plans issued within 20 weeks by March 2026"

    created = client.post(
        f"/areas/{world.area.slug}/plans/{plan.pk}/workstreams/new/",
        {
            "code": "1",
            "title": "Timely EHC plans",
            "lead_partner": "council",
            "key_indicators": indicators,
        },
    )
    page = client.get(plan.get_absolute_url()).content.decode()

    assert created.status_code == 302
    assert "Key indicators of what success looks like" in page and indicators in page
