import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import F

from actions.models import (
    Action,
    Finding,
    ImprovementPlan,
    Inspection,
    Milestone,
    ProgressUpdate,
    Workstream,
)
from sendready.demo.actions_demo import demo_actions_load

pytestmark = pytest.mark.django_db

MODELS = [Inspection, Finding, ImprovementPlan, Workstream, Action, Milestone, ProgressUpdate]


@pytest.fixture
def counts() -> dict[str, int]:
    # load_demo may or may not call demo_actions_load yet; calling it again here is safe
    # because it is idempotent, and it gives us its return value.
    call_command("load_demo", password="pw", stdout=io.StringIO())
    return demo_actions_load()


def plan(slug: str) -> ImprovementPlan:
    return ImprovementPlan.objects.get(area__slug=slug)


def table_sizes() -> dict[str, int]:
    sizes = {model.__name__: model.objects.count() for model in MODELS}
    sizes["action criteria"] = Action.criteria.through.objects.count()
    sizes["action weaknesses"] = Action.weaknesses.through.objects.count()
    sizes["finding criteria"] = Finding.criteria.through.objects.count()
    return sizes


def test_kent_inspection_has_nine_weaknesses_with_criteria(counts):
    inspection = Inspection.objects.get(area__slug="kent")
    assert (inspection.started_on, inspection.published_on) == (
        dt.date(2019, 1, 28),
        dt.date(2019, 3, 29),
    )
    assert inspection.outcome_category == "wsoa"
    assert inspection.framework == inspection.area.framework
    weaknesses = inspection.findings.filter(kind="weakness")
    assert weaknesses.count() == 9
    assert sorted(weaknesses.values_list("number", flat=True)) == list(range(1, 10))
    for finding in weaknesses:
        assert 1 <= finding.criteria.count() <= 3
        assert finding.actions.exists(), f"no action addresses weakness {finding.number}"


def test_kent_plan_has_the_seed_workstreams_and_lead_partners(counts):
    kent = plan("kent")
    assert kent.kind == "wsoa"
    assert kent.starts_on == dt.date(2019, 8, 1)
    assert kent.ends_on >= dt.date(2021, 3, 31)
    assert kent.governance == "SEND Improvement Board"
    assert kent.budget == 2_900_000
    assert kent.inspection.area.slug == "kent"
    leads = dict(kent.workstreams.values_list("code", "lead_partner"))
    assert leads == {"A": "council", "B": "council", "C": "council", "D": "joint", "E": "health"}
    for workstream in kent.workstreams.all():
        assert workstream.actions.exists()


def test_kent_ep_waiting_list_facts_appear(counts):
    texts = [
        a.description + " " + a.success_measure
        for a in Action.objects.filter(workstream__plan__area__slug="kent")
    ]
    texts += list(
        ProgressUpdate.objects.filter(action__workstream__plan__area__slug="kent").values_list(
            "text", flat=True
        )
    )
    assert any("412" in text and "17" in text for text in texts)


def test_kent_has_live_and_overdue_work_and_updates_by_the_officer(counts):
    today = dt.date.today()
    actions = Action.objects.filter(workstream__plan__area__slug="kent")
    current = actions.open().filter(due_on__gte=today)
    assert 2 <= current.count() <= 3
    assert set(current.values_list("status", flat=True)) <= {"on_track", "at_risk"}
    assert actions.overdue(today).exists()
    assert actions.filter(status__in=["complete", "closed"]).count() > actions.open().count()
    recorders = set(
        ProgressUpdate.objects.filter(action__in=actions).values_list(
            "recorded_by__username", flat=True
        )
    )
    assert recorders == {"kent-officer"}


def test_bradford_has_four_workstreams_and_actions_for_each_partner(counts):
    bradford = plan("bradford")
    assert bradford.kind == "improvement"
    assert bradford.inspection is None
    assert bradford.governance == "SEND Strategic Partnership Board"
    assert set(bradford.workstreams.values_list("title", flat=True)) == {
        "Co-Production and Engagement",
        "Preparation for Adulthood",
        "Integrated Assessment and Compliance",
        "Joint Commissioning",
    }
    partners = set(
        Action.objects.filter(workstream__plan=bradford).values_list("partner", flat=True)
    )
    assert {"council", "health", "joint"} <= partners
    assert ProgressUpdate.objects.filter(action__workstream__plan=bradford).exists()


def test_sunderland_actions_cover_its_red_criteria(counts):
    sunderland = plan("sunderland")
    assert sunderland.kind == "self"
    assert sunderland.starts_on.year == 2018
    codes = set(
        Action.criteria.through.objects.filter(action__workstream__plan=sunderland).values_list(
            "criterion__code", flat=True
        )
    )
    assert {"A9", "A4", "A10", "B2"} <= codes


def test_every_action_starts_before_it_is_due_and_matches_its_latest_update(counts):
    assert counts["actions"] > 0
    assert not Action.objects.filter(starts_on__gt=F("due_on")).exists()
    for plan_ in ImprovementPlan.objects.all():
        assert plan_.ends_on is None or plan_.ends_on >= plan_.starts_on
    for action in Action.objects.prefetch_related("updates"):
        updates = list(action.updates.all())  # newest first
        if updates:
            assert updates[0].status_after == action.status, action.description


def test_every_row_is_demo_data(counts):
    for model in (Inspection, Finding, ImprovementPlan, Action, ProgressUpdate):
        assert not model.objects.filter(is_demo=False).exists(), model.__name__


def test_counts_are_what_exists(counts):
    assert counts == {
        "inspections": Inspection.objects.count(),
        "findings": Finding.objects.count(),
        "plans": ImprovementPlan.objects.count(),
        "workstreams": Workstream.objects.count(),
        "actions": Action.objects.count(),
        "milestones": Milestone.objects.count(),
        "updates": ProgressUpdate.objects.count(),
    }
    assert counts["plans"] == 3
    assert counts["findings"] == 9


def test_loading_again_changes_nothing(counts):
    before = table_sizes()

    call_command("load_demo", password="pw", stdout=io.StringIO())
    again = demo_actions_load(today=dt.date.today() + dt.timedelta(days=40))

    assert again == counts
    assert table_sizes() == before
