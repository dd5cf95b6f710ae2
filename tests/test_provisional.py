"""Provisional wording is never shown as official (issue 13): on an area that rates the
2023 framework, every criterion, question and heading whose wording is not confirmed
carries a "Provisional" tag on the tracker, the month page and criterion history, and
the page says once what that means. The 2016 framework shows none."""

from pathlib import Path

import pytest
from django.conf import settings

from areas.models import Rating
from frameworks.loading import framework_load, read_framework_file

from .factories import AssessmentFactory, LocalAreaFactory, MembershipFactory, UserFactory
from .helpers import month_url

pytestmark = pytest.mark.django_db

FILE = Path(settings.BASE_DIR) / "fixtures" / "frameworks" / "area-send-2023.yaml"
TAG = 'class="govuk-tag govuk-tag--yellow app-provisional"'
BANNER = "has not yet been checked against the published handbook"


@pytest.fixture
def rated_2023(client):
    framework, _ = framework_load(data=read_framework_file(FILE))
    area = LocalAreaFactory(slug="northwold", framework=framework)
    user = UserFactory(username="northwold-lead")
    MembershipFactory(user=user, area=area, role="lead")
    month = AssessmentFactory(area=area, framework=framework)
    red = framework.levels.get(code="red")
    Rating.objects.bulk_create(
        Rating(assessment=month, criterion=c, level=red) for c in framework.criteria.all()
    )
    client.force_login(user)
    return framework, area, month


def test_the_tracker_tags_each_provisional_criterion(client, rated_2023):
    framework, area, _ = rated_2023

    page = client.get(f"/areas/{area.slug}/tracker/").content.decode()

    criteria = framework.criteria.filter(confirmed=False).count()
    questions = framework.judgement_areas.filter(confirmed=False).count()
    assert page.count(TAG) == criteria + questions == 6 + 1
    assert BANNER in page


def test_the_month_page_tags_criteria_and_questions(client, rated_2023):
    framework, _, month = rated_2023
    provisional = framework.criteria.filter(confirmed=False).count()
    questions = framework.judgement_areas.filter(confirmed=False).count()

    page = client.get(month_url(month)).content.decode()

    assert page.count(TAG) == provisional + questions
    assert BANNER in page


def test_criterion_history_tags_a_provisional_criterion_only(client, rated_2023):
    _, area, _ = rated_2023

    provisional = client.get(f"/areas/{area.slug}/criteria/2.1/").content.decode()
    confirmed = client.get(f"/areas/{area.slug}/criteria/1.1/").content.decode()

    assert provisional.count(TAG) == 1 and TAG not in confirmed


def test_the_2016_framework_shows_no_provisional_wording(client, world):
    client.force_login(world.member("lead"))

    pages = [
        client.get(f"/areas/{world.area.slug}/tracker/"),
        client.get(month_url(world.march)),
        client.get(f"/areas/{world.area.slug}/criteria/A1/"),
    ]

    assert all(TAG not in p.content.decode() and BANNER not in p.content.decode() for p in pages)


def test_the_2023_tracker_speaks_of_evaluation_areas(client, rated_2023):
    _, area, _ = rated_2023

    page = client.get(f"/areas/{area.slug}/tracker/").content.decode()

    assert "All evaluation areas" in page and "judgement area" not in page.lower()


def test_the_2023_dashboard_speaks_of_evaluation_areas(client, rated_2023):
    _, area, month = rated_2023
    month.status = "agreed"
    month.save()

    page = client.get(f"/areas/{area.slug}/").content.decode()

    assert "Evaluation area</th>" in page and "for each evaluation area" in page
    assert "judgement area" not in page.lower()


def test_the_dashboard_tags_provisional_questions_and_says_why(client, rated_2023):
    framework, area, month = rated_2023
    month.status = "agreed"
    month.save()

    page = client.get(f"/areas/{area.slug}/").content.decode()

    trend = page.split("Trend over the last")[1]
    assert trend.count(TAG) == framework.judgement_areas.filter(confirmed=False).count() == 1
    assert BANNER in page


@pytest.mark.parametrize("provisional", ["judgement_areas", "headings", "criteria", "outcomes"])
def test_the_dashboard_banner_heeds_each_kind_of_provisional_wording(
    client, rated_2023, provisional
):
    """The dashboard answers from what it reads: each kind alone still shows the banner."""
    from frameworks.models import Criterion, Heading, JudgementArea, Outcome

    framework, area, month = rated_2023
    month.status = "agreed"
    month.save()
    kinds = {
        "judgement_areas": JudgementArea.objects.filter(framework=framework),
        "headings": Heading.objects.filter(judgement_area__framework=framework),
        "criteria": Criterion.objects.filter(framework=framework),
        "outcomes": Outcome.objects.filter(framework=framework),
    }
    for rows in kinds.values():
        rows.update(confirmed=True)
    assert BANNER not in client.get(f"/areas/{area.slug}/").content.decode()

    if provisional == "headings":  # the 2023 framework has none of its own
        last_area = JudgementArea.objects.filter(framework=framework).order_by("-order")[0]
        Heading.objects.create(
            judgement_area=last_area, code="x", title="X", order=1, confirmed=False
        )
    else:
        rows = kinds[provisional]
        rows.filter(pk=rows.order_by("-pk").values_list("pk", flat=True)[0]).update(confirmed=False)

    assert BANNER in client.get(f"/areas/{area.slug}/").content.decode()


def test_the_self_evaluation_tags_provisional_questions(client, rated_2023):
    from areas.self_evaluation import services

    framework, area, _ = rated_2023
    lead = area.memberships.get().user
    draft = services.draft_start(area=area, by=lead)
    for question in framework.judgement_areas.all():
        services.point_save(
            version=draft,
            by=lead,
            judgement_area=question,
            kind="strength",
            label=f"Point on {question.code}",
            explanation="Explained",
        )

    page = client.get(f"/areas/{area.slug}/self-evaluation/").content.decode()

    assert page.count(TAG) == 1 and BANNER in page
