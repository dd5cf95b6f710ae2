"""Scrutiny: current assessment and overdue, bad input, permissions, query counts."""

import datetime as dt
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.models import Recommendation, RecommendationUpdate, Response, ScrutinyReview

from .factories import (
    ActionFactory,
    PlanFactory,
    RecommendationFactory,
    RecommendationUpdateFactory,
    ResponseFactory,
    ReviewFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
ROLES = ["officer", "lead", "board", "scrutiny"]
EDITORS = {"lead", "scrutiny"}


@pytest.fixture
def review(world):
    return ReviewFactory(area=world.area, title="SEND – The Parent's Perspective")


def current(recommendation, today=TODAY):
    return Recommendation.objects.filter(pk=recommendation.pk).with_current(today).get()


# --- current assessment and overdue ------------------------------------------------------


def test_no_update_yet_has_no_assessment_and_is_overdue_only_past_target(review):
    rec = RecommendationFactory(review=review)
    ResponseFactory(recommendation=rec, target_date=TODAY - dt.timedelta(days=1))
    later = RecommendationFactory(review=review)
    ResponseFactory(recommendation=later, target_date=TODAY)  # due today: not overdue
    no_target = RecommendationFactory(review=review)
    ResponseFactory(recommendation=no_target, target_date=None)

    assert (current(rec).current_assessment, current(rec).overdue) == (None, True)
    assert current(later).overdue is False
    assert current(no_target).overdue is False


def test_current_assessment_is_the_latest_updates(review):
    rec = RecommendationFactory(review=review)
    ResponseFactory(recommendation=rec, target_date=dt.date(2020, 6, 1))
    RecommendationUpdateFactory(
        recommendation=rec, date=dt.date(2020, 1, 14), assessment="on_track"
    )
    RecommendationUpdateFactory(recommendation=rec, date=dt.date(2020, 7, 1), assessment="behind")
    RecommendationUpdateFactory(
        recommendation=rec, date=dt.date(2020, 3, 1), assessment="implemented"
    )

    annotated = current(rec)

    assert annotated.current_assessment == "behind"  # the newest date, not the newest row
    assert annotated.overdue is True


def test_implemented_then_target_changed_is_not_overdue(review):
    rec = RecommendationFactory(review=review)
    response = ResponseFactory(recommendation=rec, target_date=dt.date(2030, 1, 1))
    RecommendationUpdateFactory(recommendation=rec, date=dt.date(2020, 7, 1), assessment="behind")
    assert current(rec).overdue is False

    Response.objects.filter(pk=response.pk).update(target_date=dt.date(2020, 6, 1))
    assert current(rec).overdue is True

    RecommendationUpdateFactory(
        recommendation=rec, date=dt.date(2020, 9, 1), assessment="implemented"
    )
    assert current(rec).overdue is False


def test_not_accepted_is_never_overdue(review):
    rec = RecommendationFactory(review=review)
    ResponseFactory(recommendation=rec, decision="not_accepted", target_date=dt.date(2020, 6, 1))

    assert current(rec).overdue is False


def test_superseded_is_not_overdue(review):
    rec = RecommendationFactory(review=review)
    ResponseFactory(recommendation=rec, target_date=dt.date(2020, 6, 1))
    RecommendationUpdateFactory(recommendation=rec, assessment="superseded")

    assert current(rec).overdue is False


TARGETS = {"past": TODAY - dt.timedelta(days=1), "today": TODAY, "none": None}
DECISIONS = [*Response.Decision.values, "no response"]
ASSESSED = [None, *RecommendationUpdate.Assessment.values]


def test_overdue_worked_out_in_python_agrees_with_the_database(review):
    """`Recommendation.is_overdue` (the dashboard's) and `overdue_when` (the tracker's
    filter and annotation) on every target, decision and latest assessment."""
    made = {}
    for target, decision, assessment in itertools.product(TARGETS, DECISIONS, ASSESSED):
        rec = RecommendationFactory(review=review)
        if decision != "no response":
            ResponseFactory(recommendation=rec, decision=decision, target_date=TARGETS[target])
        if assessment:
            RecommendationUpdateFactory(recommendation=rec, assessment=assessment)
        made[rec.pk] = (target, decision, assessment)

    annotated = review.recommendations.with_current(TODAY).values_list(
        "pk", "response__target_date", "response__decision", "current_assessment", "overdue"
    )

    disagree = [
        made[pk]
        for pk, target_date, decision, current, overdue in annotated
        if Recommendation.is_overdue(target_date, decision, current, TODAY) != overdue
    ]
    assert len(annotated) == len(made) and disagree == []
    # Past its target; accepted, partially accepted or deferred; no update yet, on
    # track, behind or not implemented.
    assert sum(overdue for *_, overdue in annotated) == 3 * 4


def test_dashboard_summary_counts_and_overdue(client, world, review):
    behind = RecommendationFactory(review=review, number=9)
    ResponseFactory(recommendation=behind, target_date=dt.date(2020, 6, 1))
    RecommendationUpdateFactory(recommendation=behind, assessment="behind")
    done = RecommendationFactory(review=review, number=1)
    RecommendationUpdateFactory(recommendation=done, assessment="implemented")
    RecommendationFactory(review=review, number=2)
    client.force_login(world.member("board"))

    content = client.get(f"/areas/{world.area.slug}/").content.decode()

    section = content[content.index('id="scrutiny-summary"') :]
    assert 'data-assessment="behind">1<' in section
    assert 'data-assessment="implemented">1<' in section
    assert 'data-assessment="none">1<' in section
    assert 'data-assessment="overdue">1<' in section
    assert "recommendation 9</a>" in section


# --- pages and permissions ------------------------------------------------------------


@pytest.fixture
def rec(review):
    recommendation = RecommendationFactory(review=review, number=9, theme="Timescales and content")
    ResponseFactory(recommendation=recommendation)
    return recommendation


def urls(world, review, rec):
    base = f"/areas/{world.area.slug}/scrutiny"
    r = f"{base}/reviews/{review.pk}"
    return {
        "tracker": f"{base}/",
        "review": f"{r}/",
        "review new": f"{base}/reviews/new/",
        "review edit": f"{r}/edit/",
        "recommendations new": f"{r}/recommendations/new/",
        "recommendation edit": f"{r}/recommendations/{rec.pk}/edit/",
        "response": f"{r}/recommendations/{rec.pk}/response/",
        "progress": f"{r}/recommendations/{rec.pk}/progress/",
    }


def valid_post(name):
    date = {"date_0": "14", "date_1": "1", "date_2": "2020"}
    return {
        "review new": {"panel": "Panel", "title": "New review", "status": "in_progress"},
        "review edit": {"panel": "Panel", "title": "Renamed review", "status": "monitoring"},
        "recommendations new": {
            "recommendations-TOTAL_FORMS": "2",
            "recommendations-INITIAL_FORMS": "0",
            "recommendations-0-number": "1",
            "recommendations-0-theme": "Service standards",
            "recommendations-0-text": "Publish service standards",
            "recommendations-1-number": "2",
            "recommendations-1-theme": "Parenting courses",
            "recommendations-1-text": "Offer courses",
        },
        "recommendation edit": {"number": "9", "theme": "Timescales", "text": "Reworded"},
        "response": {
            "decision": "partially",
            "text": "Partly agreed",
            "responsible": "Head of SEN",
        },
        "progress": {**date, "text": "Slipping", "assessment": "behind", "meeting": "Panel"},
    }[name]


def state():
    return (
        list(ScrutinyReview.objects.values_list("title", "status")),
        list(Recommendation.objects.values_list("number", "theme", "text")),
        list(Response.objects.values_list("decision", "text")),
        RecommendationUpdate.objects.count(),
    )


READS = ["tracker", "review"]
WRITES = [
    "review new",
    "review edit",
    "recommendations new",
    "recommendation edit",
    "response",
    "progress",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", READS)
def test_scrutiny_pages_readable_by_every_role(client, world, review, rec, role, page):
    client.force_login(world.member(role))

    assert client.get(urls(world, review, rec)[page]).status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", WRITES)
def test_scrutiny_writes_only_for_scrutiny_and_lead(client, world, review, rec, role, page):
    client.force_login(world.member(role))
    before = state()

    get = client.get(urls(world, review, rec)[page])
    post = client.post(urls(world, review, rec)[page], valid_post(page))

    if role in EDITORS:
        assert get.status_code == 200
        assert post.status_code == 302, post.content.decode()[:1500]
        assert state() != before
    else:
        assert (get.status_code, post.status_code) == (403, 403)
        assert state() == before


def test_officer_records_progress_on_a_recommendation_linked_to_an_action(
    client, world, review, rec
):
    action = ActionFactory(workstream=WorkstreamFactory(plan=PlanFactory(area=world.area)))
    rec.actions.set([action])
    client.force_login(world.member("officer"))

    response = client.post(urls(world, review, rec)["progress"], valid_post("progress"))

    assert response.status_code == 302
    assert rec.updates.get().recorded_by == world.member("officer")


@pytest.mark.parametrize("page", READS + WRITES)
def test_scrutiny_pages_404_for_another_areas_user(client, world, other_world, review, rec, page):
    client.force_login(other_world.member("lead"))
    before = state()

    get = client.get(urls(world, review, rec)[page])
    post = client.post(urls(world, review, rec)[page], valid_post(page) if page in WRITES else {})

    assert (get.status_code, post.status_code) == (404, 404)
    assert state() == before


@pytest.mark.parametrize("page", READS + WRITES)
def test_scrutiny_pages_send_anonymous_to_sign_in(client, world, review, rec, page):
    response = client.get(urls(world, review, rec)[page])

    assert response.status_code == 302 and response.url.startswith("/sign-in/")


# --- bad input ------------------------------------------------------------------------------


def test_duplicate_number_in_a_review_is_refused(client, world, review, rec):
    client.force_login(world.member("scrutiny"))
    data = valid_post("recommendations new")
    data["recommendations-0-number"] = "9"  # rec 9 exists
    before = state()

    response = client.post(urls(world, review, rec)["recommendations new"], data)

    assert "This review already has a recommendation 9" in response.content.decode()
    assert state() == before


def test_duplicate_numbers_within_one_submission_are_refused(client, world, review, rec):
    client.force_login(world.member("scrutiny"))
    data = valid_post("recommendations new")
    data["recommendations-1-number"] = "1"
    before = state()

    response = client.post(urls(world, review, rec)["recommendations new"], data)

    assert "Each recommendation needs its own number: 1" in response.content.decode()
    assert state() == before


def test_response_for_another_areas_recommendation_is_refused(
    client, world, other_world, review, rec
):
    foreign = RecommendationFactory(review=ReviewFactory(area=other_world.area))
    client.force_login(world.member("scrutiny"))
    before = state()

    reviews = f"/areas/{world.area.slug}/scrutiny/reviews"
    url = f"{reviews}/{review.pk}/recommendations/{foreign.pk}/response/"
    response = client.post(url, valid_post("response"))

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert state() == before


def test_target_before_decision_date_is_refused(client, world, review, rec):
    client.force_login(world.member("scrutiny"))
    before = state()
    data = {
        **valid_post("response"),
        "target_date_0": "1",
        "target_date_1": "1",
        "target_date_2": "2019",
        "decision_date_0": "10",
        "decision_date_1": "12",
        "decision_date_2": "2019",
    }

    response = client.post(urls(world, review, rec)["response"], data)

    assert "The target date must be on or after the decision date" in response.content.decode()
    assert state() == before


def test_unknown_assessment_is_refused(client, world, review, rec):
    client.force_login(world.member("scrutiny"))

    response = client.post(
        urls(world, review, rec)["progress"], {**valid_post("progress"), "assessment": "meh"}
    )

    assert "Choose an assessment from the list" in response.content.decode()
    assert RecommendationUpdate.objects.count() == 0


def test_recommendation_linked_to_another_areas_action_is_refused(
    client, world, other_world, review, rec
):
    foreign = ActionFactory(workstream=WorkstreamFactory(plan=PlanFactory(area=other_world.area)))
    client.force_login(world.member("scrutiny"))

    response = client.post(
        urls(world, review, rec)["recommendation edit"],
        {**valid_post("recommendation edit"), "actions": [foreign.pk]},
    )

    assert "Choose actions from this area" in response.content.decode()
    assert not rec.actions.exists()


# --- review page shape and query counts ----------------------------------------------------


def test_review_page_groups_by_theme_in_four_columns(client, world, review):
    for number, theme in [
        (1, "Service standards"),
        (2, "Service standards"),
        (3, "Parenting courses"),
    ]:
        ResponseFactory(
            recommendation=RecommendationFactory(review=review, number=number, theme=theme),
            implementation=f"How {number}",
            timescale="Spring 2020",
        )
    client.force_login(world.member("board"))

    content = client.get(
        urls(world, review, Recommendation.objects.first())["review"]
    ).content.decode()

    assert content.index("Service standards") < content.index("Parenting courses")
    for header in [
        "Recommendation",
        "Response",
        "How it will be implemented",
        "Who is responsible",
        "When",
    ]:
        assert f">{header}</th>" in content
    assert "How 3" in content and "Spring 2020" in content
    assert "No update yet" in content


def build_review(world, recommendations: int, updates: int):
    review = ReviewFactory(area=world.area)
    for n in range(recommendations):
        rec = RecommendationFactory(review=review, number=n + 1, theme=f"Theme {n % 3}")
        ResponseFactory(recommendation=rec, target_date=dt.date(2020, 6, 1))
        rec.criteria.set(world.criteria[n % 5 : n % 5 + 2])
        for u in range(updates):
            RecommendationUpdateFactory(recommendation=rec, date=dt.date(2020, 1, 1 + u))
    return review


@pytest.mark.parametrize("page", ["tracker", "review", "dashboard"])
def test_scrutiny_pages_queries_do_not_grow(client, world, page, django_assert_max_num_queries):
    client.force_login(world.member("board"))
    counts = []
    for recommendations, updates in [(2, 1), (14, 6)]:
        review = build_review(world, recommendations, updates)
        url = {
            "tracker": f"/areas/{world.area.slug}/scrutiny/?overdue=yes",
            "review": review.get_absolute_url(),
            "dashboard": f"/areas/{world.area.slug}/",
        }[page]
        # (3 of them save the session's new expiry, when a request does)
        bound = 8 if page == "tracker" else 21
        with django_assert_max_num_queries(bound), CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1]
