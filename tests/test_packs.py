"""Meeting packs (issue 14): a lead freezes the papers for a meeting; the pack never
changes afterwards, and says what changed since the pack before it."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from areas.models import Rating
from common.errors import Refused
from sendready.documents.readiness import FrontSheet
from sendready.models import MeetingPack
from sendready.packs import changes_since, pack_freeze, previous_pack

pytestmark = pytest.mark.django_db


def front(**changes) -> FrontSheet:
    values = {
        "meeting": "SEND Partnership Board",
        "meeting_date": dt.date(2018, 4, 12),
        "title": "Readiness",
        "author": "Director of Education",
        "contact": "",
        "purpose": "To update the Board.",
        "recommendation": "That the Board note progress.",
    }
    return FrontSheet(**{**values, **changes})


def freeze(world, month=None):
    return pack_freeze(
        area=world.area,
        month=month or world.march,
        meeting_kind="board",
        front=front(),
        by=world.member("lead"),
    )


def report_text(pack) -> str:
    document = pack.documents.get(title="Readiness report")
    return "\n".join(p.text for p in Document(io.BytesIO(bytes(document.content))).paragraphs)


def test_freezing_keeps_the_papers_and_the_figures(world):
    Rating.objects.filter(assessment=world.march, criterion__code="A9").update(
        level=world.march.framework.levels.get(code="red"), commentary="Worse"
    )

    pack = freeze(world)

    assert [d.title for d in pack.documents.all()] == ["Readiness report", "RAG tracker (Excel)"]
    assert pack.figures["levels"]["A9"]["level"] == "Red"
    assert "A9" in report_text(pack) and "Amber in the month before, Red now" in report_text(pack)
    assert pack.history.count() == 1


def test_a_frozen_pack_stays_the_same_after_the_record_changes(world):
    pack = freeze(world)
    before = {d.pk: bytes(d.content) for d in pack.documents.all()}
    figures = pack.figures

    Rating.objects.filter(assessment=world.march).update(
        level=world.march.framework.levels.get(code="green"), commentary="All better"
    )

    pack.refresh_from_db()
    assert {d.pk: bytes(d.content) for d in pack.documents.all()} == before
    assert pack.figures == figures
    assert "All better" not in report_text(pack)


def test_a_pack_cannot_be_saved_again_or_deleted(world):
    pack = freeze(world)
    pack.meeting = "Changed"
    with pytest.raises(Refused):
        pack.save()
    with pytest.raises(Refused):
        pack.documents.first().delete()
    with pytest.raises(Refused):
        pack.delete()
    assert MeetingPack.objects.get(pk=pack.pk).meeting == "SEND Partnership Board"


# --- changed since the last pack, on hand-built figures -------------------------------------


def figures(**parts) -> dict:
    empty = {"month": "2018-03", "framework": 1, "levels": {}, "actions": {}}
    return {**empty, "recommendations": {}, "exceptions": {}, **parts}


def packs(world, then: dict, now: dict):
    made = []
    for day, found in ((1, then), (2, now)):
        made.append(
            MeetingPack.objects.create(
                area=world.area,
                meeting_kind="board",
                meeting="Board",
                meeting_date=dt.date(2018, 4, day),
                month=dt.date(2018, 3, 1),
                frozen_at=dt.datetime(2018, 4, day, 10, tzinfo=dt.UTC),
                figures=found,
            )
        )
    return made


def level(name, order):
    return {"level": name, "order": order}


def action(status, overdue=False):
    return {"name": "1: Clear the backlog", "status": status, "overdue": overdue}


def test_levels_that_moved_are_listed_with_their_direction(world):
    then = figures(levels={"A1": level("Red", 1), "A2": level("Amber", 2), "A3": level("Green", 3)})
    now = figures(levels={"A1": level("Amber", 2), "A2": level("Amber", 2), "A3": level("Red", 1)})

    changes = changes_since(*reversed(packs(world, then, now)))

    assert changes.levels == ["A1: Red → Amber (up)", "A3: Green → Red (down)"]


def test_actions_moved_new_or_newly_overdue_are_listed(world):
    then = figures(
        actions={"1": action("On track"), "2": action("On track"), "3": action("At risk")}
    )
    now = figures(
        actions={
            "1": action("At risk"),
            "2": action("On track", overdue=True),
            "3": action("At risk"),
            "4": action("Not started"),
        }
    )

    changes = changes_since(*reversed(packs(world, then, now)))

    assert changes.actions == [
        "1: Clear the backlog: On track → At risk",
        "1: Clear the backlog: now overdue",
        "1: Clear the backlog: new, not started",
    ]


def test_recommendations_and_exceptions_that_moved_are_listed(world):
    rec = {"name": "Review, recommendation 3"}
    then = figures(
        recommendations={"7": {**rec, "assessment": "On track"}},
        exceptions={"ehcp": "EHC plans in 20 weeks", "waits": "Waiting list"},
    )
    now = figures(
        recommendations={"7": {**rec, "assessment": "Implemented"}},
        exceptions={"ehcp": "EHC plans in 20 weeks", "nas": "Absence"},
    )

    changes = changes_since(*reversed(packs(world, then, now)))

    assert changes.recommendations == ["Review, recommendation 3: On track → Implemented"]
    assert changes.exceptions == ["New: Absence", "Cleared: Waiting list"]


def test_levels_of_another_framework_are_not_compared(world):
    then = figures(framework=1, levels={"A1": level("Red", 1)})
    now = figures(framework=2, levels={"A1": level("Green", 3)})

    changes = changes_since(*reversed(packs(world, then, now)))

    assert changes.levels == [] and "another framework" in changes.note


def test_the_previous_pack_is_the_areas_last_one_before(world, other_world):
    first, second = packs(world, figures(), figures())
    freeze(other_world)

    assert previous_pack(second) == first and previous_pack(first) is None


# --- pages and roles ------------------------------------------------------------------------


def test_a_lead_freezes_a_pack_from_the_form(client, world):
    client.force_login(world.member("lead"))
    url = reverse("pack_create", args=[world.area.slug])
    page = client.get(url)
    data = {
        "meeting_kind": "committee",
        "month": "2018-03",
        "meeting": "Scrutiny Committee",
        "meeting_date_0": "12",
        "meeting_date_1": "4",
        "meeting_date_2": "2018",
        "title": "SEND update",
        "author": "Director",
        "purpose": "To update.",
        "recommendation": "Note.",
    }

    response = client.post(url, data)

    pack = MeetingPack.objects.get()
    assert page.status_code == 200 and response.status_code == 302
    assert (pack.meeting_kind, pack.meeting, pack.month) == (
        "committee",
        "Scrutiny Committee",
        dt.date(2018, 3, 1),
    )
    shown = client.get(pack.get_absolute_url()).content.decode()
    assert "first pack, so there is nothing to compare" in shown and "Readiness report" in shown


@pytest.mark.parametrize("role", ["officer", "board", "scrutiny"])
def test_only_a_lead_may_freeze(client, world, role):
    client.force_login(world.member(role))

    response = client.post(reverse("pack_create", args=[world.area.slug]), {"month": "2018-03"})

    assert response.status_code == 403 and not MeetingPack.objects.exists()


@pytest.mark.parametrize("role", ["officer", "board", "scrutiny"])
def test_anyone_in_the_area_reads_a_pack_and_downloads_its_papers(client, world, role):
    pack = freeze(world)
    document = pack.documents.first()
    client.force_login(world.member(role))

    page = client.get(pack.get_absolute_url())
    download = client.get(reverse("pack_document", args=[world.area.slug, pack.pk, document.pk]))

    assert page.status_code == 200
    assert download.status_code == 200 and bytes(download.content) == bytes(document.content)


def test_another_areas_user_cannot_read_a_pack(client, world, other_world):
    pack = freeze(world)
    client.force_login(other_world.member("lead"))

    assert client.get(pack.get_absolute_url()).status_code == 404
