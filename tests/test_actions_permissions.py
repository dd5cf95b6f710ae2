"""Every page and form of plans, inspections and actions, for every role.

Officers and leads write; board and scrutiny read (403 on every write, GET or POST);
another area's user gets 404; anonymous users are sent to sign in. A denied request
changes nothing."""

import pytest

from actions.models import Action, Finding, ImprovementPlan, Inspection, ProgressUpdate, Workstream

from .factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    PlanFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["officer", "lead", "board", "scrutiny"]
WRITERS = {"officer", "lead"}


@pytest.fixture
def records(world):
    plan = PlanFactory(area=world.area, title="WSoA")
    workstream = WorkstreamFactory(plan=plan, code="A")
    inspection = InspectionFactory(area=world.area)
    finding = FindingFactory(inspection=inspection)
    action = ActionFactory(workstream=workstream, weaknesses=[finding])
    return {
        "plan": plan,
        "workstream": workstream,
        "inspection": inspection,
        "finding": finding,
        "action": action,
    }


def urls(world, r):
    a = f"/areas/{world.area.slug}"
    p, i = r["plan"].pk, r["inspection"].pk
    return {
        "plans": f"{a}/plans/",
        "plan": f"{a}/plans/{p}/",
        "action": f"{a}/plans/{p}/actions/{r['action'].pk}/",
        "inspection": f"{a}/inspections/{i}/",
        "plan new": f"{a}/plans/new/",
        "plan edit": f"{a}/plans/{p}/edit/",
        "workstream new": f"{a}/plans/{p}/workstreams/new/",
        "workstream edit": f"{a}/plans/{p}/workstreams/{r['workstream'].pk}/edit/",
        "action new": f"{a}/plans/{p}/actions/new/",
        "action edit": f"{a}/plans/{p}/actions/{r['action'].pk}/edit/",
        "inspection new": f"{a}/inspections/new/",
        "inspection edit": f"{a}/inspections/{i}/edit/",
        "finding new": f"{a}/inspections/{i}/findings/new/",
        "finding edit": f"{a}/inspections/{i}/findings/{r['finding'].pk}/edit/",
    }


READ_PAGES = ["plans", "plan", "action", "inspection"]
FORM_PAGES = [
    "plan new",
    "plan edit",
    "workstream new",
    "workstream edit",
    "action new",
    "action edit",
    "inspection new",
    "inspection edit",
    "finding new",
    "finding edit",
]


def valid_post(name, world, r) -> dict:
    date = {"_0": "1", "_1": "9", "_2": "2020"}
    dated = lambda field: {f"{field}{k}": v for k, v in date.items()}  # noqa: E731
    return {
        "plan new": {"title": "New plan", "kind": "self", "status": "active", **dated("starts_on")},
        "plan edit": {"title": "Renamed", "kind": "wsoa", "status": "active", **dated("starts_on")},
        "workstream new": {"code": "Z", "title": "New stream", "lead_partner": "health"},
        "workstream edit": {"code": "A", "title": "Renamed stream", "lead_partner": "joint"},
        "action new": {
            "workstream": r["workstream"].pk,
            "description": "New action",
            "owner": "Head of SEN",
            "partner": "council",
            "status": "on_track",
            **dated("due_on"),
        },
        "action edit": {
            "workstream": r["workstream"].pk,
            "description": "Renamed action",
            "owner": "Head of SEN",
            "partner": "council",
            "status": "at_risk",
            **dated("due_on"),
        },
        "action": {"text": "Progress", "status_after": "off_track", **dated("date")},
        "inspection new": {"kind": "full", "outcome_category": "no_wsoa", **dated("started_on")},
        "inspection edit": {
            "kind": "revisit",
            "outcome_category": "progress",
            **dated("started_on"),
        },
        "finding new": {"kind": "weakness", "number": "9", "text": "A new weakness"},
        "finding edit": {"kind": "weakness", "number": "1", "text": "Reworded"},
    }[name]


def state():
    """Everything a write could change."""
    return (
        list(ImprovementPlan.objects.values_list("title", "kind")),
        list(Workstream.objects.values_list("code", "title", "lead_partner")),
        list(Action.objects.values_list("description", "status")),
        list(Inspection.objects.values_list("kind", "outcome_category")),
        list(Finding.objects.values_list("number", "text")),
        ProgressUpdate.objects.count(),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", READ_PAGES)
def test_read_pages_open_to_every_role(client, world, records, role, page):
    client.force_login(world.member(role))

    response = client.get(urls(world, records)[page])

    assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", FORM_PAGES)
def test_form_pages_only_for_writers(client, world, records, role, page):
    client.force_login(world.member(role))

    response = client.get(urls(world, records)[page])

    assert response.status_code == (200 if role in WRITERS else 403)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", [*FORM_PAGES, "action"])
def test_hand_made_posts_only_for_writers(client, world, records, role, page):
    client.force_login(world.member(role))
    before = state()

    response = client.post(urls(world, records)[page], valid_post(page, world, records))

    if role in WRITERS:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert state() != before
    else:
        assert response.status_code == 403
        assert state() == before


@pytest.mark.parametrize("page", [*READ_PAGES, *FORM_PAGES])
def test_another_areas_user_gets_404(client, world, other_world, records, page):
    client.force_login(other_world.member("lead"))
    before = state()

    get = client.get(urls(world, records)[page])
    post = client.post(
        urls(world, records)[page], valid_post(page, world, records) if page in FORM_PAGES else {}
    )

    assert (get.status_code, post.status_code) == (404, 404)
    assert state() == before


@pytest.mark.parametrize("page", [*READ_PAGES, *FORM_PAGES])
def test_anonymous_is_sent_to_sign_in(client, world, records, page):
    response = client.get(urls(world, records)[page])

    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_records_of_another_area_are_404_under_this_area(client, world, other_world, records):
    """A lead of both areas cannot reach Kent's plan through Sunderland's URL."""
    lead = world.member("lead")
    other_world.area.memberships.create(user=lead, role="lead")
    foreign_plan = PlanFactory(area=other_world.area)
    foreign_inspection = InspectionFactory(area=other_world.area)
    client.force_login(lead)
    a = f"/areas/{world.area.slug}"

    assert client.get(f"{a}/plans/{foreign_plan.pk}/").status_code == 404
    assert client.get(f"{a}/inspections/{foreign_inspection.pk}/").status_code == 404
    assert (
        client.get(
            f"{a}/plans/{records['plan'].pk}/actions/{ActionFactory(workstream=WorkstreamFactory(plan=foreign_plan)).pk}/"
        ).status_code
        == 404
    )


def test_read_only_roles_see_no_edit_links(client, world, records):
    client.force_login(world.member("board"))

    content = client.get(urls(world, records)["plan"]).content.decode()

    assert "Add an action" not in content and "Edit the plan" not in content
