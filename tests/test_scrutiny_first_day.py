"""Issue 16, scrutiny and plans on the first day: the tracker's Overdue filter has a
label; a recommendation the cabinet did not accept takes no progress; a review whose
recommendations are all settled is offered Closed; a plan page of an area with no
inspection says so; the review form's web address and the action form's workstream read
as GOV.UK fields."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from actions.models import RecommendationUpdate, ScrutinyReview

from .factories import (
    InspectionFactory,
    PlanFactory,
    RecommendationFactory,
    RecommendationUpdateFactory,
    ResponseFactory,
    ReviewFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(world):
    return ReviewFactory(area=world.area, title="Transport", status="monitoring")


def review_url(world, review, name="review", **more):
    return reverse(f"scrutiny:{name}", kwargs={"area": world.area.slug, "pk": review.pk, **more})


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- the tracker's filter ----------------------------------------------------------------


def test_tracker_overdue_filter_is_labelled_overdue(client, world):
    html = page(client, world.member("board"), reverse("scrutiny:tracker", args=[world.area.slug]))

    assert '<label class="govuk-label" for="id_overdue">Overdue</label>' in html
    assert "[invalid name]" not in html


# --- no progress on what the cabinet did not accept --------------------------------------


def test_not_accepted_recommendation_offers_no_record_progress(client, world, review):
    refused = RecommendationFactory(review=review, number=1)
    ResponseFactory(recommendation=refused, decision="not_accepted")
    accepted = RecommendationFactory(review=review, number=2)
    ResponseFactory(recommendation=accepted, decision="accepted")

    html = page(client, world.member("scrutiny"), review_url(world, review))

    assert 'Record progress<span class="govuk-visually-hidden"> on recommendation 2<' in html
    assert "on recommendation 1<" not in html


def test_progress_post_on_a_not_accepted_recommendation_is_refused(client, world, review):
    refused = RecommendationFactory(review=review, number=1)
    ResponseFactory(recommendation=refused, decision="not_accepted")
    client.force_login(world.member("scrutiny"))
    url = review_url(world, review, "recommendation_update", recommendation=refused.pk)

    response = client.post(
        url,
        {
            "date_0": "1",
            "date_1": "3",
            "date_2": "2024",
            "text": "Done",
            "assessment": "implemented",
        },
    )

    assert response.status_code == 302
    assert not RecommendationUpdate.objects.filter(recommendation=refused).exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The cabinet did not accept recommendation 1, so no progress is recorded on it."
    ]


# --- the review moves on to Closed --------------------------------------------------------


def settled_review(review):
    done = RecommendationFactory(review=review, number=1)
    ResponseFactory(recommendation=done, decision="accepted")
    RecommendationUpdateFactory(recommendation=done, assessment="implemented")
    refused = RecommendationFactory(review=review, number=2)
    ResponseFactory(recommendation=refused, decision="not_accepted")
    return review


def test_settled_review_offers_to_close_and_closes(client, world, review):
    settled_review(review)
    html = page(client, world.member("scrutiny"), review_url(world, review))
    assert "Mark the review closed" in html

    response = client.post(review_url(world, review, "review_close"))

    review.refresh_from_db()
    assert response.status_code == 302
    assert review.status == ScrutinyReview.Status.CLOSED
    assert review.history.first().history_user == world.member("scrutiny")
    assert "Mark the review closed" not in page(
        client, world.member("scrutiny"), review_url(world, review)
    )


def test_review_with_open_recommendation_is_not_offered_and_close_is_refused(client, world, review):
    settled_review(review)
    open_one = RecommendationFactory(review=review, number=3)
    RecommendationUpdateFactory(recommendation=open_one, assessment="on_track")

    html = page(client, world.member("scrutiny"), review_url(world, review))
    response = client.post(review_url(world, review, "review_close"))

    review.refresh_from_db()
    assert "Mark the review closed" not in html
    assert review.status == "monitoring"
    assert "cannot be closed yet" in str(list(get_messages(response.wsgi_request))[0])


@pytest.mark.parametrize("role", ["board", "officer"])
def test_close_refused_for_roles_that_do_not_edit_scrutiny(client, world, review, role):
    settled_review(review)
    client.force_login(world.member(role))

    html = client.get(review_url(world, review)).content.decode()
    response = client.post(review_url(world, review, "review_close"))

    review.refresh_from_db()
    assert "Mark the review closed" not in html
    assert response.status_code == 403
    assert review.status == "monitoring"


def test_close_is_post_only(client, world, review):
    settled_review(review)
    client.force_login(world.member("scrutiny"))

    assert client.get(review_url(world, review, "review_close")).status_code == 405


# --- plans -------------------------------------------------------------------------------


def plan_page(client, world, plan) -> str:
    url = reverse("plans:plan", kwargs={"area": world.area.slug, "pk": plan.pk})
    return page(client, world.member("board"), url)


def test_plan_page_without_inspection_says_none_is_recorded(client, world):
    plan = PlanFactory(area=world.area)

    html = plan_page(client, world, plan)

    assert f"No inspection is recorded for {world.area.name}" in html
    assert "Every weakness has at least one action" not in html


def test_plan_page_with_inspection_and_no_gap_says_every_weakness_has_an_action(client, world):
    plan = PlanFactory(area=world.area)
    InspectionFactory(area=world.area, started_on=dt.date(2018, 1, 1))

    html = plan_page(client, world, plan)

    assert "Every weakness has at least one action" in html
    assert "No inspection is recorded" not in html


def test_action_form_workstream_empty_choice_reads_choose(client, world):
    plan = PlanFactory(area=world.area)
    WorkstreamFactory(plan=plan)
    url = reverse("plans:action_create", kwargs={"area": world.area.slug, "pk": plan.pk})

    html = page(client, world.member("lead"), url)

    assert '<option value="" selected>Choose a workstream</option>' in html
    assert "---------" not in html


def test_review_form_report_address_is_a_govuk_input(client, world):
    html = page(
        client,
        world.member("scrutiny"),
        reverse("scrutiny:review_create", args=[world.area.slug]),
    )

    assert 'type="url" name="report_url"' in html
    field = html[html.index('name="report_url"') - 200 : html.index('name="report_url"') + 200]
    assert "govuk-input" in field
