"""Agreed means agreed: agreeing keeps the rules of saving and the version the lead saw,
"Save and agree" loses nothing typed, and what was agreed stays visible after the month
is reopened, changed and agreed again."""

import datetime as dt

import pytest
from django.utils import timezone

from areas.models import Agreement, Rating
from areas.ratings import services
from areas.ratings.services import RatingEntry
from common.errors import Refused
from frameworks.models import CriterionWording

from .helpers import month_post_data, month_url

pytestmark = pytest.mark.django_db


def level(world, code):
    return world.area.framework.levels.get(code=code)


def save(world, code, level_code, commentary, by=None):
    criterion = next(c for c in world.criteria if c.code == code)
    world.march.refresh_from_db()
    services.month_save(
        assessment=world.march,
        entries=[RatingEntry(criterion, level(world, level_code), commentary)],
        loaded_version=world.march.version,
        by=by or world.member("officer"),
    )


def test_agree_refuses_a_changed_level_without_commentary(world):
    Rating.objects.filter(assessment=world.march, criterion__code="A10").update(
        level=level(world, "green")
    )

    with pytest.raises(Refused, match="say why the level has changed since February 2018 for A10"):
        services.month_agree(assessment=world.march, by=world.member("lead"))

    world.march.refresh_from_db()
    assert not world.march.is_agreed


def test_agree_refuses_a_version_the_lead_did_not_see(world):
    seen = world.march.version
    save(world, "A9", "red", "Worse after the audit")

    with pytest.raises(services.StaleSave, match="A9 .*sunderland-officer"):
        services.month_agree(assessment=world.march, by=world.member("lead"), loaded_version=seen)

    world.march.refresh_from_db()
    assert not world.march.is_agreed


def test_save_and_agree_keeps_what_was_typed(client, world):
    client.force_login(world.member("lead"))
    data = month_post_data(world.march, {"A9": {"level": "green", "commentary": "Now embedded"}})

    client.post(month_url(world.march), {**data, "agree": "yes"})

    world.march.refresh_from_db()
    rating = world.march.ratings.get(criterion__code="A9")
    assert world.march.is_agreed
    assert (rating.level.code, rating.commentary) == ("green", "Now embedded")
    assert (
        Agreement.objects.get(assessment=world.march).ratings.get(criterion__code="A9").level.code
        == "green"
    )


def test_save_and_agree_with_an_unexplained_change_agrees_nothing(client, world):
    client.force_login(world.member("lead"))
    data = month_post_data(world.march, {"A9": {"level": "green", "commentary": ""}})

    response = client.post(month_url(world.march), {**data, "agree": "yes"})

    world.march.refresh_from_db()
    assert response.status_code == 200  # the form again, with the lead's entries
    assert "A9: say why the level has changed" in response.content.decode()
    assert not world.march.is_agreed


def test_save_and_agree_is_for_leads_only(client, world):
    client.force_login(world.member("officer"))
    data = month_post_data(world.march, {"A9": {"level": "green", "commentary": "Now embedded"}})

    client.post(month_url(world.march), {**data, "agree": "yes"})

    world.march.refresh_from_db()
    assert not world.march.is_agreed
    assert world.march.ratings.get(criterion__code="A9").level.code == "green"  # saved


def test_reopen_change_and_agree_again_keeps_the_first_agreement(client, world):
    lead = world.member("lead")
    services.month_agree(assessment=world.march, by=lead)
    services.month_reopen(assessment=world.march, by=lead, reason="A9 was over-rated")
    save(world, "A9", "red", "Re-rated after the audit")
    world.march.refresh_from_db()
    services.month_agree(assessment=world.march, by=lead)
    client.force_login(world.member("board"))

    first = client.get(month_url(world.march), {"agreed": 1}).content.decode()
    history = client.get(f"/areas/{world.area.slug}/criteria/A9/").content.decode()

    assert [a.number for a in world.march.agreements.all()] == [1, 2]
    kept = {
        a.number: a.ratings.get(criterion__code="A9").level.code
        for a in world.march.agreements.all()
    }
    assert kept == {1: "amber", 2: "red"}
    assert "as it was agreed on" in first and "Re-rated after the audit" not in first
    assert "As agreed" in history and "A9 was over-rated" in history
    assert "Re-rated after the audit" in history


def test_an_agreement_that_does_not_exist_is_a_404(client, world):
    client.force_login(world.member("board"))

    assert client.get(month_url(world.march), {"agreed": 7}).status_code == 404


def reworded_after(moment, criterion, old_text: str) -> None:
    """As a reload of the framework file does: the old text kept, in force until then."""
    CriterionWording.objects.create(
        criterion=criterion, text=old_text, in_force_until=moment + dt.timedelta(days=30)
    )


def test_an_agreed_month_shows_the_wording_it_was_agreed_against(client, world):
    agreed = services.month_agree(
        assessment=world.march, by=world.member("lead"), at=timezone.now() - dt.timedelta(days=60)
    )
    a1 = next(c for c in world.criteria if c.code == "A1")
    reworded_after(agreed.agreed_at, a1, "The old wording of A1, as agreed.")
    client.force_login(world.member("board"))

    page = client.get(month_url(world.march)).content.decode()

    assert "The old wording of A1, as agreed." in page
    assert a1.text not in page
    assert "reworded since this month was agreed" in page


def test_a_draft_month_shows_the_wording_in_force(client, world):
    a1 = next(c for c in world.criteria if c.code == "A1")
    reworded_after(timezone.now() - dt.timedelta(days=60), a1, "The old wording of A1.")
    client.force_login(world.member("board"))

    page = client.get(month_url(world.march)).content.decode()

    assert a1.text in page
    assert "The old wording of A1." not in page


def test_an_earlier_agreement_shows_the_wording_of_its_day(client, world):
    lead = world.member("lead")
    first = services.month_agree(
        assessment=world.march, by=lead, at=timezone.now() - dt.timedelta(days=90)
    )
    a1 = next(c for c in world.criteria if c.code == "A1")
    reworded_after(first.agreed_at, a1, "A1 as worded at the first agreement.")
    services.month_reopen(assessment=world.march, by=lead, reason="Audit came in")
    services.month_agree(assessment=world.march, by=lead)
    client.force_login(world.member("board"))

    then = client.get(month_url(world.march) + "?agreed=1").content.decode()
    now = client.get(month_url(world.march)).content.decode()

    assert "A1 as worded at the first agreement." in then
    assert a1.text in now and "A1 as worded at the first agreement." not in now
