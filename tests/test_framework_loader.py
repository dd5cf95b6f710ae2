from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from areas.models import Rating
from frameworks.models import Criterion, Framework, JudgementArea, RatingLevel

from .conftest import FRAMEWORK_FILE
from .factories import AssessmentFactory, LocalAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_framework_loaded(db):
    """These tests load framework files into an empty database; the framework loaded
    once for the run is removed inside each test's transaction (and so comes back)."""
    Framework.objects.all().delete()


def load(path) -> str:
    from io import StringIO

    out = StringIO()
    call_command("load_framework", str(path), stdout=out)
    return out.getvalue()


def write_variant(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(FRAMEWORK_FILE.read_text())
    change(data)
    path = tmp_path / "framework.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def counts() -> tuple[int, ...]:
    return (
        Framework.objects.count(),
        JudgementArea.objects.count(),
        Criterion.objects.count(),
        RatingLevel.objects.count(),
    )


def test_load_framework_loads_44_criteria_in_seed_order():
    load(FRAMEWORK_FILE)

    framework = Framework.objects.get(slug="send-2016")
    per_area = {
        area.code: list(area.criteria.order_by("order").values_list("code", flat=True))
        for area in framework.judgement_areas.all()
    }
    assert framework.criteria.count() == 44
    assert {code: len(codes) for code, codes in per_area.items()} == {"A": 18, "B": 6, "C": 20}
    assert per_area["A"] == [f"A{n}" for n in range(1, 19)]
    assert per_area["B"] == [f"B{n}" for n in range(1, 7)]
    assert per_area["C"] == [f"C{n}" for n in range(1, 11)] + ["C11a", "C11b"] + [
        f"C{n}" for n in range(12, 20)
    ]


def test_load_framework_keeps_printed_labels_and_headings():
    load(FRAMEWORK_FILE)

    c11a, c11b, c14 = (Criterion.objects.get(code=code) for code in ("C11a", "C11b", "C14"))
    assert (c11a.label, c11b.label, c14.label) == ("C11", "C11", "C 14")
    assert c11a.text != c11b.text
    a9 = Criterion.objects.select_related("heading").get(code="A9")
    assert a9.heading.title == "Quality of identification"
    assert Criterion.objects.get(code="A13").heading.title.startswith(
        "Reporting on the effectiveness"
    )
    assert Criterion.objects.get(code="C12").heading is not None
    assert Criterion.objects.get(code="A8").heading is None


def test_load_framework_loads_the_rag_key():
    load(FRAMEWORK_FILE)

    levels = list(RatingLevel.objects.order_by("order").values_list("label", "definition"))
    assert levels == [
        ("Red", "Substantial work to be carried out across all service areas"),
        ("Amber", "Work started but not embedded"),
        ("Green", "Work started strengths identified in the area"),
    ]
    assert RatingLevel.objects.get(is_target=True).code == "green"


def test_load_framework_twice_changes_nothing():
    load(FRAMEWORK_FILE)
    before = list(Criterion.objects.order_by("pk").values())

    output = load(FRAMEWORK_FILE)

    assert "0 created, 0 updated" in output
    assert list(Criterion.objects.order_by("pk").values()) == before


def test_load_framework_updates_changed_wording_in_place(tmp_path):
    load(FRAMEWORK_FILE)
    a1 = Criterion.objects.get(code="A1")
    path = write_variant(tmp_path, lambda d: d["criteria"][0].update(text="New wording for A1"))

    load(path)

    a1.refresh_from_db()
    assert a1.text == "New wording for A1"
    assert Criterion.objects.count() == 44


def remove_code(data):
    del data["criteria"][3]["code"]


def duplicate_code(data):
    data["criteria"][1]["code"] = "A1"


def unknown_area(data):
    data["criteria"][2]["area"] = "Z"


def unknown_level(data):
    data["rating_scale"]["target"] = "purple"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (remove_code, "criterion 4: missing code"),
        (duplicate_code, "duplicate code 'A1'"),
        (unknown_area, "unknown judgement area 'Z'"),
        (unknown_level, "unknown rating level 'purple'"),
    ],
)
def test_load_framework_bad_file_reports_problem_and_writes_nothing(tmp_path, change, expected):
    path = write_variant(tmp_path, change)

    with pytest.raises(CommandError) as error:
        load(path)

    assert expected in str(error.value)
    assert ", line " in str(error.value)
    assert counts() == (0, 0, 0, 0)


def test_load_framework_reports_every_problem_at_once(tmp_path):
    def many(data):
        remove_code(data)
        unknown_area(data)
        unknown_level(data)

    with pytest.raises(CommandError) as error:
        load(write_variant(tmp_path, many))

    message = str(error.value)
    assert "3 problems" in message
    assert "missing code" in message and "unknown judgement area" in message
    assert "unknown rating level" in message


def test_load_framework_not_yaml_is_refused(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("slug: [unclosed\n  name: x\n")

    with pytest.raises(CommandError) as error:
        load(path)

    assert "not valid YAML" in str(error.value)
    assert counts() == (0, 0, 0, 0)


def test_load_framework_bad_file_leaves_loaded_framework_untouched(tmp_path):
    load(FRAMEWORK_FILE)
    before = list(Criterion.objects.order_by("pk").values())

    def bad(data):
        data["criteria"][0]["text"] = "Changed"
        duplicate_code(data)

    with pytest.raises(CommandError):
        load(write_variant(tmp_path, bad))

    assert list(Criterion.objects.order_by("pk").values()) == before


def test_load_framework_refuses_to_remove_a_rated_criterion(tmp_path):
    load(FRAMEWORK_FILE)
    framework = Framework.objects.get()
    assessment = AssessmentFactory(area=LocalAreaFactory(framework=framework))
    Rating.objects.create(
        assessment=assessment,
        criterion=Criterion.objects.get(code="A18"),
        level=RatingLevel.objects.get(code="red"),
    )
    path = write_variant(
        tmp_path,
        lambda d: d.update(criteria=[c for c in d["criteria"] if c["code"] != "A18"]),
    )

    with pytest.raises(CommandError) as error:
        load(path)

    assert "criterion A18, cited by 1 rating" in str(error.value)
    assert Criterion.objects.filter(code="A18").exists()
    assert Criterion.objects.count() == 44


def test_load_framework_removes_an_unrated_criterion(tmp_path):
    load(FRAMEWORK_FILE)
    path = write_variant(
        tmp_path,
        lambda d: d.update(criteria=[c for c in d["criteria"] if c["code"] != "A18"]),
    )

    output = load(path)

    assert "removed: criterion A18" in output
    assert Criterion.objects.count() == 43


def test_two_frameworks_coexist(tmp_path):
    load(FRAMEWORK_FILE)

    def second(data):
        data["slug"] = "send-2023"
        data["year"] = 2023
        data["criteria"] = data["criteria"][:5]

    load(write_variant(tmp_path, second))

    assert Framework.objects.count() == 2
    assert Criterion.objects.filter(code="A1").count() == 2
    assert Framework.objects.get(slug="send-2016").criteria.count() == 44
