"""Reloading a framework file: nothing that is cited is ever removed, and wording that a
reload replaces is kept with the time it was in force (frameworks/loading.py,
frameworks/citations.py, frameworks/selectors.py).

Every test loads its own small framework ("reload-test"), never the 2016 one that the
whole run shares."""

import datetime as dt
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command

from actions.models import Action, Finding, Recommendation
from areas.models import AgreedRating, Agreement, Rating, SelfEvaluationPoint, SelfEvaluationVersion
from frameworks.loading import FrameworkLoadRefused, framework_load, read_framework_file
from frameworks.models import (
    Criterion,
    CriterionWording,
    Framework,
    HeadingWording,
    JudgementAreaWording,
    Kpi,
    RatingLevel,
)
from frameworks.selectors import heading_wording_on, judgement_area_titles_on, wording_on

from .factories import (
    ActionFactory,
    AssessmentFactory,
    FindingFactory,
    LocalAreaFactory,
    RecommendationFactory,
)

pytestmark = pytest.mark.django_db

SLUG = "reload-test"
FIRST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
SECOND = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
THIRD = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)

FILE = """
slug: reload-test
name: Reload test
year: 2030
rating_scale:
  target: green
  levels:
    - {code: red, label: Red, colour: red, definition: Not started}
    - {code: amber, label: Amber, colour: orange, definition: Started}
    - {code: green, label: Green, colour: green, definition: Embedded}
judgement_areas:
  - code: A
    title: How well are needs identified?
    headings:
      - {code: id, title: Identification, description: Finding needs early}
  - code: B
    title: How well are needs met?
criteria:
  - {code: A1, area: A, heading: id, text: Needs are identified early}
  - {code: A2, area: A, text: Families are listened to}
  - {code: B1, area: B, text: Plans are written on time}
"""


def framework_data(tmp_path, change=None) -> dict:
    """The small file above, changed by `change(data)`, written and read as the command
    reads it."""
    data = yaml.safe_load(FILE)
    if change:
        change(data)
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return read_framework_file(path)


def load(tmp_path, change=None, now=FIRST) -> Framework:
    framework, _ = framework_load(data=framework_data(tmp_path, change), now=now)
    return framework


def without(*codes):
    def change(data):
        data["criteria"] = [c for c in data["criteria"] if c["code"] not in codes]

    return change


def reword(**texts):
    def change(data):
        for criterion in data["criteria"]:
            criterion["text"] = texts.get(criterion["code"], criterion["text"])

    return change


def criterion(code: str) -> Criterion:
    return Criterion.objects.get(framework__slug=SLUG, code=code)


def level(code: str) -> RatingLevel:
    return RatingLevel.objects.get(framework__slug=SLUG, code=code)


# --- what may cite a criterion: each builds one citation of `cited` in Kent ---------


def cite_by_rating(area, cited):
    Rating.objects.create(
        assessment=AssessmentFactory(area=area), criterion=cited, level=level("red")
    )


def cite_by_agreed_rating(area, cited):
    agreement = Agreement.objects.create(
        assessment=AssessmentFactory(area=area), number=1, agreed_at=FIRST, version=1
    )
    AgreedRating.objects.create(agreement=agreement, criterion=cited, level=level("red"))


def cite_by_action(area, cited):
    ActionFactory(workstream__plan__area=area, criteria=[cited])


def cite_by_finding(area, cited):
    FindingFactory(inspection__area=area).criteria.set([cited])


def cite_by_recommendation(area, cited):
    RecommendationFactory(review__area=area).criteria.set([cited])


def cite_by_point(area, cited):
    point_in(area, judgement_area=cited.judgement_area).criteria.set([cited])


def cite_by_kpi(area, cited):
    kpi = Kpi.objects.create(
        framework=cited.framework,
        code="timeliness",
        name="Plans on time",
        definition="Plans issued within 20 weeks.",
        unit="percent",
        direction="higher",
        frequency="annual",
        order=1,
    )
    kpi.criteria.set([cited])


