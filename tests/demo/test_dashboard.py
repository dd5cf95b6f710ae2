"""The dashboard on the demonstration data agrees with the seed paper and the tracker."""

import datetime as dt

import pytest

from areas.models import LocalArea
from areas.ratings import summaries
from areas.ratings.selectors import area_tracker

pytestmark = pytest.mark.django_db

FEB, MAR = dt.date(2018, 2, 1), dt.date(2018, 3, 1)


def codes(rows):
    return [row.criterion.code for row in rows]


@pytest.fixture
def sunderland(demo):
    return LocalArea.objects.get(slug="sunderland")


def test_demo_sunderland_movement_follows_the_seed(sunderland):
    data = summaries.area_dashboard(sunderland)

    assert data.latest_agreed.month == MAR and data.previous_agreed.month == FEB
    assert {"A4", "A10", "B2"} <= set(codes(data.movement.improved))
    assert "A9" in codes(data.movement.still_red)
    assert not {"A6", "C3", "A14", "A15"} & set(
        codes(data.movement.improved + data.movement.declined)
    )


def test_demo_counts_and_trend_agree_with_the_tracker(sunderland):
    data = summaries.area_dashboard(sunderland)
    tracker = area_tracker(sunderland).periods[0]  # Sunderland has not switched

    for month_index, month in enumerate(tracker.months):
        trend = data.trend[month_index]
        assert trend.assessment.pk == month.pk
        for ja_index, ja in enumerate(data.judgement_areas):
            from_tracker = [
                sum(
                    1
                    for row in tracker.rows
                    if row.criterion.judgement_area_id == ja.pk
                    and row.cells[month_index][1] is not None
                    and row.cells[month_index][1].pk == level.pk
                )
                for level in data.levels
            ]
            assert trend.by_judgement_area[ja_index].counts == from_tracker
    assert data.latest_counts.overall.counts == data.trend[-1].overall.counts
