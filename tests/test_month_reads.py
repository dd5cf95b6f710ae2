"""The month page's and save's reads (areas/ratings/selectors.py: month_and_previous,
ratings_of_months) are prepared queries that make instances from rows: each instance
and the relations read with it must be what the ORM reads."""

import datetime as dt

import pytest

from areas.models import Assessment, Rating
from areas.ratings import selectors, services

from .test_membership_lookup import fields_of

pytestmark = pytest.mark.django_db


def test_the_month_and_the_one_before_are_as_the_orm_reads_them(world, other_world):
    services.month_agree(assessment=world.february, by=world.member("lead"))

    march, february = selectors.month_and_previous(world.area, dt.date(2018, 3, 1))

    for found in (march, february):
        expected = Assessment.objects.select_related("framework", "agreed_by").get(pk=found.pk)
        assert fields_of(found) == fields_of(expected)
        assert fields_of(found.framework) == fields_of(expected.framework)
        assert found.area == world.area
    assert fields_of(february.agreed_by) == fields_of(world.member("lead"))
    assert march.agreed_by is None
    assert (march.ever_agreed, february.ever_agreed) == (False, True)
    # Another area's months are not this area's.
    assert selectors.month_and_previous(world.area, dt.date(2018, 1, 1)) == (None, None)


def test_both_months_ratings_are_as_the_orm_reads_them(world, levels):
    by_id = {level.pk: level for level in levels.values()}

    current, earlier = selectors.ratings_of_months(world.march, world.february, by_id.values())

    expected = {r.criterion_id: r for r in Rating.objects.filter(assessment=world.march)}
    assert {c: fields_of(r) for c, r in current.items()} == {
        c: fields_of(r) for c, r in expected.items()
    }
    assert all(rating.carried_from is None for rating in current.values())
    # Of the month before, its levels only (each the framework's level read already).
    before = Rating.objects.filter(assessment=world.february).select_related("level")
    assert {c: (last.level_id, last.level) for c, last in earlier.items()} == {
        r.criterion_id: (r.level_id, r.level) for r in before
    }
    assert all(last.level is by_id[last.level_id] for last in earlier.values())
    alone, none_before = selectors.ratings_of_months(world.march, None, by_id.values())
    assert set(alone) == set(current) and none_before == {}
