"""The actions delivering each self-evaluation point (read in SQL for the page): the
area's own only, by the point's key, soonest due first, each with its address."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from actions.models import ActionPointLink
from actions.plans.selectors import actions_by_point_key

from .factories import ActionFactory, LocalAreaFactory

pytestmark = pytest.mark.django_db


def test_each_key_gets_the_areas_own_actions_soonest_first():
    here, elsewhere = LocalAreaFactory(), LocalAreaFactory()
    key, other_key = uuid.uuid4(), uuid.uuid4()
    later = ActionFactory(workstream__plan__area=here, due_on=dt.date(2026, 6, 1))
    sooner = ActionFactory(workstream__plan__area=here, due_on=dt.date(2026, 3, 1))
    theirs = ActionFactory(workstream__plan__area=elsewhere, due_on=dt.date(2026, 1, 1))
    for action in (later, sooner, theirs):
        ActionPointLink.objects.create(action=action, point_key=key)
    ActionPointLink.objects.create(action=later, point_key=other_key)

    found = actions_by_point_key(here, [key, other_key])

    assert [a.description for a in found[key]] == [sooner.description, later.description]
    assert [a.description for a in found[other_key]] == [later.description]
    address = reverse("plans:action", args=[here.slug, sooner.workstream.plan_id, sooner.pk])
    assert found[key][0].get_absolute_url() == address


def test_no_keys_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert actions_by_point_key(LocalAreaFactory.build(), []) == {}
