"""Which framework's criterion a criterion page shows: the area's own framework's,
else that of a framework it switched from (or to), the newest first; none of another."""

import datetime as dt

import pytest

from areas.models import FrameworkSwitch
from areas.ratings.selectors import criterion_of_area

from .factories import CriterionFactory, FrameworkFactory, LocalAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def switched():
    """An area moved from a 2016 framework to a 2023 one."""
    old, new = FrameworkFactory(year=2016), FrameworkFactory(year=2023)
    area = LocalAreaFactory(framework=new)
    FrameworkSwitch.objects.create(
        area=area, from_framework=old, to_framework=new, from_month=dt.date(2024, 1, 1)
    )
    return area, old, new


def test_the_areas_own_framework_comes_first(switched):
    area, old, new = switched
    CriterionFactory(judgement_area__framework=old, code="A1")
    own = CriterionFactory(judgement_area__framework=new, code="A1")

    assert criterion_of_area(area, "A1") == own


def test_a_criterion_only_of_the_framework_it_switched_from_is_found(switched):
    area, old, _ = switched
    earlier = CriterionFactory(judgement_area__framework=old, code="C19")

    found = criterion_of_area(area, "C19")

    assert found == earlier
    assert found.judgement_area == earlier.judgement_area  # read with it


def test_a_criterion_of_a_framework_the_area_never_used_is_not_found(switched):
    area, _, _ = switched
    CriterionFactory(judgement_area__framework=FrameworkFactory(), code="Z9")

    assert criterion_of_area(area, "Z9") is None