def point_in(area, *, judgement_area) -> SelfEvaluationPoint:
    version = SelfEvaluationVersion.objects.create(area=area, framework=area.framework, number=1)
    return SelfEvaluationPoint.objects.create(
        version=version,
        judgement_area=judgement_area,
        kind="develop",
        label="Timeliness",
        explanation="Plans are late.",
    )


def links_to(cited: Criterion) -> dict[str, int]:
    """Every link to a criterion, counted from each citing side."""
    return {
        "rating": Rating.objects.filter(criterion=cited).count(),
        "agreed rating": AgreedRating.objects.filter(criterion=cited).count(),
        "action": Action.objects.filter(criteria=cited).count(),
        "finding": Finding.objects.filter(criteria=cited).count(),
        "recommendation": Recommendation.objects.filter(criteria=cited).count(),
        "self evaluation point": SelfEvaluationPoint.objects.filter(criteria=cited).count(),
        "KPI": Kpi.objects.filter(criteria=cited).count(),
    }


CITATIONS = {
    "rating": cite_by_rating,
    "agreed rating": cite_by_agreed_rating,
    "action": cite_by_action,
    "finding": cite_by_finding,
    "recommendation": cite_by_recommendation,
    "self evaluation point": cite_by_point,
    "KPI": cite_by_kpi,
}


# --- removing ---------------------------------------------------------------------


def test_reload_removes_an_uncited_criterion(tmp_path):
    framework = load(tmp_path)

    _, summary = framework_load(data=framework_data(tmp_path, without("A2")), now=SECOND)

    assert summary.removed == ["criterion A2"]
    assert list(framework.criteria.values_list("code", flat=True)) == ["A1", "B1"]


def test_reload_removes_an_uncited_judgement_area_with_its_heading_and_criteria(tmp_path):
    framework = load(tmp_path)

    def only_b(data):
        data["judgement_areas"] = data["judgement_areas"][1:]
        without("A1", "A2")(data)

    _, summary = framework_load(data=framework_data(tmp_path, only_b), now=SECOND)

    assert summary.removed == [
        "criterion A1",
        "criterion A2",
        "heading id",
        "judgement area A",
    ]
    assert list(framework.criteria.values_list("code", flat=True)) == ["B1"]


def test_reload_removes_a_reworded_criterion_with_its_old_wording(tmp_path):
    framework = load(tmp_path)
    load(tmp_path, reword(A2="Families are heard"), now=SECOND)

    load(tmp_path, without("A2"), now=THIRD)

    assert list(framework.criteria.values_list("code", flat=True)) == ["A1", "B1"]
    assert not CriterionWording.objects.exists()


@pytest.mark.parametrize("kind", CITATIONS)
def test_reload_refuses_to_remove_a_cited_criterion(tmp_path, kind):
    framework = load(tmp_path)
    a2 = criterion("A2")
    CITATIONS[kind](LocalAreaFactory(name="Kent", framework=framework), a2)
    links = links_to(a2)

    with pytest.raises(FrameworkLoadRefused) as refusal:
        load(tmp_path, without("A2"), now=SECOND)

    assert f"removes criterion A2, cited by 1 {kind}" in str(refusal.value)
    assert "Nothing was changed" in str(refusal.value)
    assert framework.criteria.count() == 3
    assert links_to(a2) == links and links[kind] == 1


def test_reload_refusal_names_every_kind_and_area(tmp_path):
    framework = load(tmp_path)
    a2 = criterion("A2")
    kent = LocalAreaFactory(name="Kent", framework=framework)
    bradford = LocalAreaFactory(name="Bradford", framework=framework)
    cite_by_rating(kent, a2)
    cite_by_rating(bradford, a2)
    cite_by_action(kent, a2)

    with pytest.raises(FrameworkLoadRefused) as refusal:
        load(tmp_path, without("A2"), now=SECOND)

    assert "criterion A2, cited by 2 ratings, 1 action (Bradford, Kent)." in str(refusal.value)


