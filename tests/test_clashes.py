"""A clash is a message, never an error page: two saves of the same thing, in turn or
at the same moment, give one record and a refusal that says why."""

import datetime as dt
import threading

import pytest
from django.db import connection

from actions.models import Recommendation, Workstream
from actions.plans import services as plan_services
from actions.scrutiny import services as scrutiny_services
from areas.models import Assessment
from areas.ratings import services as rating_services
from common.errors import Refused

from .factories import PlanFactory, ReviewFactory

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time"
)


@pytest.mark.django_db
def test_the_same_workstream_code_twice_is_refused_with_a_message(world):
    plan = PlanFactory(area=world.area)
    fields = {"code": "A", "title": "Identification", "lead_partner": "council"}
    plan_services.workstream_save(plan=plan, by=world.member("lead"), **fields)

    with pytest.raises(Refused, match="already exists"):
        plan_services.workstream_save(plan=plan, by=world.member("lead"), **fields)

    assert Workstream.objects.filter(plan=plan).count() == 1


def at_once(count: int, work) -> list[str]:
    """Run `work` in `count` threads started together; what each ended with."""
    start = threading.Barrier(count)
    outcomes: list[str] = []

    def run():
        start.wait()
        try:
            work()
            outcomes.append("done")
        except Refused:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_start_next_month_five_times_at_once_starts_one(world):
    lead = world.member("lead")

    outcomes = at_once(
        5, lambda: rating_services.month_start(area=world.area, by=lead, today=dt.date(2018, 4, 2))
    )

    assert sorted(outcomes) == ["done"] + ["refused"] * 4
    assert Assessment.objects.filter(area=world.area, month=dt.date(2018, 4, 1)).count() == 1


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_the_same_recommendation_number_at_once_makes_one(world):
    review = ReviewFactory(area=world.area)
    scrutiny = world.member("scrutiny")

    outcomes = at_once(
        3,
        lambda: scrutiny_services.recommendation_save(
            review=review, by=scrutiny, number=4, text="Publish the local offer"
        ),
    )

    assert sorted(outcomes) == ["done", "refused", "refused"]
    assert Recommendation.objects.filter(review=review, number=4).count() == 1
