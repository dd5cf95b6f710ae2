"""One area's whole record out (export_area) and into another installation (import_area).

The round trip stands in for another installation this way: two demo areas are
exported, then every row of every area table (history included) is deleted, as in a
fresh installation that has the same framework files and the same accounts, and the
files are imported. Every area table must then hold the same rows as before, compared
as tuples in which each link to another area row is replaced by that row's own tuple
(ids ignored). Same database rather than a second one, because the framework rows must
exist in both and pytest-django gives one test database; the deletion is total, so
nothing of the old rows can be reused by mistake."""

import datetime as dt
import json
import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from areas.models import Assessment, LocalArea, Membership, Rating
from areas.ratings import services as month_services
from areas.self_evaluation import services as se_services
from common.months import next_month
from frameworks.kpi_loading import kpis_load, read_kpi_file
from frameworks.loading import framework_load, read_framework_file
from frameworks.mapping import mapping_load, read_mapping_file
from frameworks.models import Framework
from sendready.area_record import EXCLUDED, area_tables, instance_type_of
from sendready.demo.loader import demo_load
from sendready.documents.readiness import FrontSheet
from sendready.packs import pack_freeze

from .conftest import PASSWORD

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FAR_FUTURE = dt.date(2100, 1, 1)  # lets the test open months after the demo's last
GONE = ("a row deleted before the export",)


# --- Which tables ---------------------------------------------------------------------


def models_leading_to_area() -> set:
    """Every model with a chain of foreign keys to LocalArea, found independently of
    sendready.area_record, so a new model cannot be forgotten there unnoticed."""
    found = {LocalArea}
    models = apps.get_models(include_auto_created=True)
    grew = True
    while grew:
        before = len(found)
        found |= {
            model
            for model in models
            for column in model._meta.concrete_fields
            if column.is_relation and column.related_model in found
        }
        grew = len(found) > before
    return found


def test_every_model_with_a_path_to_an_area_is_exported_or_excluded(db):
    exported = {table.model._meta.label for table in area_tables()}

    leading = {model._meta.label for model in models_leading_to_area()}

    assert leading == exported | set(EXCLUDED)
    assert "areas.HistoricalRating" in exported and "actions.Action_criteria" in exported


# --- Round trip ---------------------------------------------------------------------


def load_two_demo_areas(tmp_path) -> None:
    """Kirklees (self-evaluation, scrutiny, KPI exceptions) and Westmere (the 2023
    framework, an inspection with findings and a plan): the rest of the demo is not
    needed here and would take several more seconds."""
    for name in ("area-send-2023.yaml",):
        framework_load(data=read_framework_file(FIXTURES / "frameworks" / name))
    mapping_load(data=read_mapping_file(FIXTURES / "frameworks" / "mapping-2016-to-2023.yaml"))
    kpis_load(data=read_kpi_file(FIXTURES / "kpis" / "send-2016.yaml"))
    for name in ("kirklees.yaml", "westmere.yaml"):
        shutil.copy(FIXTURES / "demo" / name, tmp_path / name)
    demo_load(password=PASSWORD, directory=tmp_path)


def add_what_the_demo_lacks(area: LocalArea) -> None:
    """A framework switch with carried ratings, a reopening, a frozen meeting pack and a
    deleted month (history of rows that no longer exist)."""
    lead = Membership.objects.get(area=area, role="lead").user
    latest = Assessment.objects.filter(area=area).order_by("-month").first()
    agreed = Assessment.objects.filter(area=area, status="agreed").order_by("-month").first()
    month_services.month_reopen(assessment=agreed, by=lead, reason="A figure was wrong")
    pack_freeze(area=area, month=agreed, meeting_kind="board", front=front_sheet(), by=lead)
    month_services.framework_switch(
        area=area,
        to_framework=Framework.objects.get(slug="area-send-2023"),
        from_month=next_month(latest.month),
        by=lead,
    )
    month_services.month_start(area=area, by=lead, today=FAR_FUTURE)
    mistake = month_services.month_start(area=area, by=lead, today=FAR_FUTURE)
    month_services.month_delete(assessment=mistake, by=lead)
    draft = se_services.draft_start(area=area, by=lead)
    point = draft.points.filter(withdrawn_at__isnull=True).first()
    point.criteria.clear()  # a many-to-many change, kept in the history


def front_sheet() -> FrontSheet:
    return FrontSheet(
        meeting="SEND Partnership Board",
        meeting_date=dt.date(2026, 1, 15),
        title="SEND readiness",
        author="Lead officer",
        contact="send@example.org",
        purpose="To note",
        recommendation="The board notes the report",
    )


