"""The board dashboard and the overview across areas."""

import datetime as dt

import pytest

from areas.models import Assessment, Membership, Rating
from areas.ratings import summaries
from areas.ratings.models import is_stale

from .factories import AssessmentFactory, CriterionFactory, JudgementAreaFactory, LocalAreaFactory

pytestmark = pytest.mark.django_db

FEB, MAR = dt.date(2018, 2, 1), dt.date(2018, 3, 1)


def agree(*assessments):
    Assessment.objects.filter(pk__in=[a.pk for a in assessments]).update(status="agreed")
    for assessment in assessments:
        assessment.refresh_from_db()


def set_level(assessment, code, level, **fields):
    Rating.objects.filter(assessment=assessment, criterion__code=code).update(level=level, **fields)


def codes(moves) -> list[str]:
    return [move.criterion.code for move in moves]


@pytest.fixture
def agreed_world(world):
    agree(world.february, world.march)
    return world


def movement(world):
    return summaries.area_dashboard(world.area, today=dt.date(2018, 3, 15)).movement


def test_movement_groups_hand_built(agreed_world, levels):
    w = agreed_world
    set_level(w.february, "A1", levels["red"])  # red -> red
    set_level(w.march, "A1", levels["red"], commentary="Still no protocol", next_steps="Agree it")
    set_level(w.february, "A2", levels["red"])  # red -> amber
    set_level(w.march, "A3", levels["green"])  # amber -> green
    set_level(w.march, "A4", levels["red"])  # amber -> red
    set_level(w.february, "A5", levels["green"])  # green -> green: unchanged
    set_level(w.march, "A5", levels["green"])

    moved = movement(w)

    assert codes(moved.still_red) == ["A1"]
    assert codes(moved.improved) == ["A2", "A3"]
    assert codes(moved.declined) == ["A4"]
    assert codes(moved.newly_green) == ["A3"]
    assert moved.unchanged == 44 - 4  # A5 (green both months) among them
    still = moved.still_red[0]
    assert (still.before.code, still.after.code) == ("red", "red")
    assert (still.commentary, still.next_steps) == ("Still no protocol", "Agree it")


def test_movement_with_a_criterion_not_rated_in_one_month(agreed_world, levels):
    w = agreed_world
    Rating.objects.filter(assessment=w.february, criterion__code__in=["B1", "B2"]).delete()
    set_level(w.march, "B2", levels["green"])
    Rating.objects.filter(assessment=w.march, criterion__code="B3").delete()

    moved = movement(w)

    rated_once = {move.criterion.code: move for move in moved.rated_once}
    assert set(rated_once) == {"B1", "B2", "B3"}
    assert rated_once["B1"].before is None and rated_once["B1"].after.code == "amber"
    assert rated_once["B3"].before.code == "amber" and rated_once["B3"].after is None
    assert codes(moved.newly_green) == ["B2"]
    assert "B1" not in codes(moved.improved) + codes(moved.declined) + codes(moved.still_red)


def test_movement_ignores_ratings_on_a_criterion_the_framework_no_longer_has(
    agreed_world, levels, framework
):
    w = agreed_world
    retired = CriterionFactory(
        code="A99",
        judgement_area=JudgementAreaFactory(code="OLD", framework=LocalAreaFactory().framework),
    )
    Rating.objects.create(assessment=w.february, criterion=retired, level=levels["red"])
    Rating.objects.create(assessment=w.march, criterion=retired, level=levels["green"])

    data = summaries.area_dashboard(w.area, today=dt.date(2018, 3, 15))

    all_moves = data.movement.improved + data.movement.rated_once + data.movement.newly_green
    assert "A99" not in codes(all_moves)
    assert data.latest_counts.overall.total == 44


def test_movement_compares_agreed_months_only(world, levels):
    agree(world.february)
    set_level(world.march, "A1", levels["green"])  # March is a draft

    data = summaries.area_dashboard(world.area, today=dt.date(2018, 3, 15))

    assert data.latest_agreed == world.february
    assert data.newer_draft == world.march
    assert data.previous_agreed is None


def test_counts_per_level_and_judgement_area(agreed_world, levels):
    set_level(agreed_world.march, "A1", levels["red"])
    set_level(agreed_world.march, "C19", levels["green"])

    counts = summaries.area_dashboard(agreed_world.area).latest_counts

    by_label = {row.label: row.counts for row in counts.by_judgement_area}
    assert by_label == {"Q1": [1, 17, 0], "Q2": [0, 6, 0], "Q3": [0, 19, 1]}
    assert counts.overall.counts == [1, 42, 1]


