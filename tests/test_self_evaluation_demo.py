import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from areas.models import SelfEvaluationPoint, SelfEvaluationVersion
from areas.self_evaluation import selectors as se
from areas.self_evaluation import services as se_services
from sendready.demo.self_evaluation_demo import KIRKLEES_POINTS, demo_self_evaluation_load

pytestmark = pytest.mark.django_db

Point = SelfEvaluationPoint


@pytest.fixture
def counts() -> dict[str, int]:
    # load_demo may or may not call demo_self_evaluation_load yet; calling it again here is
    # safe because it is idempotent, and it gives us its return value.
    call_command("load_demo", password="pw", stdout=io.StringIO())
    return demo_self_evaluation_load()


@pytest.fixture
def versions(counts) -> tuple[SelfEvaluationVersion, SelfEvaluationVersion]:
    found = SelfEvaluationVersion.objects.filter(area__slug="kirklees").order_by("number")
    assert [v.number for v in found] == [1, 2]
    return found[0], found[1]


def snapshot() -> dict[str, list]:
    return {
        "versions": list(SelfEvaluationVersion.objects.order_by("pk").values()),
        "points": list(Point.objects.order_by("pk").values()),
        "criteria": list(
            Point.criteria.through.objects.order_by("pk").values_list(
                "selfevaluationpoint_id", "criterion_id"
            )
        ),
    }


def test_version_one_published_in_2021_and_version_two_a_draft(counts, versions):
    first, second = versions
    assert first.status == SelfEvaluationVersion.Status.PUBLISHED
    assert first.published_by.username == "kirklees-lead"
    assert first.published_at == dt.datetime(2021, 6, 1, 10, tzinfo=ZoneInfo("Europe/London"))
    assert second.status == SelfEvaluationVersion.Status.DRAFT
    assert second.published_by is None and second.published_at is None
    assert first.framework == second.framework == first.area.framework
    assert counts == {"versions": 2, "points": first.points.count() + second.points.count()}
    assert se.latest_published(first.area) == first
    assert se.current_draft(first.area) == second


def test_every_question_has_both_lists_in_version_one(versions):
    first, _ = versions
    sections = se.sections(first)
    assert [s.judgement_area.code for s in sections] == ["A", "B", "C"]
    for section in sections:
        assert section.strengths, section.judgement_area.code
        assert section.to_develop, section.judgement_area.code
    assert first.points.count() == sum(len(specs) for specs in KIRKLEES_POINTS.values()) == 52
    assert not first.points.filter(is_demo=False).exists()
    assert not Point.objects.filter(version__area__slug="kirklees", is_demo=False).exists()


def test_points_follow_the_seed_order_and_wording(versions):
    first, _ = versions
    a, b, c = se.sections(first)
    assert a.strengths[0].explanation.startswith(
        "Developing our focus on the early identification and support"
    )
    assert "across 80 schools" in a.strengths[1].explanation
    assert [p.order for p in a.strengths] == list(range(1, len(a.strengths) + 1))
    # "Label – explanation" bullets are split at the dash.
    sufficiency = b.to_develop[1]
    assert sufficiency.label == "Improving Sufficiency"
    assert sufficiency.explanation.startswith("there is insufficient capacity in all settings")
    assert {p.label for p in b.to_develop[:3]} >= {"Reducing Exclusions"}
    assert b.strengths[-1].label.startswith("Innovation:")
    eet = first.points.get(label="Education, employment and training")
    assert (eet.judgement_area.code, eet.kind) == ("C", Point.Kind.STRENGTH)
    assert "92.7% in education, employment or training (March 2021)" in eet.explanation
    assert not first.points.filter(explanation__contains="*").exists()


def test_criteria_are_in_the_framework_and_one_or_two_a_point(versions):
    first, _ = versions
    linked = first.points.filter(criteria__isnull=False).distinct()
    assert 30 <= linked.count() < first.points.count()
    for point in linked:
        criteria = list(point.criteria.all())
        assert 1 <= len(criteria) <= 2, point.label
        assert all(c.framework_id == first.framework_id for c in criteria)
    two_year = first.points.get(label="Two year assessments")
    assert list(two_year.criteria.values_list("code", flat=True)) == ["A5"]


def test_compare_shows_one_added_and_one_changed(versions):
    first, second = versions
    comparison = se.compare(first, second)
    assert comparison.removed == []
    assert len(comparison.added) == 1
    added = comparison.added[0]
    assert (added.judgement_area.code, added.kind, added.is_demo) == ("B", Point.Kind.DEVELOP, True)
    assert len(comparison.changed) == 1
    change = comparison.changed[0]
    assert change.what == ["explanation"]
    assert change.before.key == change.after.key
    assert change.before.label == "Local Offer"
    assert change.before.explanation.startswith("Whilst our Local Offer has been refreshed")
    assert change.after.explanation != change.before.explanation
    assert set(first.points.values_list("key", flat=True)) < set(
        second.points.values_list("key", flat=True)
    )


def test_running_again_changes_nothing(counts):
    before = snapshot()
    assert demo_self_evaluation_load() == counts
    call_command("load_demo", password="pw", stdout=io.StringIO())
    assert demo_self_evaluation_load() == counts
    assert snapshot() == before


def test_without_the_kirklees_area_nothing_is_made():
    assert demo_self_evaluation_load() == {"versions": 0, "points": 0}
    assert not SelfEvaluationVersion.objects.exists()


def test_a_new_draft_keeps_the_points_criteria(versions):
    _, second = versions
    lead = second.area.memberships.get(role="lead").user
    se_services.version_publish(version=second, by=lead)
    third = se_services.draft_start(area=second.area, by=lead)
    assert third.number == 3

    def links(version):
        return {
            p.key: sorted(c.code for c in p.criteria.all())
            for p in version.points.prefetch_related("criteria")
        }

    assert links(third) == links(second)