def canonical_rows() -> dict[str, Counter]:
    """Every area table's rows, ids left out: a link to another area row becomes that
    row's own tuple, recursively (parents come first in area_tables)."""
    canon: dict[type, dict] = {}
    for table in area_tables():
        model = table.model
        columns = model._meta.concrete_fields
        rows = {}
        for values in model._base_manager.values_list(*(c.attname for c in columns)):
            row = {}
            for column, value in zip(columns, values, strict=True):
                if column.primary_key:
                    continue
                target = column.related_model if column.is_relation else None
                if column.name == "id" and instance_type_of(model):
                    target = instance_type_of(model)
                if target in canon and value is not None:
                    value = canon[target].get(value, GONE)
                if isinstance(value, memoryview):
                    value = bytes(value)
                elif isinstance(value, dict | list):  # JSON
                    value = json.dumps(value, sort_keys=True)
                row[column.attname] = value
            rows[values[[c.primary_key for c in columns].index(True)]] = tuple(row.items())
        canon[model] = rows
    return {model._meta.label: Counter(rows.values()) for model, rows in canon.items()}


def delete_every_area_row() -> None:
    """What a fresh installation has of the areas: nothing (raw deletes: a frozen pack
    refuses Django's delete, and the history tables have no cascade)."""
    for table in reversed(area_tables()):
        manager = table.model._base_manager
        manager.all()._raw_delete(manager.db)


def test_demo_areas_survive_export_and_import(db, tmp_path):
    load_two_demo_areas(tmp_path)
    kirklees = LocalArea.objects.get(slug="kirklees")
    add_what_the_demo_lacks(kirklees)
    before = canonical_rows()
    files = {slug: tmp_path / f"{slug}.json" for slug in ("kirklees", "westmere")}
    for slug, path in files.items():
        call_command("export_area", slug, output=str(path), stderr=StringIO())

    delete_every_area_row()
    assert not any(canonical_rows().values())
    for path in files.values():
        call_command("import_area", str(path), stdout=StringIO())

    after = canonical_rows()
    for label, rows in before.items():
        assert after[label] == rows, label
    # The demo and the additions did reach every kind of row the test means to cover.
    for label in (
        "areas.FrameworkSwitch",
        "areas.Reopening",
        "areas.AgreedRating",
        "areas.SelfEvaluationPoint_criteria",
        "areas.HistoricalSelfEvaluationPoint_criteria",
        "areas.KpiValue",
        "areas.KpiException",
        "actions.Finding_criteria",
        "actions.Action_weaknesses",
        "actions.RecommendationUpdate",
        "actions.Response",
        "sendready.PackDocument",
        "sendready.HistoricalMeetingPack",
    ):
        assert before[label], label
    assert Rating.objects.filter(carried_from__slug="send-2016").exists()
    # The deleted month's ratings: history naming a month that no longer exists.
    assert any(("assessment_id", GONE) in row for row in before["areas.HistoricalRating"])


# --- Small records ------------------------------------------------------------------


def exported(area) -> dict:
    out = StringIO()
    call_command("export_area", area.slug, stdout=out)
    return json.loads(out.getvalue())


def imported(record, tmp_path, *args) -> str:
    path = tmp_path / "record.json"
    path.write_text(record if isinstance(record, str) else json.dumps(record))
    out = StringIO()
    call_command("import_area", str(path), *args, stdout=out)
    return out.getvalue()


def refusal(record, tmp_path, *args) -> str:
    areas_before = LocalArea.objects.count()
    with pytest.raises(CommandError) as refused:
        imported(record, tmp_path, *args)
    assert LocalArea.objects.count() == areas_before
    return str(refused.value)


def test_import_under_a_new_slug_adds_members_with_accounts_here(world, tmp_path):
    record = exported(world.area)
    get_user_model().objects.filter(username="sunderland-board").delete()

    output = imported(record, tmp_path, "--slug", "sunderland-copy")

    copy = LocalArea.objects.get(slug="sunderland-copy")
    members = set(copy.memberships.values_list("user__username", flat=True))
    assert members == {"sunderland-officer", "sunderland-lead", "sunderland-scrutiny"}
    assert "Not made members (no account with that username here): sunderland-board" in output
    assert copy.assessments.count() == 2 and Rating.objects.filter(assessment__area=copy).count()


def test_export_holds_no_password_or_account(world):
    text = json.dumps(exported(world.area))

    assert "password" not in text and "md5$" not in text
    assert "auth.User" not in text