def test_persistent_reds_need_three_consecutive_agreed_months(agreed_world, levels):
    w = agreed_world
    january = AssessmentFactory(area=w.area, month=dt.date(2018, 1, 1), status="agreed")
    for assessment in (january, w.february, w.march):
        Rating.objects.create(
            assessment=assessment,
            criterion=w.criteria[0],
            level=levels["red"],
        ) if assessment == january else set_level(assessment, "A1", levels["red"])
    Rating.objects.create(assessment=january, criterion=w.criteria[1], level=levels["red"])
    set_level(w.march, "A2", levels["red"])  # red in Jan and Mar, not Feb

    reds = summaries.area_dashboard(w.area).persistent_reds

    assert [(red.criterion.code, red.months) for red in reds] == [("A1", 3)]


def test_stale_when_no_month_agreed_in_last_two_calendar_months():
    assert is_stale(dt.date(2018, 3, 1), today=dt.date(2018, 5, 2))
    assert not is_stale(dt.date(2018, 4, 1), today=dt.date(2018, 5, 2))
    assert not is_stale(dt.date(2018, 5, 1), today=dt.date(2018, 5, 2))
    assert is_stale(None)


def test_dashboard_page_shows_stale_warning_and_groups(client, agreed_world, levels):
    set_level(agreed_world.february, "A9", levels["red"])
    set_level(agreed_world.march, "A9", levels["red"])
    client.force_login(agreed_world.member("board"))

    content = client.get(f"/areas/{agreed_world.area.slug}/").content.decode()

    assert "No month has been agreed since March 2018" in content
    assert 'Still red <span class="app-count">(1)</span>' in content
    assert f'href="/areas/{agreed_world.area.slug}/criteria/A9/"' in content


def test_dashboard_without_agreed_month(client, world):
    client.force_login(world.member("board"))

    response = client.get(f"/areas/{world.area.slug}/")

    assert response.status_code == 200
    assert b"No month has been agreed yet." in response.content


# --- the overview ----------------------------------------------------------------------


@pytest.fixture
def regional_adviser(world, other_world):
    """A user with roles in both areas."""
    user = world.member("board")
    Membership.objects.create(user=user, area=other_world.area, role="scrutiny")
    agree(world.february, world.march, other_world.february, other_world.march)
    return user


def test_overview_lists_only_the_users_areas(client, regional_adviser, framework):
    LocalAreaFactory(name="Bradford", slug="bradford", framework=framework)
    client.force_login(regional_adviser)

    response = client.get("/")

    names = [row["area"].name for row in response.context["table"].data]
    assert sorted(names) == ["Kent", "Sunderland"]
    assert b"Bradford" not in response.content


def test_overview_counts_and_red_change(client, regional_adviser, world, levels):
    set_level(world.march, "A1", levels["red"])
    set_level(world.march, "B1", levels["red"])
    set_level(world.march, "C1", levels["green"])
    client.force_login(regional_adviser)

    rows = {row["area"].slug: row for row in client.get("/").context["table"].data}

    sunderland = rows["sunderland"]
    assert (sunderland["A_red"], sunderland["B_red"], sunderland["C_green"]) == (1, 1, 1)
    assert sunderland["A_amber"] == 17
    assert sunderland["A"] == "1 red, 17 amber, 0 green"
    assert (sunderland["reds"], sunderland["red_change"]) == (2, 2)
    assert rows["kent"]["red_change"] == 0


def test_overview_filters_by_name_role_and_staleness(client, regional_adviser, other_world):
    today = dt.date.today().replace(day=1)
    Assessment.objects.filter(pk=other_world.march.pk).update(month=today)  # Kent is up to date
    client.force_login(regional_adviser)

    by_name = client.get("/?area=kent").context["table"].data
    by_role = client.get("/?role=board").context["table"].data
    stale = client.get("/?stale=yes").context["table"].data

    assert [row["area"].slug for row in by_name] == ["kent"]
    assert [row["area"].slug for row in by_role] == ["sunderland"]
    assert [row["area"].slug for row in stale] == ["sunderland"]


def test_overview_sorts_by_a_column(client, regional_adviser, world, levels):
    set_level(world.march, "A1", levels["red"])
    client.force_login(regional_adviser)

    ascending = client.get("/?sort=reds").context["table"]
    descending = client.get("/?sort=-reds").context["table"]

    assert [row.record["area"].slug for row in ascending.rows] == ["kent", "sunderland"]
    assert [row.record["area"].slug for row in descending.rows] == ["sunderland", "kent"]


def test_overview_shows_stale_warning_in_words(client, regional_adviser):
    client.force_login(regional_adviser)

    content = client.get("/").content.decode()

    assert "No – overdue" in content