def test_reload_refused_writes_nothing_at_all(tmp_path):
    framework = load(tmp_path)
    cite_by_action(LocalAreaFactory(framework=framework), criterion("A2"))

    def reword_add_and_remove(data):
        reword(A1="New wording")(data)
        without("A2")(data)
        data["criteria"].append({"code": "B2", "area": "B", "text": "New criterion"})

    with pytest.raises(FrameworkLoadRefused):
        load(tmp_path, reword_add_and_remove, now=SECOND)

    assert list(framework.criteria.values_list("code", "text")) == [
        ("A1", "Needs are identified early"),
        ("A2", "Families are listened to"),
        ("B1", "Plans are written on time"),
    ]
    assert not CriterionWording.objects.exists()


def test_load_framework_command_reports_the_refusal(tmp_path):
    framework = load(tmp_path)
    cite_by_finding(LocalAreaFactory(name="Kent", framework=framework), criterion("B1"))
    framework_data(tmp_path, without("B1"))

    with pytest.raises(CommandError) as refusal:
        call_command("load_framework", str(tmp_path / "framework.yaml"), stdout=StringIO())

    assert "criterion B1, cited by 1 finding (Kent)" in str(refusal.value)


@pytest.mark.parametrize("cite", [cite_by_rating, cite_by_agreed_rating])
def test_reload_refuses_to_remove_a_level_in_use(tmp_path, cite):
    framework = load(tmp_path)
    cite(LocalAreaFactory(framework=framework), criterion("A1"))

    def without_red(data):
        data["rating_scale"]["levels"] = data["rating_scale"]["levels"][1:]

    with pytest.raises(FrameworkLoadRefused) as refusal:
        load(tmp_path, without_red, now=SECOND)

    assert "removes rating level red, cited by 1 " in str(refusal.value)
    assert framework.levels.count() == 3


def test_reload_removes_an_unused_level(tmp_path):
    framework = load(tmp_path)

    def without_amber(data):
        del data["rating_scale"]["levels"][1]

    load(tmp_path, without_amber, now=SECOND)

    assert list(framework.levels.values_list("code", flat=True)) == ["red", "green"]


def test_reload_refuses_to_remove_a_judgement_area_with_points(tmp_path):
    framework = load(tmp_path)
    b = framework.judgement_areas.get(code="B")
    point_in(LocalAreaFactory(name="Kent", framework=framework), judgement_area=b)

    def without_b(data):
        data["judgement_areas"] = data["judgement_areas"][:1]
        without("B1")(data)

    with pytest.raises(FrameworkLoadRefused) as refusal:
        load(tmp_path, without_b, now=SECOND)

    assert "judgement area B, cited by 1 self evaluation point (Kent)" in str(refusal.value)
    assert "criterion B1" not in str(refusal.value)
    assert framework.judgement_areas.count() == 2 and framework.criteria.count() == 3


def test_reload_refuses_to_remove_a_judgement_area_whose_criterion_is_cited(tmp_path):
    framework = load(tmp_path)
    cite_by_recommendation(LocalAreaFactory(framework=framework), criterion("B1"))

    def without_b(data):
        data["judgement_areas"] = data["judgement_areas"][:1]
        without("B1")(data)

    with pytest.raises(FrameworkLoadRefused) as refusal:
        load(tmp_path, without_b, now=SECOND)

    assert "criterion B1, cited by 1 recommendation" in str(refusal.value)
    assert framework.judgement_areas.count() == 2 and framework.criteria.count() == 3


# --- rewording ---------------------------------------------------------------------


def test_reload_rewording_keeps_the_old_text(tmp_path):
    load(tmp_path)

    _, summary = framework_load(
        data=framework_data(tmp_path, reword(A1="Spotted early")), now=SECOND
    )

    a1 = criterion("A1")
    assert a1.text == "Spotted early"
    assert list(a1.wordings.values_list("text", "in_force_until")) == [
        ("Needs are identified early", SECOND)
    ]
    assert summary.reworded == ["A1"]


