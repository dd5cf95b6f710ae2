"""Self-evaluation: versions, publish-freeze, compare, permissions, query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.models import Assessment, SelfEvaluationPoint, SelfEvaluationVersion
from areas.self_evaluation import selectors as se
from areas.self_evaluation import services as se_services
from common.errors import Refused

pytestmark = pytest.mark.django_db

ROLES = ["officer", "lead", "board", "scrutiny"]


def question(world, code):
    return world.area.framework.judgement_areas.get(code=code)


def criterion(world, code):
    return next(c for c in world.criteria if c.code == code)


def add_point(world, version, label, *, code="A", kind="strength", criteria=()):
    return se_services.point_save(
        version=version,
        judgement_area=question(world, code),
        kind=kind,
        label=label,
        explanation=f"{label} explained",
        criteria=[criterion(world, c) for c in criteria],
        evidence="",
        by=world.member("officer"),
    )


@pytest.fixture
def published(world):
    draft = se_services.draft_start(area=world.area, by=world.member("officer"))
    add_point(world, draft, "Co-production", criteria=["B1"])
    add_point(world, draft, "Timeliness", code="B", kind="develop", criteria=["A6"])
    add_point(world, draft, "Transitions", code="C", kind="develop")
    return se_services.version_publish(version=draft, by=world.member("lead"))


# --- publish-freeze and versions ----------------------------------------------------------


def test_published_version_cannot_change(world, published):
    point = published.points.first()

    with pytest.raises(Refused, match="published"):
        add_point(world, published, "Late addition")
    with pytest.raises(Refused, match="published"):
        se_services.point_save(
            version=published,
            point=point,
            judgement_area=point.judgement_area,
            kind=point.kind,
            label="X",
            explanation="Y",
            by=world.member("officer"),
        )
    with pytest.raises(Refused, match="published"):
        se_services.point_delete(point=point, by=world.member("officer"))
    with pytest.raises(Refused):
        se_services.version_publish(version=published, by=world.member("lead"))

    assert published.points.count() == 3
    assert SelfEvaluationPoint.objects.get(pk=point.pk).label == point.label


def test_published_version_records_who_and_when(world, published):
    assert published.is_published
    assert published.published_by == world.member("lead")
    assert published.published_at is not None


def test_new_draft_copies_points_with_their_keys(world, published):
    draft = se_services.draft_start(area=world.area, by=world.member("officer"))

    assert (draft.number, draft.status) == (2, "draft")
    assert {p.key for p in draft.points.all()} == {p.key for p in published.points.all()}
    copied = draft.points.get(label="Co-production")
    assert [c.code for c in copied.criteria.all()] == ["B1"]
    assert (
        se_services.draft_start(area=world.area, by=world.member("officer")) == draft
    )  # one draft


def test_empty_draft_cannot_be_published(world):
    draft = se_services.draft_start(area=world.area, by=world.member("officer"))

    with pytest.raises(Refused, match="empty"):
        se_services.version_publish(version=draft, by=world.member("lead"))


def test_compare_lists_added_removed_and_changed(world, published):
    draft = se_services.draft_start(area=world.area, by=world.member("officer"))
    timeliness = draft.points.get(label="Timeliness")
    se_services.point_save(
        version=draft,
        point=timeliness,
        judgement_area=timeliness.judgement_area,
        kind=timeliness.kind,
        label="Timeliness",
        explanation="Over 80% of new plans within 20 weeks",
        criteria=[criterion(world, "A6")],
        evidence="",
        by=world.member("officer"),
    )
    se_services.point_withdraw(
        point=draft.points.get(label="Transitions"),
        by=world.member("officer"),
        reason="Covered by preparing for adulthood",
    )
    add_point(world, draft, "Preparing for adulthood", code="C", kind="develop")
    newer = se_services.version_publish(version=draft, by=world.member("lead"))

    comparison = se.compare(published, newer)

    assert [p.label for p in comparison.added] == ["Preparing for adulthood"]
    assert [p.label for p in comparison.removed] == ["Transitions"]
    assert [(c.after.label, c.what) for c in comparison.changed] == [
        ("Timeliness", ["explanation"])
    ]


def test_compare_notices_changed_criteria_links(world, published):
    draft = se_services.draft_start(area=world.area, by=world.member("officer"))
    point = draft.points.get(label="Co-production")
    point.criteria.set([criterion(world, "B4")])

    comparison = se.compare(published, draft)

    assert [(c.after.label, c.what) for c in comparison.changed] == [
        ("Co-production", ["criteria"])
    ]
    assert comparison.added == comparison.removed == []


# --- pages -------------------------------------------------------------------------------


def urls(world, version):
    a = f"/areas/{world.area.slug}/self-evaluation"
    return {
        "latest": f"{a}/",
        "version": f"{a}/versions/{version.number}/",
        "compare": f"{a}/versions/{version.number}/compare/",
        "point new": f"{a}/points/new/",
        "point edit": f"{a}/points/{version.points.first().pk}/edit/",
    }


@pytest.fixture
def second(world, published):
    draft = se_services.draft_start(area=world.area, by=world.member("officer"))
    add_point(world, draft, "New point", code="B", kind="develop")
    return draft


@pytest.mark.parametrize("role", ROLES)
def test_self_evaluation_readable_by_every_role(client, world, published, second, role):
    client.force_login(world.member(role))

    response = client.get(urls(world, published)["latest"])
    compare = client.get(urls(world, second)["compare"])

    assert response.status_code == 200 and "Co-production" in response.content.decode()
    # Drafts are for those who edit them.
    assert compare.status_code == (200 if role in {"officer", "lead"} else 404)


def test_version_page_says_who_published_it_and_refuses_a_missing_number(
    client, world, published, second
):
    client.force_login(world.member("board"))

    page = client.get(urls(world, published)["version"]).content.decode()
    missing = client.get(f"/areas/{world.area.slug}/self-evaluation/versions/99/")
    draft = client.get(urls(world, second)["version"])

    assert f"by {world.member('lead').username}. It does not change." in page
    assert (missing.status_code, draft.status_code) == (404, 404)


@pytest.mark.parametrize("role", ROLES)
def test_point_forms_only_for_officers_and_leads(client, world, second, role):
    client.force_login(world.member(role))
    before = second.points.count()

    get = client.get(urls(world, second)["point new"])
    post = client.post(
        urls(world, second)["point new"],
        {
            "judgement_area": question(world, "A").pk,
            "kind": "develop",
            "label": "L",
            "explanation": "E",
        },
    )

    allowed = role in {"officer", "lead"}
    assert (get.status_code, post.status_code) == ((200, 302) if allowed else (403, 403))
    assert second.points.count() == before + (1 if allowed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_publish_only_for_lead(client, world, second, role):
    client.force_login(world.member(role))

    response = client.post(
        f"/areas/{world.area.slug}/self-evaluation/versions/{second.number}/publish/"
    )

    second.refresh_from_db()
    assert response.status_code == (302 if role == "lead" else 403)
    assert second.is_published is (role == "lead")


def test_editing_a_published_point_by_hand_made_post_is_refused(client, world, published):
    point = published.points.get(label="Co-production")
    client.force_login(world.member("officer"))

    response = client.post(
        urls(world, published)["point edit"].replace(
            str(published.points.first().pk), str(point.pk)
        ),
        {
            "judgement_area": point.judgement_area_id,
            "kind": "strength",
            "label": "Changed",
            "explanation": "E",
        },
    )

    assert "cannot change" in response.content.decode()
    assert SelfEvaluationPoint.objects.get(pk=point.pk).label == "Co-production"


@pytest.mark.parametrize("page", ["latest", "version", "compare", "point new", "point edit"])
def test_self_evaluation_404_for_another_area(client, world, other_world, second, page):
    client.force_login(other_world.member("lead"))

    assert client.get(urls(world, second)[page]).status_code == 404


def test_point_with_another_frameworks_criterion_is_refused(client, world, second):
    from .factories import CriterionFactory

    client.force_login(world.member("officer"))

    response = client.post(
        urls(world, second)["point new"],
        {
            "judgement_area": question(world, "A").pk,
            "kind": "develop",
            "label": "L",
            "explanation": "E",
            "criteria": [CriterionFactory().pk],
        },
    )

    assert "Choose criteria from this area" in response.content.decode()
    assert not second.points.filter(label="L").exists()


def test_criterion_history_shows_linked_points(client, world, published):
    client.force_login(world.member("board"))

    content = client.get(f"/areas/{world.area.slug}/criteria/A6/").content.decode()

    assert "Timeliness" in content and "Co-production" not in content


def test_dashboard_warns_when_self_evaluation_is_six_months_behind(client, world, published):
    Assessment.objects.filter(area=world.area).update(status="agreed")
    client.force_login(world.member("board"))
    march = dt.datetime(2018, 3, 1, tzinfo=dt.UTC)

    SelfEvaluationVersion.objects.filter(pk=published.pk).update(
        published_at=march - dt.timedelta(days=200)
    )
    stale = client.get(f"/areas/{world.area.slug}/").content.decode()
    SelfEvaluationVersion.objects.filter(pk=published.pk).update(
        published_at=march - dt.timedelta(days=100)
    )
    fresh = client.get(f"/areas/{world.area.slug}/").content.decode()

    assert "months older than the latest agreed RAG month" in stale
    assert "months older than the latest agreed RAG month" not in fresh
    assert "was published on" in fresh


def test_self_evaluation_page_queries_do_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.member("officer"))
    counts = []
    for points in (2, 30):
        SelfEvaluationVersion.objects.filter(area=world.area).delete()
        draft = se_services.draft_start(area=world.area, by=world.member("officer"))
        for n in range(points):
            add_point(
                world,
                draft,
                f"Point {n}",
                code="ABC"[n % 3],
                kind=["strength", "develop"][n % 2],
                criteria=["A1", "B2"],
            )
        # (3 of them save the session's new expiry, as every request does)
        with django_assert_max_num_queries(11), CaptureQueriesContext(connection) as context:
            assert client.get(f"/areas/{world.area.slug}/self-evaluation/").status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]


def test_action_linked_to_a_point_shows_on_it_in_later_versions(client, world, published):
    from .factories import PlanFactory, WorkstreamFactory

    plan = PlanFactory(area=world.area)
    stream = WorkstreamFactory(plan=plan, code="A")
    point = published.points.get(label="Timeliness")
    client.force_login(world.member("officer"))
    response = client.post(
        f"/areas/{world.area.slug}/plans/{plan.pk}/actions/new/",
        {
            "workstream": stream.pk,
            "description": "Commission extra educational psychologists",
            "owner": "Head of SEN",
            "partner": "council",
            "status": "on_track",
            "due_on_0": "1",
            "due_on_1": "3",
            "due_on_2": "2027",
            "points": [point.pk],
        },
    )
    assert response.status_code == 302
    se_services.draft_start(
        area=world.area, by=world.member("officer")
    )  # version 2 copies the point

    page = client.get(f"/areas/{world.area.slug}/self-evaluation/").content.decode()

    assert "Commission extra educational" in page  # shown on version 2's copy of the point


def test_action_cannot_link_another_areas_point(client, world, other_world, published):
    from actions.models import Action

    from .factories import PlanFactory, WorkstreamFactory

    other = se_services.draft_start(area=other_world.area, by=other_world.member("officer"))
    foreign = add_point(other_world, other, "Elsewhere")
    plan = PlanFactory(area=world.area)
    stream = WorkstreamFactory(plan=plan, code="A")
    client.force_login(world.member("officer"))

    response = client.post(
        f"/areas/{world.area.slug}/plans/{plan.pk}/actions/new/",
        {
            "workstream": stream.pk,
            "description": "x",
            "owner": "y",
            "partner": "council",
            "status": "on_track",
            "due_on_0": "1",
            "due_on_1": "3",
            "due_on_2": "2027",
            "points": [foreign.pk],
        },
    )

    assert "Choose points from this area" in response.content.decode()
    assert not Action.objects.exists()
