"""The area SEND framework (2023, updated 2025) as data: its file, the file format's new
sections (terms, confirmed, outcomes, activity types), and the mapping from the 2016
framework (frameworks/checks.py, loading.py, mapping.py, selectors.py).

The 2016 framework is loaded once for the run (tests/conftest.py); each test loads the
2023 file (and the mapping) itself, inside its own transaction."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

import frameworks.loading
from frameworks.citations import Citations, citing_relations
from frameworks.files import FrameworkFileError
from frameworks.loading import FrameworkLoadRefused, framework_load, read_framework_file
from frameworks.mapping import mapping_load, read_mapping_file
from frameworks.models import (
    ActivityType,
    Criterion,
    CriterionMapping,
    Framework,
    Heading,
    Outcome,
)
from frameworks.selectors import ProvisionalCounts, mapped_from, provisional_counts

from .conftest import FRAMEWORK_FILE

pytestmark = pytest.mark.django_db

AREA_SEND_FILE = FRAMEWORK_FILE.parent / "area-send-2023.yaml"
MAPPING_FILE = FRAMEWORK_FILE.parent / "mapping-2016-to-2023.yaml"
SLUG = "area-send-2023"


def load_area_send(path: Path = AREA_SEND_FILE):
    return framework_load(data=read_framework_file(path))


@pytest.fixture
def area_send(framework) -> Framework:
    """The 2023 framework, beside the 2016 one (`framework`) loaded for the run."""
    loaded, _ = load_area_send()
    return loaded


def command(name: str, path: Path) -> str:
    out = StringIO()
    call_command(name, str(path), stdout=out)
    return out.getvalue()


def variant(tmp_path: Path, source: Path, change) -> Path:
    """`source` read plainly, changed by `change(data)`, and written to a new file."""
    data = yaml.safe_load(source.read_text())
    change(data)
    path = tmp_path / source.name
    path.write_text(yaml.safe_dump(data, sort_keys=False, width=200))
    return path


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """The number of the `nth` line of `path` that contains `text`."""
    lines = path.read_text().splitlines()
    return [number for number, line in enumerate(lines, start=1) if text in line][nth - 1]


def reported(error: Exception, expected: str) -> str:
    """The one reported problem that says `expected` ("path, line 12: where: message")."""
    (found,) = [line for line in str(error).splitlines() if expected in line]
    return found.removeprefix("  - ")


def codes(rows) -> list[str]:
    return [row.code for row in rows]


def everything(framework: Framework) -> dict[str, list]:
    """Every row the framework file writes, as values, to compare before and after."""
    return {
        "framework": list(Framework.objects.filter(pk=framework.pk).values()),
        "areas": list(framework.judgement_areas.values()),
        "headings": list(Heading.objects.filter(judgement_area__framework=framework).values()),
        "criteria": list(framework.criteria.order_by("pk").values()),
        "levels": list(framework.levels.values()),
        "outcomes": list(framework.outcomes.values()),
        "activity types": list(framework.activity_types.values()),
    }


# --- the 2023 file -------------------------------------------------------------------


def test_area_send_file_loads_11_criteria_in_two_evaluation_areas(framework):
    output = command("load_framework", AREA_SEND_FILE)

    area_send = Framework.objects.get(slug=SLUG)
    ea1, ea2 = area_send.judgement_areas.all()
    assert "Loaded Area SEND inspection framework (2023)" in output
    assert (ea1.code, ea1.label, ea2.code, ea2.label) == (
        "EA1",
        "Evaluation area 1",
        "EA2",
        "Evaluation area 2",
    )
    assert codes(ea1.criteria.order_by("order")) == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert codes(ea2.criteria.order_by("order")) == ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert area_send.criteria.count() == 11
    assert area_send.criteria.get(code="2.1").text == (
        "Leaders are ambitious for children and young people with SEND"
    )
    assert framework.criteria.count() == 44


def test_area_send_file_uses_the_2016_rating_scale(framework, area_send):
    scale = list(area_send.levels.values_list("code", "label", "colour", "definition"))

    assert scale == list(framework.levels.values_list("code", "label", "colour", "definition"))
    assert area_send.levels.get(is_target=True).code == "green"


def test_framework_words_follow_its_terms(framework, area_send):
    words = [(f.terms, f.area_word, f.areas_word, f.result_word) for f in (framework, area_send)]

    assert words == [
        ("judge", "judgement area", "judgement areas", "judgement"),
        ("evaluate", "evaluation area", "evaluation areas", "outcome"),
    ]


def test_provisional_flags_are_stored(area_send):
    confirmed = dict(area_send.criteria.values_list("code", "confirmed"))
    areas = dict(area_send.judgement_areas.values_list("code", "confirmed"))

    assert confirmed == {code: code.startswith("1.") for code in confirmed}
    assert areas == {"EA1": True, "EA2": False}
    assert all(area_send.outcomes.values_list("confirmed", flat=True))


def test_provisional_counts_counts_each_kind_in_one_query(
    framework, area_send, django_assert_num_queries
):
    with django_assert_num_queries(1):
        counts = provisional_counts(area_send)

    assert counts == ProvisionalCounts(areas=1, headings=0, criteria=6, outcomes=0)
    assert area_send.has_provisional_wording
    assert not provisional_counts(framework) and not framework.has_provisional_wording


def test_the_2016_framework_is_unchanged_by_the_new_format(framework):
    assert (framework.terms, framework.after_every_inspection) == ("judge", "")
    assert all(framework.criteria.values_list("confirmed", flat=True))
    assert all(framework.judgement_areas.values_list("confirmed", flat=True))
    assert not framework.outcomes.exists() and not framework.activity_types.exists()


def test_loading_the_area_send_file_twice_changes_nothing(area_send):
    before = everything(area_send)

    _, summary = load_area_send()
    output = command("load_framework", AREA_SEND_FILE)

    assert (summary.created, summary.updated, summary.removed) == (0, 0, [])
    assert summary.unchanged == 24  # framework, 3 levels, 2 areas, 11 criteria, 3 + 4
    assert "0 created, 0 updated, 24 unchanged." in output
    assert everything(area_send) == before


def test_outcomes_are_loaded_with_what_they_trigger(area_send):
    outcomes = {outcome.code: outcome for outcome in area_send.outcomes.all()}

    assert list(outcomes) == ["positive", "inconsistent", "systemic"]
    assert outcomes["positive"].text.startswith(
        "The local area partnership's SEND arrangements typically lead to positive"
    )
    assert outcomes["positive"].triggers() == ["a full inspection, usually within 5 years"]
    assert outcomes["inconsistent"].triggers() == [
        "areas for improvement",
        "a full inspection, usually within 3 years",
    ]
    systemic = outcomes["systemic"]
    assert systemic.triggers() == [
        "areas for priority action",
        "areas for improvement",
        "a priority action plan",
        "engagement meetings",
        "a monitoring inspection, usually 18 months after the final report",
        "a full inspection, usually within 3 years",
    ]
    assert (systemic.monitoring_inspection_after_months, systemic.priority_action_plan) == (
        18,
        True,
    )
    assert "NHS England" in systemic.notes
    assert area_send.after_every_inspection == (
        "Update and publish the local area partnership's strategic plan."
    )


def test_activity_types_are_loaded(area_send):
    types = list(area_send.activity_types.values_list("code", "name"))

    assert types == [
        ("full-inspection", "Full inspection"),
        ("monitoring-inspection", "Monitoring inspection"),
        ("engagement-meeting", "Engagement meeting"),
        ("thematic-visit", "Thematic visit"),
    ]


def test_reload_updates_a_changed_outcome_and_activity_type_in_place(tmp_path, area_send):
    positive = area_send.outcomes.get(code="positive")
    visit = area_send.activity_types.get(code="thematic-visit")

    def change(data):
        data["outcomes"][0].update(next_full_inspection_within_years=4, engagement_meetings=True)
        data["activity_types"][3]["name"] = "Area SEND thematic visit"

    _, summary = load_area_send(variant(tmp_path, AREA_SEND_FILE, change))

    positive.refresh_from_db()
    visit.refresh_from_db()
    assert (positive.next_full_inspection_within_years, positive.engagement_meetings) == (4, True)
    assert visit.name == "Area SEND thematic visit"
    assert (summary.created, summary.updated) == (0, 2)


def test_reload_removes_an_uncited_outcome_and_activity_type(tmp_path, area_send):
    def drop(data):
        data["outcomes"] = data["outcomes"][:2]
        data["activity_types"] = data["activity_types"][:3]

    _, summary = load_area_send(variant(tmp_path, AREA_SEND_FILE, drop))

    assert summary.removed == ["outcome systemic", "activity type thematic-visit"]
    assert codes(area_send.outcomes.all()) == ["positive", "inconsistent"]


def test_reload_refuses_to_remove_a_cited_outcome(tmp_path, area_send, monkeypatch):
    # Nothing in the project cites an outcome yet (an inspection will): stand in for
    # the citation check, as it answers once a model links to Outcome.
    assert citing_relations(Outcome, ignore=frameworks.loading.LOADED) == []
    systemic = area_send.outcomes.get(code="systemic")

    def cited(model, pks, *, ignore=()):
        found = Citations(areas={"Kent"})
        found.by_kind[Outcome].add(1)  # any model: only the count and its name are read
        return {systemic.pk: found} if model is Outcome and systemic.pk in pks else {}

    monkeypatch.setattr(frameworks.loading, "citations_of", cited)
    path = variant(tmp_path, AREA_SEND_FILE, lambda d: d.update(outcomes=d["outcomes"][:2]))

    with pytest.raises(FrameworkLoadRefused) as refusal:
        load_area_send(path)

    assert "removes outcome systemic, cited by 1 outcome (Kent)" in str(refusal.value)
    assert area_send.outcomes.filter(pk=systemic.pk).exists()


def test_removing_an_evaluation_area_is_named_in_the_frameworks_words(tmp_path, area_send):
    def without_ea2(data):
        data["judgement_areas"] = data["judgement_areas"][:1]
        data["criteria"] = [c for c in data["criteria"] if c["area"] == "EA1"]

    _, summary = load_area_send(variant(tmp_path, AREA_SEND_FILE, without_ea2))

    assert summary.removed[-1] == "evaluation area EA2"


def test_reload_marks_wording_confirmed_without_rewording_it(tmp_path, area_send):
    def confirm(data):
        data["criteria"][5]["confirmed"] = True

    _, summary = load_area_send(variant(tmp_path, AREA_SEND_FILE, confirm))

    assert area_send.criteria.get(code="2.1").confirmed
    assert (summary.updated, summary.reworded) == (1, [])


# --- the checker's new rules -----------------------------------------------------------


def outcome_years_in_words(data):
    data["outcomes"][1]["next_full_inspection_within_years"] = "three"


def outcome_months_not_whole(data):
    data["outcomes"][2]["monitoring_inspection_after_months"] = 18.5


def outcome_without_text(data):
    del data["outcomes"][1]["text"]


def outcome_duplicate_code(data):
    data["outcomes"][2]["code"] = "inconsistent"


def outcome_unknown_key(data):
    data["outcomes"][1]["wording"] = data["outcomes"][1].pop("text")


def outcome_flag_in_words(data):
    data["outcomes"][1]["areas_for_improvement"] = "yes please"


def activity_type_without_name(data):
    del data["activity_types"][1]["name"]


def activity_type_duplicate_code(data):
    data["activity_types"][1]["code"] = "full-inspection"


def activity_type_unknown_key(data):
    data["activity_types"][1]["colour"] = "blue"


def criterion_misspelt_confirmed(data):
    data["criteria"][6]["confimed"] = data["criteria"][6].pop("confirmed")


def criterion_confirmed_in_words(data):
    data["criteria"][6]["confirmed"] = "not yet"


def unknown_terms(data):
    data["terms"] = "assess"


# (change, (text on the line the problem names, which such line), the problem)
BAD_FILES = [
    (
        outcome_years_in_words,
        ("code: inconsistent", 1),
        "outcome 2: next_full_inspection_within_years must be a whole number (got 'three').",
    ),
    (
        outcome_months_not_whole,
        ("code: systemic", 1),
        "outcome 3: monitoring_inspection_after_months must be a whole number (got 18.5).",
    ),
    (outcome_without_text, ("code: inconsistent", 1), "outcome 2: missing text."),
    (
        outcome_duplicate_code,
        ("code: inconsistent", 2),
        "outcome 3: duplicate code 'inconsistent'.",
    ),
    (outcome_unknown_key, ("code: inconsistent", 1), "outcome 2: unknown key 'wording'"),
    (
        outcome_flag_in_words,
        ("code: inconsistent", 1),
        "outcome 2: areas_for_improvement must be true or false.",
    ),
    (
        activity_type_without_name,
        ("code: monitoring-inspection", 1),
        "activity type 2: missing name.",
    ),
    (
        activity_type_duplicate_code,
        ("code: full-inspection", 2),
        "activity type 2: duplicate code 'full-inspection'.",
    ),
    (
        activity_type_unknown_key,
        ("code: monitoring-inspection", 1),
        "activity type 2: unknown key 'colour'",
    ),
    (
        criterion_misspelt_confirmed,
        ("code: '2.2'", 1),
        "criterion 7 (2.2): unknown key 'confimed'",
    ),
    (
        criterion_confirmed_in_words,
        ("code: '2.2'", 1),
        "criterion 7 (2.2): confirmed must be true or false.",
    ),
    (
        unknown_terms,
        ("slug: area-send-2023", 1),
        "framework: terms must be one of evaluate, judge.",
    ),
]


@pytest.mark.parametrize(("change", "on_line", "expected"), BAD_FILES)
def test_bad_new_section_is_reported_with_its_line_and_nothing_loads(
    tmp_path, framework, change, on_line, expected
):
    path = variant(tmp_path, AREA_SEND_FILE, change)

    with pytest.raises(CommandError) as error:
        command("load_framework", path)

    assert reported(error.value, expected).startswith(f"{path}, line {line_of(path, *on_line)}: ")
    assert not Framework.objects.filter(slug=SLUG).exists()


def test_unquoted_decimal_code_is_reported(tmp_path, framework):
    path = tmp_path / "unquoted.yaml"
    path.write_text(AREA_SEND_FILE.read_text().replace("- code: '1.4'", "- code: 1.4"))

    with pytest.raises(FrameworkFileError) as error:
        read_framework_file(path)

    assert error.value.problems == [
        f"{path}, line {line_of(path, 'code: 1.4')}: criterion 4: code 1.4 is not text: put it "
        f"in quotes."
    ]


def test_unknown_area_is_named_in_the_frameworks_words(tmp_path, framework):
    path = variant(tmp_path, AREA_SEND_FILE, lambda d: d["criteria"][0].update(area="EA9"))

    with pytest.raises(FrameworkFileError) as error:
        read_framework_file(path)

    assert "criterion 1 (1.1): unknown evaluation area 'EA9'." in str(error.value)


# --- the mapping from 2016 -------------------------------------------------------------


def mapping_pairs() -> list[tuple[str, str, str]]:
    return list(
        CriterionMapping.objects.order_by("pk").values_list(
            "from_criterion__code", "to_criterion__code", "why"
        )
    )


def test_mapping_loads_what_informs_each_2023_criterion(framework, area_send):
    output = command("load_framework_mapping", MAPPING_FILE)

    informs = mapped_from(area_send, framework)
    by_id = dict(Criterion.objects.values_list("pk", "code"))
    by_code = {by_id[to]: [by_id[pk] for pk in froms] for to, froms in informs.items()}
    assert "from send-2016 to area-send-2023" in output and "55 created" in output
    assert by_code["1.2"] == ["A16", "B1", "C7", "C13"]
    assert "2.1" not in by_code  # nothing in 2016 asked about leaders' ambition
    assert set(by_code) == {c.code for c in area_send.criteria.all()} - {"2.1"}
    assert {code for froms in by_code.values() for code in froms} == set(
        framework.criteria.values_list("code", flat=True)
    )


def test_mapping_loaded_twice_changes_nothing(framework, area_send):
    mapping_load(data=read_mapping_file(MAPPING_FILE))
    before = mapping_pairs()

    _, _, summary = mapping_load(data=read_mapping_file(MAPPING_FILE))

    assert (summary.created, summary.updated, summary.removed, summary.unchanged) == (0, 0, 0, 55)
    assert mapping_pairs() == before


def test_mapping_reload_updates_why_and_removes_dropped_pairs(tmp_path, framework, area_send):
    mapping_load(data=read_mapping_file(MAPPING_FILE))

    def change(data):
        data["mappings"][1].update(**{"from": ["B1"], "why": "Co-production."})

    _, _, summary = mapping_load(data=read_mapping_file(variant(tmp_path, MAPPING_FILE, change)))

    assert (summary.updated, summary.removed, summary.created) == (1, 3, 0)
    assert CriterionMapping.objects.get(to_criterion__code="1.2").why == "Co-production."


def test_mapping_pairs_are_unique(framework, area_send):
    mapping_load(data=read_mapping_file(MAPPING_FILE))
    pair = CriterionMapping.objects.first()

    with pytest.raises(Exception, match="unique|UNIQUE|already exists"):
        CriterionMapping(
            from_criterion=pair.from_criterion, to_criterion=pair.to_criterion
        ).full_clean()


def unknown_from_code(data):
    data["mappings"][2]["from"].append("Z9")


def unknown_to_code(data):
    data["mappings"][2]["to"] = "3.1"


def unknown_framework(data):
    data["from"] = "send-2010"


def duplicate_to(data):
    data["mappings"][3]["to"] = "1.3"


def missing_criterion(data):
    del data["mappings"][5]


def from_not_a_list(data):
    data["mappings"][2]["from"] = "A11"


BAD_MAPPINGS = [
    (
        unknown_from_code,
        ("to: '1.3'", 1),
        "mapping 3 (to 1.3): unknown send-2016 criterion 'Z9'.",
    ),
    (
        unknown_to_code,
        ("to: '3.1'", 1),
        "mapping 3 (to 3.1): unknown area-send-2023 criterion '3.1'.",
    ),
    (
        unknown_framework,
        ("from: send-2010", 1),
        "mapping: from: unknown framework 'send-2010' (load its file first).",
    ),
    (
        duplicate_to,
        ("to: '1.3'", 2),
        "mapping 4 (to 1.3): '1.3' is listed already (mapping 3).",
    ),
    (
        missing_criterion,
        ("from: send-2016", 1),
        "mapping: area-send-2023 criterion '2.1' is not listed",
    ),
    (
        from_not_a_list,
        ("to: '1.3'", 1),
        "mapping 3 (to 1.3): from must be a list of criterion codes ([] for none).",
    ),
]


@pytest.mark.parametrize(("change", "on_line", "expected"), BAD_MAPPINGS)
def test_bad_mapping_is_reported_with_its_line_and_nothing_loads(
    tmp_path, framework, area_send, change, on_line, expected
):
    path = variant(tmp_path, MAPPING_FILE, change)

    with pytest.raises(CommandError) as error:
        command("load_framework_mapping", path)

    assert reported(error.value, expected).startswith(f"{path}, line {line_of(path, *on_line)}: ")
    assert not CriterionMapping.objects.exists()


def test_mapping_before_its_framework_is_loaded_is_refused(framework):
    with pytest.raises(FrameworkFileError) as error:
        read_mapping_file(MAPPING_FILE)

    assert error.value.problems == [
        f"{MAPPING_FILE}, line {line_of(MAPPING_FILE, 'from: send-2016')}: mapping: to: "
        f"unknown framework 'area-send-2023' (load its file first)."
    ]


@pytest.mark.parametrize("mapped", [False, True])
def test_mapped_from_is_one_query(framework, area_send, django_assert_num_queries, mapped):
    if mapped:
        mapping_load(data=read_mapping_file(MAPPING_FILE))

    with django_assert_num_queries(1):
        informs = mapped_from(area_send, framework)

    assert sum(len(froms) for froms in informs.values()) == (55 if mapped else 0)


def test_mapped_from_reads_only_the_two_frameworks_named(framework, area_send):
    mapping_load(data=read_mapping_file(MAPPING_FILE))

    assert mapped_from(framework, area_send) == {}
    assert mapped_from(area_send, area_send) == {}


def test_removing_a_mapped_criterion_takes_its_pairs_with_it(tmp_path, framework, area_send):
    # A mapping is the frameworks' own data, not a citation: a criterion no file keeps
    # goes with its pairs, and the old mapping file then no longer loads.
    mapping_load(data=read_mapping_file(MAPPING_FILE))
    path = variant(tmp_path, AREA_SEND_FILE, lambda d: d["criteria"].pop(4))

    _, summary = load_area_send(path)

    assert summary.removed == ["criterion 1.5"]
    assert not CriterionMapping.objects.filter(to_criterion__code="1.5").exists()
    with pytest.raises(FrameworkFileError, match="unknown area-send-2023 criterion '1.5'"):
        read_mapping_file(MAPPING_FILE)


def test_new_models_are_read_only_in_the_admin(admin_client, area_send):
    mapping_load(data=read_mapping_file(MAPPING_FILE))
    pages = {
        model: admin_client.get(f"/admin/frameworks/{model._meta.model_name}/")
        for model in (Outcome, ActivityType, CriterionMapping)
    }
    add = admin_client.get("/admin/frameworks/outcome/add/")

    assert {model: page.status_code for model, page in pages.items()} == dict.fromkeys(pages, 200)
    assert b"Widespread and/or systemic failings" in pages[Outcome].content
    assert add.status_code == 403
