"""Prepared queries (common/prepared.py) are built once and run with each call's values:
they must answer as the ORM does for every call, not only the first."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from areas.models import Assessment
from common.prepared import field_names, instance, prepared

from .factories import ActionFactory, AssessmentFactory, LocalAreaFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db


@prepared
def months_of(area_id, since):
    return (
        Assessment.objects.filter(area=area_id, month__gte=since)
        .order_by("month")
        .values_list("month", "status")
    )


@prepared
def overdue_by_status(area_id, today):
    return (
        Action.objects.for_area(area_id)
        .order_by()
        .values("status")
        .annotate(late=Count("id", filter=Action.overdue_when(today)))
        .values_list("status", "late")
    )


def test_each_call_uses_its_own_values_and_gets_what_the_orm_gets():
    area, other = LocalAreaFactory(), LocalAreaFactory()
    for month in (dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)):
        AssessmentFactory(area=area, month=month)
    AssessmentFactory(area=other, month=dt.date(2024, 5, 1))

    for area_id, since in [
        (area.pk, dt.date(2024, 2, 1)),
        (area.pk, dt.date(2023, 1, 1)),
        (other.pk, dt.date(2024, 1, 1)),
        (other.pk, dt.date(2025, 1, 1)),
    ]:
        expected = list(
            Assessment.objects.filter(area=area_id, month__gte=since)
            .order_by("month")
            .values_list("month", "status")
        )
        assert months_of(area_id=area_id, since=since) == expected
    # Dates come back as dates on SQLite too, converted as the ORM converts them.
    assert months_of(area_id=other.pk, since=dt.date(2024, 1, 1))[0][0] == dt.date(2024, 5, 1)


def test_a_rule_asked_with_a_date_follows_the_date_of_each_call():
    workstream = WorkstreamFactory()
    ActionFactory(workstream=workstream, due_on=dt.date(2025, 6, 1), status="on_track")
    area_id = workstream.plan.area_id

    assert overdue_by_status(area_id=area_id, today=dt.date(2025, 6, 1)) == [("on_track", 0)]
    assert overdue_by_status(area_id=area_id, today=dt.date(2025, 6, 2)) == [("on_track", 1)]


def test_after_the_first_call_a_call_is_one_query():
    area = LocalAreaFactory()
    months_of(area_id=area.pk, since=dt.date(2024, 1, 1))

    with CaptureQueriesContext(connection) as queries:
        months_of(area_id=area.pk, since=dt.date(2020, 1, 1))

    assert len(queries) == 1


def test_a_value_the_query_never_uses_is_refused_when_built():
    @prepared
    def ignores_since(area_id, since):
        return Assessment.objects.filter(area=area_id).values_list("month")

    with pytest.raises(ValueError, match="does not use since"):
        ignores_since(area_id=1, since=dt.date(2024, 1, 1))


def test_values_must_be_named_as_the_builder_names_them():
    with pytest.raises(TypeError, match="takes area_id, since"):
        months_of(area_id=1)
    with pytest.raises(TypeError, match="ints, strings and dates"):
        months_of(area_id=1, since=None)


@prepared
def months_in(assessment_ids):
    return (
        Assessment.objects.filter(pk__in=assessment_ids)
        .order_by("month")
        .values_list(*field_names(Assessment))
    )


def test_a_list_is_compiled_for_its_length_and_rows_become_instances():
    months = [AssessmentFactory(month=dt.date(2024, n, 1)) for n in (1, 2, 3)]
    ids = [month.pk for month in months]

    for wanted in ([ids[0]], [ids[2], ids[0]], ids, [ids[1]], []):
        found = [instance(Assessment, row) for row in months_in(assessment_ids=wanted)]
        expected = list(Assessment.objects.filter(pk__in=wanted).order_by("month"))
        assert [(m.pk, m.month, m.area_id, m.created_at) for m in found] == [
            (m.pk, m.month, m.area_id, m.created_at) for m in expected
        ]


def test_a_slice_is_read_by_the_database_with_one_compiled_query():
    area = LocalAreaFactory()
    for n in range(1, 6):
        AssessmentFactory(area=area, month=dt.date(2024, n, 1))
    since = dt.date(2024, 1, 1)
    every = months_of(area_id=area.pk, since=since)

    assert months_of.sliced(0, 2, area_id=area.pk, since=since) == every[0:2]
    assert months_of.sliced(2, 4, area_id=area.pk, since=since) == every[2:4]
    assert months_of.sliced(4, 10, area_id=area.pk, since=since) == every[4:]
    assert months_of.sliced(9, 12, area_id=area.pk, since=since) == []
    with pytest.raises(ValueError, match="runs forward"):
        months_of.sliced(3, 1, area_id=area.pk, since=since)


# --- on PostgreSQL, planned once a connection ------------------------------------------------

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="named statements are PostgreSQL's"
)


def sent_by(call) -> list[str]:
    with CaptureQueriesContext(connection) as sent:
        call()
    return [query["sql"] for query in sent.captured_queries]


def months_since_2024(area):
    return months_of(area_id=area.pk, since=dt.date(2024, 1, 1))


@on_postgres
@pytest.mark.django_db(transaction=True)  # closes the connection
def test_a_prepared_query_is_planned_once_a_connection_in_the_same_round_trip():
    area = LocalAreaFactory()
    AssessmentFactory(area=area, month=dt.date(2024, 2, 1))
    connection.close()  # a new connection: nothing prepared on it yet
    expected = list(Assessment.objects.filter(area=area).values_list("month", "status"))

    first = sent_by(lambda: months_since_2024(area))
    second = sent_by(lambda: months_since_2024(area))

    assert len(first) == 1 and first[0].startswith("PREPARE sendready_")
    assert " EXECUTE sendready_" in first[0]
    assert len(second) == 1 and second[0].startswith("EXECUTE sendready_")
    assert months_since_2024(area) == expected
    other = LocalAreaFactory()
    AssessmentFactory(area=other, month=dt.date(2025, 6, 1))
    assert months_since_2024(other) == [(dt.date(2025, 6, 1), "draft")]


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_a_statement_that_failed_to_prepare_is_sent_as_itself_from_then_on():
    area = LocalAreaFactory()
    AssessmentFactory(area=area, month=dt.date(2024, 2, 1))
    connection.close()
    name = sent_by(lambda: months_since_2024(area))[0].split()[1]
    connection.close()
    with connection.cursor() as cursor:  # the server holds a statement of that name
        cursor.execute(f"PREPARE {name} AS SELECT 1")

    with pytest.raises(Exception, match="already exists"):
        months_since_2024(area)
    again = sent_by(lambda: months_since_2024(area))

    assert not again[0].startswith(("PREPARE", "EXECUTE"))
    assert months_since_2024(area) == [(dt.date(2024, 2, 1), "draft")]


@on_postgres
def test_named_statements_can_be_turned_off(settings):
    settings.DATABASE_PREPARED_STATEMENTS = False
    area = LocalAreaFactory()

    sent = sent_by(lambda: months_since_2024(area)) + sent_by(lambda: months_since_2024(area))

    assert [sql.startswith("SELECT") for sql in sent] == [True, True]
