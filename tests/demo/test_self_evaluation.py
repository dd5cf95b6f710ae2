import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from areas.models import SelfEvaluationPoint, SelfEvaluationVersion
from areas.self_evaluation import selectors as se
from areas.self_evaluation import services as se_services
from sendready.demo.loader import DEMO_DIR, demo_counts, demo_load, read_demo_file

pytestmark = pytest.mark.django_db

Point = SelfEvaluationPoint


@pytest.fixture(scope="module")
def kirklees_versions() -> list[dict]:
    """Kirklees's self-evaluation as its file gives it."""
    data = read_demo_file(DEMO_DIR / "kirklees.yaml", dt.date.today())
    return data["self_evaluation"]["versions"]


@pytest.fixture
def versions(demo) -> tuple[SelfEvaluationVersion, SelfEvaluationVersion]:
    found = SelfEvaluationVersion.objects.filter(area__slug="kirklees").order_by("number")
    assert [v.number for v in found] == [1, 2]
    return found[0], found[1]


def file_points(spec: dict) -> dict[tuple, tuple]:
    """(judgement area, kind, order) -> (label, explanation, criteria) of version 1's file."""
    return {
        (code, kind, point["order"]): (
            point["label"],
            point["explanation"],
            sorted(point.get("criteria", [])),
        )
        for code, kinds in spec["points"].items()
        for kind, points in kinds.items()
        for point in points
    }


def saved_points(version: SelfEvaluationVersion) -> dict[tuple, tuple]:
    return {
        (point.judgement_area.code, point.kind, point.order): (
            point.label,
            point.explanation,
            sorted(criterion.code for criterion in point.criteria.all()),
        )
        for point in version.points.select_related("judgement_area").prefetch_related("criteria")
    }


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


def test_version_one_is_the_file_in_its_order(versions, kirklees_versions):
    first, _ = versions
    assert saved_points(first) == file_points(kirklees_versions[0])
    assert not first.points.exclude(evidence="").exists()
    assert not Point.kpis.through.objects.filter(selfevaluationpoint__version=first).exists()


def test_version_one_published_in_2021_and_version_two_a_draft(versions):
    first, second = versions
    assert first.status == SelfEvaluationVersion.Status.PUBLISHED
    assert first.published_by.username == "kirklees-lead"
    assert first.published_at == dt.datetime(2021, 6, 1, 10, tzinfo=ZoneInfo("Europe/London"))
    assert second.status == SelfEvaluationVersion.Status.DRAFT
    assert second.published_by is None and second.published_at is None
    assert first.framework == second.framework == first.area.framework
    assert demo_counts()["self_evaluation"] == {
        "versions": 2,
        "points": first.points.count() + second.points.count(),
    }
    assert se.latest_published(first.area) == first
    assert se.current_draft(first.area) == second
    writers = set(Point.objects.values_list("updated_by__username", flat=True))
    assert writers == {"kirklees-officer"}


def test_every_question_has_both_lists_in_version_one(versions, kirklees_versions):
    first, _ = versions
    sections = se.sections(first)
    assert [s.judgement_area.code for s in sections] == ["A", "B", "C"]
    for section in sections:
        assert section.strengths, section.judgement_area.code
        assert section.to_develop, section.judgement_area.code
    assert first.points.count() == len(file_points(kirklees_versions[0])) == 52
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


def test_compare_shows_one_added_and_one_changed(versions, kirklees_versions):
    first, second = versions
    comparison = se.compare(first, second)
    assert comparison.removed == []
    assert len(comparison.added) == 1
    added = comparison.added[0]
    assert (added.judgement_area.code, added.kind, added.is_demo) == ("B", Point.Kind.DEVELOP, True)
    (spec,) = kirklees_versions[1]["added"]
    assert (added.label, added.order) == (spec["label"], spec["order"])
    assert len(comparison.changed) == 1
    change = comparison.changed[0]
    assert change.what == ["explanation"]
    assert change.before.key == change.after.key
    assert change.before.label == "Local Offer"
    assert change.before.explanation.startswith("Whilst our Local Offer has been refreshed")
    assert change.after.explanation == kirklees_versions[1]["changed"][0]["explanation"]
    assert set(first.points.values_list("key", flat=True)) < set(
        second.points.values_list("key", flat=True)
    )


def test_running_again_changes_nothing(demo):
    counts = demo_counts()["self_evaluation"]
    before = snapshot()

    again = demo_load(password="pw")

    assert again["self_evaluation"] == counts
    assert snapshot() == before


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
