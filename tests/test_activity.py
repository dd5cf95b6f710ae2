"""An area's activity page: every change newest first, who and when, filterable, each
line linking to what changed; another area's changes never appear."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actions.plans import services as plan_services
from areas.ratings import services as rating_services
from areas.ratings.services import RatingEntry
from areas.self_evaluation import services as se_services

from .factories import ActionFactory, InspectionFactory
from .helpers import month_url

pytestmark = pytest.mark.django_db


def activity(client, world, **params):
    response = client.get(f"/areas/{world.area.slug}/activity/", params)
    assert response.status_code == 200
    return response.content.decode()


def rate(world, code, level, commentary, by):
    criterion = next(c for c in world.criteria if c.code == code)
    world.march.refresh_from_db()
    rating_services.month_save(
        assessment=world.march,
        entries=[RatingEntry(criterion, world.area.framework.levels.get(code=level), commentary)],
        loaded_version=world.march.version,
        by=by,
    )


def progress(action, by, text):
    plan_services.progress_add(
        action=action, by=by, date=dt.date(2018, 3, 1), text=text, status_after="at_risk"
    )


def test_changes_are_listed_newest_first_with_who_and_a_link(client, world):
    rate(world, "A9", "green", "Audit done", world.member("officer"))
    rate(world, "A4", "red", "Slipped", world.member("lead"))
    client.force_login(world.member("board"))

    content = activity(client, world)

    assert content.index("A4, March 2018: Red") < content.index("A9, March 2018: Green")
    assert "sunderland-lead" in content and "sunderland-officer" in content
    assert month_url(world.march, "#rating-A9") in content


def test_filters_by_kind_and_person(client, world):
    action = ActionFactory(workstream__plan__area=world.area)
    progress(action, world.member("officer"), "Done by the officer")
    rate(world, "A9", "green", "Audit done", world.member("lead"))
    client.force_login(world.member("lead"))

    by_kind = activity(client, world, kind="progress")
    by_person = activity(client, world, person=world.member("lead").pk)

    assert "Progress update: <a" in by_kind and "A9, March 2018" not in by_kind
    assert "A9, March 2018" in by_person and "Progress update: <a" not in by_person


def test_one_records_own_history(client, world):
    first = ActionFactory(workstream__plan__area=world.area, description="First action")
    second = ActionFactory(workstream__plan__area=world.area, description="Second action")
    progress(first, world.member("officer"), "x")
    progress(second, world.member("officer"), "y")
    client.force_login(world.member("officer"))

    content = activity(client, world, kind="action", record=first.pk)
    page = client.get(first.get_absolute_url()).content.decode()

    assert "First action" in content and "Second action" not in content
    assert f"activity/?kind=action&amp;record={first.pk}" in page


def test_a_withdrawal_is_listed_as_a_withdrawal(client, world):
    action = ActionFactory(workstream__plan__area=world.area)
    progress(action, world.member("officer"), "Reported twice by mistake")
    update = action.updates.get()
    plan_services.progress_withdraw(update=update, by=world.member("lead"), reason="A duplicate")
    client.force_login(world.member("lead"))

    content = activity(client, world, kind="progress")

    assert content.count('<td class="govuk-table__cell">Withdrawn</td>') == 1
    assert content.count('<td class="govuk-table__cell">Created</td>') == 1


@pytest.mark.parametrize("kind", ["inspection", "self_evaluation"])
def test_inspection_and_self_evaluation_pages_link_to_their_history(client, world, kind):
    if kind == "inspection":
        record = InspectionFactory(area=world.area)
        url = record.get_absolute_url()
    else:
        record = se_services.draft_start(area=world.area, by=world.member("officer"))
        url = f"/areas/{world.area.slug}/self-evaluation/"
    client.force_login(world.member("lead"))  # the board sees published versions only

    page = client.get(url).content.decode()

    assert f"activity/?kind={kind}&amp;record={record.pk}" in page


def test_another_areas_changes_never_appear(client, world, other_world):
    rate(other_world, "A9", "green", "Kent's own change", other_world.member("officer"))
    client.force_login(world.member("lead"))

    assert "A9, March 2018" not in activity(client, world)


def test_activity_queries_do_not_grow(client, world):
    client.force_login(world.member("lead"))
    counts = []
    for n in (1, 8):
        for _ in range(n):
            progress(ActionFactory(workstream__plan__area=world.area), world.member("lead"), "z")
        with CaptureQueriesContext(connection) as context:
            activity(client, world)
        counts.append(len(context.captured_queries))

    assert counts[0] == counts[1]