def test_import_refuses_a_slug_that_exists(world, tmp_path):
    message = refusal(exported(world.area), tmp_path)

    assert "An area with the slug 'sunderland' already exists" in message


def test_import_refuses_missing_framework_criteria_naming_them(world, tmp_path):
    record = exported(world.area)
    for row in record["tables"]["areas.Rating"][:2]:
        row["criterion"] = ["send-2016", f"gone-{row['criterion'][1]}"]
    record["tables"]["areas.LocalArea"][0]["slug"] = "elsewhere"

    message = refusal(record, tmp_path)

    assert "lacks framework rows" in message
    assert "criterion send-2016 gone-" in message


@pytest.mark.parametrize(
    "spoil, expected",
    [
        (lambda r: "{not json", "is not a JSON area record"),
        (lambda r: "[" * 100_000 + "]" * 100_000, "is not a JSON area record"),
        (lambda r: [], "This is not an area record"),
        (lambda r: {**r, "version": 99}, "this installation reads version 1"),
        (lambda r: {**r, "tables": {"auth.User": []}}, "Tables this installation does not have"),
        (lambda r: {**r, "tables": {"areas.Rating": "x"}}, "areas.Rating: expected a list"),
        (lambda r: {**r, "tables": {}}, "exactly one local area"),
    ],
)
def test_import_refuses_a_malformed_file(world, tmp_path, spoil, expected):
    record = exported(world.area)
    record["tables"]["areas.LocalArea"][0]["slug"] = "elsewhere"

    message = refusal(spoil(record), tmp_path)

    assert expected in message


@pytest.mark.parametrize(
    "table, column, value, expected",
    [
        ("areas.Assessment", "month", "not a date", "areas.Assessment.month"),
        ("areas.Assessment", "status", "<script>", "areas.Assessment.status"),
        ("areas.Assessment", "nonsense", 1, "unknown fields ['nonsense']"),
        ("areas.Rating", "assessment", 999_999, "row 999999 is not in the record"),
        ("areas.Rating", "assessment", "1; DROP TABLE", "is not a row of the record"),
        ("areas.Rating", "level", ["send-2016"], "names nothing"),
        ("areas.Rating", "updated_at", {"a": 1}, "areas.Rating.updated_at"),
        ("areas.LocalArea", "name", "x" * 201, "areas.LocalArea.name"),
        ("areas.Membership", "role", "king", "areas.Membership.role"),
        ("areas.HistoricalAssessment", "history_type", "?", "history_type"),
    ],
)
def test_import_refuses_a_hostile_value(world, tmp_path, table, column, value, expected):
    record = exported(world.area)
    record["tables"]["areas.LocalArea"][0]["slug"] = "elsewhere"
    record["tables"][table][-1][column] = value

    message = refusal(record, tmp_path)

    assert "Nothing was imported" in message and expected in message


def test_import_is_all_or_nothing_when_the_database_refuses_a_row(world, tmp_path):
    record = exported(world.area)
    record["tables"]["areas.LocalArea"][0]["slug"] = "elsewhere"
    # Valid for the column, refused by the table's check (the month's first day), in a
    # table written after the area and its months.
    record["tables"]["areas.Assessment"][-1]["month"] = "2018-03-15"

    message = refusal(record, tmp_path)

    assert "The database refused the record" in message
    assert not Assessment.objects.filter(area__slug="elsewhere").exists()


def test_export_of_an_unknown_area_is_refused(db):
    with pytest.raises(CommandError, match="No area has the slug 'nowhere'"):
        call_command("export_area", "nowhere")


def test_reexport_of_an_import_is_the_same_record(world, tmp_path):
    record = exported(world.area)
    imported(record, tmp_path, "--slug", "again")

    again = exported(LocalArea.objects.get(slug="again"))

    for label, rows in record["tables"].items():
        assert len(again["tables"][label]) == len(rows), label


def test_history_of_a_deleted_row_keeps_an_id_no_new_row_takes(world, tmp_path):
    lead = world.member("lead")
    mistake = month_services.month_start(area=world.area, by=lead, today=FAR_FUTURE)
    month_services.month_delete(assessment=mistake, by=lead)
    imported(exported(world.area), tmp_path, "--slug", "copy")
    copy = LocalArea.objects.get(slug="copy")
    live = Assessment.objects.values("id")
    [gone] = set(Assessment.history.filter(area=copy).exclude(id__in=live).values_list("id"))

    later = month_services.month_start(area=copy, by=lead, today=FAR_FUTURE)

    assert later.pk != gone[0]
    assert Assessment.history.filter(id=gone[0]).count() == 2  # its start and its deletion
