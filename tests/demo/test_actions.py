import datetime as dt

import pytest
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
from sendready.demo.loader import DEMO_DIR, demo_counts, demo_load, read_demo_file

pytestmark = pytest.mark.django_db

MODELS = [Inspection, Finding, ImprovementPlan, Workstream, Action, Milestone, ProgressUpdate]


def plan(slug: str) -> ImprovementPlan:
    return ImprovementPlan.objects.get(area__slug=slug)


def table_sizes() -> dict[str, int]:
    sizes = {model.__name__: model.objects.count() for model in MODELS}
    sizes["action criteria"] = Action.criteria.through.objects.count()
    sizes["action weaknesses"] = Action.weaknesses.through.objects.count()
    sizes["finding criteria"] = Finding.criteria.through.objects.count()
    return sizes


def action_rows(slug: str) -> list[tuple]:
    """Each action of the area's plan in the order made, with its milestones and updates."""
    rows = []
    actions = Action.objects.filter(workstream__plan__area__slug=slug).order_by("pk")
    for action in actions.prefetch_related("criteria", "weaknesses", "milestones", "updates"):
        rows.append(
            (
                action.workstream.code,
                action.description,
                (action.owner, action.partner, action.starts_on, action.due_on, action.status),
                action.success_measure,
                sorted(finding.number for finding in action.weaknesses.all()),
                sorted(criterion.code for criterion in action.criteria.all()),
                sorted((m.title, m.due_on, m.done_on) for m in action.milestones.all()),
                sorted(
                    (u.date, u.status_after, u.recorded_by.username, u.text)
                    for u in action.updates.all()
                ),
            )
        )
    return rows


def file_rows(slug: str, data: dict) -> list[tuple]:
    """The same, as the area's file gives them."""
    return [
        (
            spec["workstream"],
            spec["description"],
            (spec["owner"], spec["partner"], spec["starts_on"], spec["due_on"], spec["status"]),
            spec["success_measure"],
            sorted(spec.get("weaknesses", [])),
            sorted(spec.get("criteria", [])),
            sorted((m["title"], m["due_on"], m.get("done_on")) for m in spec.get("milestones", [])),
            sorted(
                (u["date"], u["status_after"], f"{slug}-{u['recorded_by']}", u["text"])
                for u in spec.get("updates", [])
            ),
        )
        for plan_spec in data["plans"]
        for spec in plan_spec["actions"]
    ]


@pytest.mark.parametrize("slug", ["kent", "bradford", "sunderland"])
def test_the_plans_actions_milestones_and_updates_are_the_files(demo, slug):
    data = read_demo_file(DEMO_DIR / f"{slug}.yaml", dt.date.today())
    (spec,) = data["plans"]
    found = plan(slug)
    for name in ("title", "kind", "starts_on", "ends_on", "status", "governance"):
        assert getattr(found, name) == spec[name], name
    assert found.budget == spec.get("budget")
    workstreams = found.workstreams.values_list("code", "title", "lead_partner", "lead_officer")
    assert sorted(workstreams) == sorted(
        (w["code"], w["title"], w["lead_partner"], w["lead_officer"]) for w in spec["workstreams"]
    )
    assert action_rows(slug) == file_rows(slug, data)


def test_kent_inspection_has_nine_weaknesses_with_criteria(demo):
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


def test_kent_plan_has_the_seed_workstreams_and_lead_partners(demo):
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


def test_kent_ep_waiting_list_facts_appear(demo):
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


def test_kent_has_live_and_overdue_work_and_updates_by_the_officer(demo):
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


def test_kent_live_work_is_dated_from_the_day_of_loading(demo):
    ImprovementPlan.objects.filter(area__slug="kent").delete()
    today = dt.date(2030, 1, 10)

    demo_load(password="pw", today=today)

    kent = plan("kent")
    assert kent.ends_on == dt.date(2031, 3, 31)  # after the last live action, due today+120d
    live = Action.objects.filter(workstream__plan=kent).open()
    assert max(live.values_list("due_on", flat=True)) == today + dt.timedelta(days=120)
    assert live.overdue(today).exists() and live.filter(due_on__gte=today).count() == 3


def test_bradford_has_four_workstreams_and_actions_for_each_partner(demo):
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


def test_sunderland_actions_cover_its_red_criteria(demo):
    sunderland = plan("sunderland")
    assert sunderland.kind == "self"
    assert sunderland.starts_on.year == 2018
    codes = set(
        Action.criteria.through.objects.filter(action__workstream__plan=sunderland).values_list(
            "criterion__code", flat=True
        )
    )
    assert {"A9", "A4", "A10", "B2"} <= codes


def test_every_action_starts_before_it_is_due_and_matches_its_latest_update(demo):
    assert Action.objects.exists()
    assert not Action.objects.filter(starts_on__gt=F("due_on")).exists()
    for plan_ in ImprovementPlan.objects.all():
        assert plan_.ends_on is None or plan_.ends_on >= plan_.starts_on
    for action in Action.objects.prefetch_related("updates"):
        updates = list(action.updates.all())  # newest first
        if updates:
            assert updates[0].status_after == action.status, action.description


def test_every_row_is_demo_data_written_by_the_officer(demo):
    for model in (Inspection, Finding, ImprovementPlan, Action, ProgressUpdate):
        assert not model.objects.filter(is_demo=False).exists(), model.__name__
    for model in (Inspection, Finding, ImprovementPlan, Workstream, Action, Milestone):
        writers = set(model.objects.values_list("updated_by__username", flat=True))
        assert all(writer.endswith("-officer") for writer in writers), model.__name__


def test_counts_are_what_exists(demo):
    counts = demo_counts()["plans"]

    assert counts == {
        "inspections": Inspection.objects.count(),
        "findings": Finding.objects.count(),
        "plans": ImprovementPlan.objects.count(),
        "workstreams": Workstream.objects.count(),
        "actions": Action.objects.count(),
        "milestones": Milestone.objects.count(),
        "updates": ProgressUpdate.objects.count(),
    }
    assert (counts["plans"], counts["findings"], counts["actions"]) == (4, 13, 48)


def test_loading_again_changes_nothing(demo):
    before = table_sizes()

    again = demo_load(password="pw", today=dt.date.today() + dt.timedelta(days=40))

    assert again["plans"] == demo_counts()["plans"]
    assert table_sizes() == before
