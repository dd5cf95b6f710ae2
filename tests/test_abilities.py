"""Every ability × every role: the view answers as the permissions module decides, and
the page shows the matching control only to the roles that may use it.

The expectation comes from `areas.members.permissions.ABILITIES` itself, so the test
follows the rules; what it catches is a view or a template that disagrees with them."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from areas.members.permissions import ABILITIES
from areas.models import Membership
from areas.self_evaluation import services as se_services

from .conftest import ROLES
from .factories import ActionFactory, PlanFactory, RecommendationFactory, ReviewFactory
from .helpers import month_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    """An agreed February, a draft March, a self-evaluation draft with a point, and a
    recommendation delivered through a plan action."""
    world.february.status = "agreed"
    world.february.save()
    draft = se_services.draft_start(area=world.area, by=world.member("officer"))
    se_services.point_save(
        version=draft,
        by=world.member("officer"),
        judgement_area=world.area.framework.judgement_areas.first(),
        kind="strength",
        label="Co-production",
        explanation="Explained",
    )
    review = ReviewFactory(area=world.area)
    plan = PlanFactory(area=world.area)
    action = ActionFactory(workstream__plan=plan)
    recommendation = RecommendationFactory(review=review, actions=[action])
    return {"draft": draft, "review": review, "recommendation": recommendation}


def url(name, world, **kwargs):
    return reverse(name, kwargs={"area": world.area.slug, **kwargs})


def checks(world, scene) -> dict:
    """For each ability: (method, URL the view answers at, page showing the control,
    the control's mark in that page)."""
    slug, march = world.area.slug, world.march
    review, recommendation = scene["review"], scene["recommendation"]
    progress = url(
        "scrutiny:recommendation_update", world, pk=review.pk, recommendation=recommendation.pk
    )
    publish = url("self_evaluation:publish", world, number=scene["draft"].number)
    self_evaluation = url("self_evaluation:page", world)
    return {
        "view_area": ("get", f"/areas/{slug}/", month_url(march), f'href="/areas/{slug}/"'),
        "edit_ratings": ("post", month_url(march), month_url(march), 'id="ratings"'),
        "start_month": (
            "post",
            url("ratings:month_start", world),
            url("ratings:tracker", world),
            url("ratings:month_start", world),
        ),
        "agree_month": (
            "post",
            month_url(march, "agree/"),
            month_url(march),
            'name="agree"',
        ),
        "reopen_month": (
            "get",
            month_url(world.february, "reopen/"),
            month_url(world.february),
            month_url(world.february, "reopen/"),
        ),
        "delete_month": (
            "get",
            month_url(march, "delete/"),
            month_url(march),
            month_url(march, "delete/"),
        ),
        "switch_framework": (
            "get",
            url("ratings:switch", world),
            url("ratings:tracker", world),
            url("ratings:switch", world),
        ),
        "import_tracker": (
            "get",
            url("ratings:tracker_import", world),
            url("ratings:tracker", world),
            url("ratings:tracker_import", world),
        ),
        "freeze_pack": (
            "get",
            url("pack_create", world),
            url("packs", world),
            url("pack_create", world),
        ),
        "manage_members": (
            "get",
            url("members:members", world),
            f"/areas/{slug}/",
            url("members:members", world),
        ),
        "edit_self_evaluation": (
            "get",
            url("self_evaluation:point_create", world),
            self_evaluation,
            url("self_evaluation:point_create", world),
        ),
        "publish_self_evaluation": ("post", publish, self_evaluation, publish),
        "edit_kpis": (
            "get",
            url("kpis:value_create", world),
            url("kpis:kpis", world),
            url("kpis:value_create", world),
        ),
        "edit_plans": (
            "get",
            url("plans:plan_create", world),
            url("plans:plans", world),
            url("plans:plan_create", world),
        ),
        "edit_scrutiny": (
            "get",
            url("scrutiny:review_create", world),
            url("scrutiny:tracker", world),
            url("scrutiny:review_create", world),
        ),
        "report_linked_progress": ("get", progress, review.get_absolute_url(), progress),
        "view_activity": ("get", url("activity", world), f"/areas/{slug}/", url("activity", world)),
    }


def test_every_ability_is_checked(world, scene):
    assert set(checks(world, scene)) == set(ABILITIES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("ability", sorted(ABILITIES))
def test_view_and_control_follow_the_ability(client, world, scene, ability, role):
    method, action_url, page_url, control = checks(world, scene)[ability]
    allowed = ABILITIES[ability](Membership(role=role))
    client.force_login(world.member(role))

    page = client.get(page_url).content.decode()
    answer = getattr(client, method)(action_url)

    assert (answer.status_code != 403) is allowed
    assert answer.status_code in ((200, 302) if allowed else (403,))
    assert (control in page) is allowed


def test_no_template_compares_role_names():
    templates = Path(settings.BASE_DIR).glob("**/templates/**/*.html")
    offenders = [
        str(path)
        for path in templates
        if ".venv" not in path.parts
        and "node_modules" not in path.parts
        and (".role ==" in path.read_text() or ".role !=" in path.read_text())
    ]

    assert offenders == []
