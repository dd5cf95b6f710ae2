import datetime as dt

import pytest

from actions.models import Recommendation, RecommendationUpdate, Response, ScrutinyReview
from sendready.demo.loader import DEMO_DIR, demo_counts, demo_load, read_demo_file

pytestmark = pytest.mark.django_db

THEMES = [
    "Service Standards",
    "Effective Participation",
    "Parenting Courses",
    "Timescales and Content",
]


@pytest.fixture
def review(demo) -> ScrutinyReview:
    return ScrutinyReview.objects.get(area__slug="kirklees", is_demo=True)


def snapshot() -> dict[str, list]:
    return {
        "reviews": list(ScrutinyReview.objects.order_by("pk").values()),
        "recommendations": list(Recommendation.objects.order_by("pk").values()),
        "responses": list(Response.objects.order_by("pk").values()),
        "updates": list(RecommendationUpdate.objects.order_by("pk").values()),
        "criteria": list(
            Recommendation.criteria.through.objects.order_by("pk").values_list(
                "recommendation_id", "criterion_id"
            )
        ),
    }


def test_the_review_is_the_file(review):
    (spec,) = read_demo_file(DEMO_DIR / "kirklees.yaml", dt.date.today())["scrutiny_reviews"]
    for name in ("panel", "title", "scope", "status", "started_on", "reported_on"):
        assert getattr(review, name) == spec[name], name
    for item in spec["recommendations"]:
        recommendation = review.recommendations.get(number=item["number"])
        assert (recommendation.theme, recommendation.text) == (item["theme"], item["text"])
        codes = sorted(recommendation.criteria.values_list("code", flat=True))
        assert codes == sorted(item.get("criteria", []))
        response = Response.objects.filter(recommendation=recommendation).values().get()
        assert {name: response[name] for name in item["response"]} == item["response"]
        fields = ("date", "meeting", "assessment", "text")
        updates = recommendation.updates.order_by("date").values_list(*fields)
        assert list(updates) == [tuple(u[f] for f in fields) for u in item.get("updates", [])]


def test_one_kirklees_review_being_monitored(review):
    assert demo_counts()["scrutiny"]["reviews"] == 1
    assert review.panel == "Children's Scrutiny Panel"
    assert review.title == "SEND – The Parent's Perspective"
    assert review.status == ScrutinyReview.Status.MONITORING
    assert review.started_on == dt.date(2018, 6, 22)
    assert review.cabinet_decision_on == dt.date(2019, 3, 19)
    assert "SENDACT" in review.scope
    assert review.updated_by.username == "kirklees-scrutiny"


def test_fourteen_recommendations_in_four_themes(review):
    recommendations = review.recommendations.order_by("number")
    assert demo_counts()["scrutiny"]["recommendations"] == 14
    assert list(recommendations.values_list("number", flat=True)) == list(range(1, 15))
    assert sorted(set(recommendations.values_list("theme", flat=True))) == sorted(THEMES)
    by_theme = {
        theme: list(recommendations.filter(theme=theme).values_list("number", flat=True))
        for theme in THEMES
    }
    assert by_theme == {
        "Service Standards": [1, 2, 3],
        "Effective Participation": [4, 5, 6, 7],
        "Parenting Courses": [8],
        "Timescales and Content": [9, 10, 11, 12, 13, 14],
    }
    assert all(r.is_demo for r in recommendations)


def test_every_recommendation_has_a_response(review):
    assert demo_counts()["scrutiny"]["responses"] == 14
    for recommendation in review.recommendations.all():
        response = Response.objects.get(recommendation=recommendation)
        assert response.is_demo
        assert response.text and response.responsible and response.timescale
        assert response.decision in Response.Decision.values
        assert response.decision_date == review.cabinet_decision_on


def test_target_dates_are_not_before_the_decision(demo):
    responses = Response.objects.filter(target_date__isnull=False, decision_date__isnull=False)
    assert responses.count() >= 10
    for response in responses:
        assert response.target_date >= response.decision_date, response.recommendation.number


def test_seed_wording_responsible_and_timescales(review):
    responses = {
        r.recommendation.number: r for r in Response.objects.filter(recommendation__review=review)
    }
    assert "letter of apology" in review.recommendations.get(number=9).text
    assert "fluctuated from 40% to 70%" in responses[9].text
    assert responses[9].responsible == "Vicky Bruce and Kate Mawer"
    assert (responses[9].timescale, responses[9].target_date) == (
        "September 2019",
        dt.date(2019, 9, 30),
    )
    assert responses[7].responsible == "Judith Anderson"
    assert responses[11].timescale == "March 2020"
    assert responses[11].target_date == dt.date(2020, 3, 31)
    assert responses[13].text.startswith("Full time education at post 16 equates to 600 hours")
    # Timescales already past at the Cabinet decision are kept in words, with no target.
    assert responses[1].timescale == "December 2018, with a half termly review."
    assert responses[1].target_date is None
    # Decisions read from the responses.
    assert responses[5].decision == Response.Decision.DEFERRED
    assert responses[14].decision == Response.Decision.DEFERRED
    assert responses[9].decision == Response.Decision.PARTIALLY
    assert responses[3].decision == Response.Decision.ACCEPTED


def test_some_recommendations_are_linked_to_criteria(review):
    linked = review.recommendations.filter(criteria__isnull=False).distinct()
    assert 3 <= linked.count() < 14
    nine = review.recommendations.get(number=9)
    assert set(nine.criteria.values_list("code", flat=True)) == {"A6", "B2"}
    for recommendation in linked:
        for criterion in recommendation.criteria.all():
            assert criterion.framework == review.area.framework


def test_updates_give_a_mix_of_assessments(review):
    updates = RecommendationUpdate.objects.filter(recommendation__review=review)
    assert demo_counts()["scrutiny"]["updates"] == updates.count() == 10
    assessments = set(updates.values_list("assessment", flat=True))
    assert {"implemented", "on_track", "behind"} <= assessments
    for update in updates:
        assert update.is_demo
        assert update.recorded_by.username == "kirklees-scrutiny"
        assert update.date.year == 2020
        assert update.meeting.startswith("Children's Scrutiny Panel, ")
        assert update.date >= review.cabinet_decision_on
    without = review.recommendations.filter(updates__isnull=True)
    assert without.count() >= 3
    nine = review.recommendations.get(number=9)
    assert not nine.updates.filter(assessment="behind").exists()


def test_running_again_changes_nothing(demo):
    counts = demo_counts()["scrutiny"]
    before = snapshot()

    again = demo_load(password="pw")

    assert again["scrutiny"] == counts
    assert snapshot() == before


def test_updates_after_the_day_of_loading_are_left_out(demo):
    ScrutinyReview.objects.all().delete()

    counts = demo_load(password="pw", today=dt.date(2020, 2, 1))["scrutiny"]

    assert (counts["recommendations"], counts["responses"]) == (14, 14)
    dates = set(RecommendationUpdate.objects.values_list("date", flat=True))
    assert dates == {dt.date(2020, 1, 14)}
    assert counts["updates"] == RecommendationUpdate.objects.count() < 10
