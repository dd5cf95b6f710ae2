"""The quick tables (common/tables.py) render every cell as django-tables2 itself does,
reading each render method's arguments once instead of once a cell."""

import datetime as dt

import pytest
from django_tables2.rows import BoundRow

from actions.plans import selectors
from actions.plans.tables import ActionTable
from actions.scrutiny.selectors import area_recommendations
from actions.scrutiny.tables import RecommendationTable

from .factories import (
    ActionFactory,
    PlanFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def cells_both_ways(table) -> tuple[list, list]:
    quick = [list(row) for row in table.rows]
    library = [list(BoundRow(record, table=table)) for record in table.data]
    return quick, library


def test_action_table_cells_are_those_django_tables2_renders(world):
    plan = PlanFactory(area=world.area)
    stream = WorkstreamFactory(plan=plan)
    ActionFactory(workstream=stream, due_on=dt.date(2020, 1, 5), criteria=world.criteria[:2])
    ActionFactory(workstream=stream, due_on=dt.date(2031, 7, 1), status="complete")

    quick, library = cells_both_ways(ActionTable(list(selectors.plan_actions(plan))))

    assert quick == library
    assert [row[4] for row in quick] == ["5 Jan 2020", "1 Jul 2031"]  # due, formatted once
    assert "Overdue" in str(quick[0][6]) and quick[1][6] == "No"


def test_recommendation_table_cells_are_those_django_tables2_renders(world):
    review = ReviewFactory(area=world.area)
    answered = RecommendationFactory(review=review, number=1)
    ResponseFactory(recommendation=answered, target_date=dt.date(2020, 3, 1))
    RecommendationFactory(review=review, number=2)  # no response: no target date

    quick, library = cells_both_ways(RecommendationTable(list(area_recommendations(world.area))))

    assert quick == library
    assert [row[6] for row in quick] == ["Mar 2020", "–"]
