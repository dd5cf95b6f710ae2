"""Westmere, the fictional demo area already on the Area SEND framework (2023): its
months are rated against the eleven 2023 criteria, its full inspection has outcome 3 and
its priority action plan carries key indicators per priority (fixtures/demo/westmere.yaml)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from actions.models import ImprovementPlan, Inspection
from actions.plans.selectors import latest_follow_ups
from areas.models import Assessment, LocalArea
from common.months import months_after

pytestmark = pytest.mark.django_db


@pytest.fixture
def westmere(demo):
    return LocalArea.objects.get(slug="westmere")


def test_westmere_is_a_demo_area_on_the_2023_framework(westmere):
    assert westmere.is_demo and "fictional" in westmere.name
    frameworks = set(
        Assessment.objects.filter(area=westmere).values_list("framework__slug", flat=True)
    )
    assert frameworks == {westmere.framework.slug} == {"area-send-2023"}


def test_its_inspection_has_outcome_3_and_the_follow_ups(westmere):
    inspection = Inspection.objects.get(area=westmere)
    assert (inspection.kind, inspection.outcome_category, inspection.is_demo) == (
        "full",
        "systemic",
        True,
    )
    due = latest_follow_ups(westmere).follow_ups.monitoring_inspection_by
    assert due == months_after(inspection.published_on, 18) > dt.date.today()


def test_its_priority_action_plan_has_key_indicators_per_priority(westmere):
    plan = ImprovementPlan.objects.get(area=westmere)
    assert (plan.kind, plan.is_demo) == ("priority", True)
    workstreams = list(plan.workstreams.order_by("code"))
    assert [w.code for w in workstreams] == ["PA1", "PA2"]
    assert all(w.key_indicators for w in workstreams)
    priorities = plan.inspection.findings.filter(kind="priority")
    addressed = {
        f.number for a in plan.workstreams.first().actions.all() for f in a.weaknesses.all()
    }
    assert priorities.count() == 2 and addressed == {1}


def test_the_board_sees_the_monitoring_inspection_countdown(client, westmere):
    client.force_login(get_user_model().objects.get(username="westmere-board"))

    page = client.get(reverse("dashboard", args=["westmere"])).content.decode()

    assert "monitoring inspection" in page.lower()
    assert "Evaluation area 1" in page