def test_wording_on_gives_the_text_in_force_before_and_after_a_reload(tmp_path):
    load(tmp_path)
    load(tmp_path, reword(A1="Spotted early"), now=SECOND)
    a1, a2 = criterion("A1"), criterion("A2")

    before = wording_on([a1, a2], SECOND - dt.timedelta(days=1))
    after = wording_on([a1, a2], SECOND + dt.timedelta(days=1))

    assert before == {a1.pk: "Needs are identified early", a2.pk: "Families are listened to"}
    assert after == {a1.pk: "Spotted early", a2.pk: "Families are listened to"}


def test_rewording_twice_gives_three_periods(tmp_path):
    load(tmp_path)
    load(tmp_path, reword(A1="Second wording"), now=SECOND)
    load(tmp_path, reword(A1="Third wording"), now=THIRD)
    a1 = criterion("A1")

    in_force = [
        wording_on([a1], when)[a1.pk]
        for when in (
            FIRST,
            SECOND - dt.timedelta(seconds=1),
            SECOND,
            THIRD,
            THIRD.replace(year=2030),
        )
    ]

    assert in_force == [
        "Needs are identified early",
        "Needs are identified early",
        "Second wording",
        "Third wording",
        "Third wording",
    ]
    assert a1.wordings.count() == 2


def test_reload_with_the_same_wording_keeps_no_wording(tmp_path):
    load(tmp_path)

    _, summary = framework_load(data=framework_data(tmp_path), now=SECOND)

    assert summary.reworded == [] and summary.updated == 0
    assert not CriterionWording.objects.exists()


def test_load_framework_command_names_reworded_criteria(tmp_path):
    load(tmp_path)
    framework_data(tmp_path, reword(B1="Plans are issued in 20 weeks", A2="Families co-produce"))
    out = StringIO()

    call_command("load_framework", str(tmp_path / "framework.yaml"), stdout=out)

    assert "reworded: A2, B1" in out.getvalue()


def test_reload_rewording_a_question_and_heading_keeps_the_old_wording(tmp_path):
    framework = load(tmp_path)
    a = framework.judgement_areas.get(code="A")
    heading = a.headings.get()

    def reword_question_and_heading(data):
        data["judgement_areas"][0]["title"] = "How well are needs spotted?"
        data["judgement_areas"][0]["headings"][0]["description"] = "Spotting needs"

    load(tmp_path, reword_question_and_heading, now=SECOND)

    assert JudgementAreaWording.objects.get().title == "How well are needs identified?"
    assert HeadingWording.objects.get().description == "Finding needs early"
    assert judgement_area_titles_on([a], FIRST) == {a.pk: "How well are needs identified?"}
    assert judgement_area_titles_on([a], THIRD) == {a.pk: "How well are needs spotted?"}
    assert heading_wording_on([heading], FIRST)[heading.pk]["description"] == "Finding needs early"
    assert heading_wording_on([heading], THIRD)[heading.pk] == {
        "title": "Identification",
        "description": "Spotting needs",
    }


def many_criteria(count: int):
    def change(data):
        data["criteria"] = [
            {"code": f"A{n}", "area": "A", "text": f"Criterion {n}"} for n in range(1, count + 1)
        ]

    return change


@pytest.mark.parametrize("count", [3, 40])
def test_wording_on_is_one_query_whatever_the_number_of_criteria(
    tmp_path, django_assert_num_queries, count
):
    framework = load(tmp_path, many_criteria(count))

    def reworded(data):
        many_criteria(count)(data)
        for spec in data["criteria"]:
            spec["text"] += " (reworded)"

    load(tmp_path, reworded, now=SECOND)
    load(tmp_path, many_criteria(count), now=THIRD)
    criteria = list(framework.criteria.all())

    with django_assert_num_queries(1):
        listed = wording_on(criteria, SECOND)
    with django_assert_num_queries(1):
        queried = wording_on(framework.criteria.all(), SECOND)

    assert listed == queried == {c.pk: f"{c.text} (reworded)" for c in criteria}
