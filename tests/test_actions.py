"""Inspections, plans, actions: overdue, coverage, bad input, and query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Action, Finding, ImprovementPlan, ProgressUpdate
from actions.plans import selectors
from areas.models import Assessment, Rating

from .factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    PlanFactory,
    ProgressUpdateFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def plan(world):
    return PlanFactory(area=world.area, title="Written Statement of Action")


@pytest.fixture
def workstream(plan):
    return WorkstreamFactory(plan=plan, code="A", title="Parent engagement")


def criterion(world, code):
    return next(c for c in world.criteria if c.code == code)


# --- overdue -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "status", "overdue"),
    [
        (TODAY - dt.timedelta(days=1), "on_track", True),
        (TODAY, "on_track", False),  # due today is not overdue
        (TODAY + dt.timedelta(days=1), "at_risk", False),
        (TODAY - dt.timedelta(days=30), "complete", False),
        (TODAY - dt.timedelta(days=30), "closed", False),
        (TODAY - dt.timedelta(days=30), "not_started", True),
    ],
)
def test_overdue_is_computed(workstream, due, status, overdue):
    action = ActionFactory(workstream=workstream, due_on=due, status=status)

    annotated = Action.objects.filter(pk=action.pk).with_overdue(TODAY).get()
    summary = selectors.dashboard_summary(workstream.plan.area, today=TODAY)

    # One rule (Action.overdue_when), seen the same by the table, the filter and the counts.
    assert annotated.overdue is overdue
    assert (action in Action.objects.overdue(TODAY)) is overdue
    assert summary.overdue == int(overdue)


# --- coverage ------------------------------------------------------------------------


@pytest.fixture
def agreed_march(world, levels):
    Assessment.objects.filter(pk=world.march.pk).update(status="agreed")
    Rating.objects.filter(assessment=world.march).update(level=levels["green"])
    for code, level in [("A9", "red"), ("A4", "amber"), ("A10", "amber"), ("B2", "red")]:
        Rating.objects.filter(assessment=world.march, criterion__code=code).update(
            level=levels[level]
        )
    return world.march


def gap_codes(coverage):
    return [gap.criterion.code for gap in coverage.criteria]


def test_coverage_lists_red_and_amber_criteria_without_open_action(world, workstream, agreed_march):
    ActionFactory(workstream=workstream, status="on_track", criteria=[criterion(world, "A9")])
    ActionFactory(workstream=workstream, status="closed", criteria=[criterion(world, "A4")])
    ActionFactory(workstream=workstream, status="complete", criteria=[criterion(world, "A10")])
    ActionFactory(workstream=workstream, status="at_risk", criteria=[criterion(world, "C1")])

    coverage = selectors.coverage(world.area)

    # A9 is covered; closed and complete actions do not cover A4 and A10; C1 is green.
    assert gap_codes(coverage) == ["A4", "A10", "B2"]
    assert [gap.level.code for gap in coverage.criteria] == ["amber", "amber", "red"]


def test_coverage_uses_the_latest_agreed_month_only(world, workstream, agreed_march, levels):
    Rating.objects.filter(assessment=world.february).update(level=levels["red"])
    Assessment.objects.filter(pk=world.february.pk).update(status="agreed")

    coverage = selectors.coverage(world.area)

    assert coverage.month == agreed_march
    assert gap_codes(coverage) == ["A4", "A9", "A10", "B2"]  # not February's 44 reds


def test_coverage_ignores_another_areas_actions(world, other_world, agreed_march):
    other_plan = PlanFactory(area=other_world.area)
    ActionFactory(workstream=WorkstreamFactory(plan=other_plan), criteria=[criterion(world, "A9")])

    assert "A9" in gap_codes(selectors.coverage(world.area))


def test_coverage_without_agreed_month_has_no_criteria_gaps(world, workstream):
    coverage = selectors.coverage(world.area)

    assert coverage.month is None and coverage.criteria == []


def test_coverage_lists_weaknesses_with_no_action(world, workstream):
    inspection = InspectionFactory(area=world.area)
    addressed = FindingFactory(inspection=inspection, number=1)
    only_closed = FindingFactory(inspection=inspection, number=2)
    no_action = FindingFactory(inspection=inspection, number=3)
    FindingFactory(inspection=inspection, number=4, kind="strength")
    ActionFactory(workstream=workstream, status="complete", weaknesses=[addressed])
    ActionFactory(workstream=workstream, status="closed", weaknesses=[only_closed])

    weaknesses = selectors.coverage(world.area).weaknesses

    assert [w.number for w in weaknesses] == [2, 3]
    assert no_action in weaknesses


def test_progress_update_moves_the_action_status(client, world, workstream):
    action = ActionFactory(workstream=workstream, status="on_track")
    client.force_login(world.member("officer"))

    response = client.post(
        action.get_absolute_url(),
        {
            "date_0": "20",
            "date_1": "11",
            "date_2": "2026",
            "text": "Capacity gap",
            "status_after": "at_risk",
        },
    )

    action.refresh_from_db()
    update = action.updates.get()
    assert response.status_code == 302
    assert action.status == "at_risk"
    assert (update.text, update.recorded_by) == ("Capacity gap", world.member("officer"))


def test_dashboard_summary_counts_status_overdue_and_gaps(client, world, workstream, agreed_march):
    ActionFactory(workstream=workstream, status="at_risk", due_on=dt.date(2000, 1, 1))
    ActionFactory(workstream=workstream, status="at_risk", criteria=[criterion(world, "A9")])
    ActionFactory(workstream=workstream, status="complete", due_on=dt.date(2000, 1, 1))
    client.force_login(world.member("board"))

    content = client.get(f"/areas/{world.area.slug}/").content.decode()

    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric" data-status="at_risk">2</td>'
        in content
    )
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric" data-status="overdue">1</td>'
        in content
    )
    assert "Gaps: <strong>3</strong> red or amber criteria" in content


def test_criterion_history_lists_actions_on_it(client, world, workstream):
    ActionFactory(
        workstream=workstream,
        description="Agree baselines with health",
        criteria=[criterion(world, "A9")],
    )
    ActionFactory(
        workstream=workstream, description="Unrelated work", criteria=[criterion(world, "B1")]
    )
    client.force_login(world.member("scrutiny"))

    content = client.get(f"/areas/{world.area.slug}/criteria/A9/").content.decode()

    assert "Agree baselines with health" in content
    assert "Unrelated work" not in content


def test_inspection_page_shows_actions_and_latest_levels_per_weakness(
    client, world, workstream, agreed_march
):
    inspection = InspectionFactory(area=world.area)
    weakness = FindingFactory(inspection=inspection, text="Baselines are weak")
    weakness.criteria.set([criterion(world, "A9")])
    ActionFactory(workstream=workstream, description="Agree joint baselines", weaknesses=[weakness])
    FindingFactory(inspection=inspection, text="Nobody owns this")
    client.force_login(world.member("board"))

    content = client.get(inspection.get_absolute_url()).content.decode()

    assert "Baselines are weak" in content and "Agree joint baselines" in content
    assert '<strong class="govuk-tag govuk-tag--red app-level">Red</strong>' in content
    assert "No action" in content


# --- bad input -----------------------------------------------------------------------


def action_data(workstream, **changes):
    data = {
        "workstream": workstream.pk,
        "description": "Reduce the EP waiting list",
        "owner": "Principal Educational Psychologist",
        "partner": "council",
        "starts_on_0": "1",
        "starts_on_1": "8",
        "starts_on_2": "2020",
        "due_on_0": "31",
        "due_on_1": "3",
        "due_on_2": "2021",
        "status": "on_track",
        "success_measure": "Waiting list down from 412 to 17",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post_action(client, world, plan, data):
    client.force_login(world.member("officer"))
    return client.post(f"/areas/{world.area.slug}/plans/{plan.pk}/actions/new/", data)


def test_action_create_saves_a_valid_action(client, world, plan, workstream):
    response = post_action(
        client, world, plan, action_data(workstream, criteria=[criterion(world, "A6").pk])
    )

    action = Action.objects.get()
    assert response.status_code == 302 and response.url == action.get_absolute_url()
    assert (action.due_on, [c.code for c in action.criteria.all()]) == (
        dt.date(2021, 3, 31),
        ["A6"],
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"due_on_0": "1", "due_on_1": "1", "due_on_2": "2020"},
            "The due date must be on or after the start date",
        ),
        ({"status": "maybe"}, "Choose a status from the list"),
        ({"due_on_0": "31", "due_on_1": "2", "due_on_2": "2021"}, "Enter a real date"),
        ({"description": ""}, "Enter the description"),
    ],
)
def test_action_create_refuses_bad_input(client, world, plan, workstream, changes, message):
    response = post_action(client, world, plan, action_data(workstream, **changes))

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert Action.objects.count() == 0


def test_action_create_refuses_another_areas_weakness(client, world, other_world, plan, workstream):
    foreign = FindingFactory(inspection=InspectionFactory(area=other_world.area))

    response = post_action(client, world, plan, action_data(workstream, weaknesses=[foreign.pk]))

    assert "Choose weaknesses from this area" in response.content.decode()
    assert Action.objects.count() == 0


def test_action_create_refuses_another_frameworks_criterion(client, world, plan, workstream):
    from .factories import CriterionFactory

    foreign = CriterionFactory()

    response = post_action(client, world, plan, action_data(workstream, criteria=[foreign.pk]))

    assert "Choose criteria from this area" in response.content.decode()
    assert Action.objects.count() == 0


def test_action_create_refuses_another_plans_workstream(
    client, world, other_world, plan, workstream
):
    foreign = WorkstreamFactory(plan=PlanFactory(area=other_world.area))

    response = post_action(client, world, plan, action_data(foreign))

    assert "Choose one of this plan" in response.content.decode()
    assert Action.objects.count() == 0


def test_plan_create_refuses_end_before_start(client, world):
    client.force_login(world.member("lead"))

    response = client.post(
        f"/areas/{world.area.slug}/plans/new/",
        {
            "title": "WSoA",
            "kind": "wsoa",
            "starts_on_0": "1",
            "starts_on_1": "8",
            "starts_on_2": "2019",
            "ends_on_0": "1",
            "ends_on_1": "1",
            "ends_on_2": "2019",
            "status": "active",
        },
    )

    assert "The end date must be on or after the start date" in response.content.decode()
    assert ImprovementPlan.objects.count() == 0


def test_progress_update_refuses_unknown_status(client, world, workstream):
    action = ActionFactory(workstream=workstream, status="on_track")
    client.force_login(world.member("officer"))

    response = client.post(
        action.get_absolute_url(),
        {"date_0": "20", "date_1": "11", "date_2": "2026", "text": "x", "status_after": "sideways"},
    )

    action.refresh_from_db()
    assert "Choose a status from the list" in response.content.decode()
    assert action.status == "on_track" and ProgressUpdate.objects.count() == 0


def test_error_summary_links_date_and_radio_fields(client, world, plan, workstream):
    response = post_action(
        client,
        world,
        plan,
        action_data(workstream, status=None, due_on_0="", due_on_1="", due_on_2=""),
    )

    content = response.content.decode()
    assert 'href="#id_due_on_0"' in content
    assert 'href="#id_status_1"' in content and 'id="id_status_1"' in content


# --- query counts -------------------------------------------------------------------------


def build_plan(world, actions: int, updates: int):
    plan = PlanFactory(area=world.area)
    inspection = InspectionFactory(area=world.area)
    weaknesses = [FindingFactory(inspection=inspection) for _ in range(3)]
    streams = [WorkstreamFactory(plan=plan, code=code) for code in "ABC"]
    for n in range(actions):
        action = ActionFactory(
            workstream=streams[n % 3],
            criteria=world.criteria[n % 10 : n % 10 + 2],
            weaknesses=weaknesses[: n % 3],
        )
        for _ in range(updates):
            ProgressUpdateFactory(action=action)
    return plan


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# The plan page: 11 (12 filtered), and 3 more on a request that saves the session.
MAX_PLAN_PAGE_QUERIES = {"plan": 14, "filtered table": 15, "action": 20, "inspection": 20}


@pytest.mark.parametrize("page", ["plan", "filtered table", "action", "inspection"])
def test_plan_pages_queries_do_not_grow(client, world, page, django_assert_max_num_queries):
    client.force_login(world.member("board"))
    counts = []
    for actions, updates in [(2, 1), (30, 5)]:
        plan = build_plan(world, actions, updates)
        action = plan.workstreams.first().actions.first()
        inspection = world.area.inspections.last()
        url = {
            "plan": plan.get_absolute_url(),
            "filtered table": plan.get_absolute_url() + "?status=on_track&overdue=no&sort=-due_on",
            "action": action.get_absolute_url(),
            "inspection": inspection.get_absolute_url(),
        }[page]
        with django_assert_max_num_queries(MAX_PLAN_PAGE_QUERIES[page]):
            counts.append(queries_for(client, url))
    assert counts[0] == counts[1]


def test_finding_kinds_that_count_as_weaknesses():
    assert set(Finding.WEAKNESSES) == {"weakness", "improvement", "priority"}
