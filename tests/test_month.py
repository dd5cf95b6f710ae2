"""The month page: saving, validation, stale saves, agreeing, reopening, starting a month."""

import datetime as dt

import pytest

from areas.models import Assessment, Rating
from areas.ratings import services

from .helpers import month_post_data, month_url, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.member("officer"))
    return client


def post_month(client, assessment, changes=None, **kwargs):
    return client.post(month_url(assessment), month_post_data(assessment, changes, **kwargs))


def test_month_save_changes_level_with_commentary(officer_client, world):
    response = post_month(
        officer_client,
        world.march,
        {
            "A9": {
                "level": "green",
                "commentary": "Baselines agreed with health",
                "evidence": "https://example.org/a9",
            }
        },
    )

    rating = world.march.ratings.get(criterion__code="A9")
    assert response.status_code == 302
    assert (rating.level.code, rating.commentary) == ("green", "Baselines agreed with health")
    assert rating.evidence == "https://example.org/a9"
    assert rating.updated_by == world.member("officer")
    assert world.march.ratings.exclude(level__code="amber").count() == 1


def test_month_save_without_changes_changes_nothing(officer_client, world):
    before = snapshot(world.march)

    response = post_month(officer_client, world.march)

    assert response.status_code == 302
    assert snapshot(world.march) == before


def test_month_save_refuses_invalid_level(officer_client, world):
    before = snapshot(world.march)

    response = post_month(
        officer_client, world.march, {"A9": {"level": "purple", "commentary": "x"}}
    )

    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"A9: choose one of Red, Amber, Green" in response.content
    assert snapshot(world.march) == before


def test_month_save_refuses_changed_level_without_commentary(officer_client, world):
    before = snapshot(world.march)

    response = post_month(officer_client, world.march, {"A9": {"level": "red", "commentary": ""}})

    assert response.status_code == 200
    assert b"A9: say why the level has changed from Amber to Red" in response.content
    assert snapshot(world.march) == before


def test_month_save_error_keeps_everything_typed(officer_client, world):
    response = post_month(
        officer_client,
        world.march,
        {
            "A9": {"level": "red", "commentary": ""},
            "A1": {"level": "green", "commentary": "Typed by the officer", "next_steps": "Keep me"},
        },
    )

    content = response.content.decode()
    assert "Typed by the officer" in content and "Keep me" in content
    assert (
        'id="id_form-0-level_3" name="form-0-level" type="radio" value="green" checked' in content
    )


def test_month_save_error_summary_links_radios_to_first_radio(officer_client, world):
    response = post_month(officer_client, world.march, {"A9": {"level": None, "commentary": ""}})

    assert b'href="#id_form-8-level_1">A9: choose a level' in response.content
    assert b'id="id_form-8-level_1"' in response.content


def test_month_save_error_summary_links_commentary_to_textarea(officer_client, world):
    response = post_month(officer_client, world.march, {"A9": {"level": "red", "commentary": ""}})

    assert b'href="#id_form-8-commentary"' in response.content
    assert (
        b'class="govuk-textarea govuk-textarea--error" id="id_form-8-commentary"'
        in response.content
    )


def test_month_save_refused_when_month_is_agreed(officer_client, world):
    Assessment.objects.filter(pk=world.march.pk).update(status="agreed")
    before = snapshot(world.march)

    response = post_month(officer_client, world.march, {"A9": {"level": "red", "commentary": "x"}})

    assert response.status_code == 302
    assert snapshot(world.march) == before
    page = officer_client.get(response.url)
    assert b"agreed and read-only" in page.content


def test_month_save_service_refuses_agreed_month(world):
    Assessment.objects.filter(pk=world.march.pk).update(status="agreed")

    with pytest.raises(services.Refused, match="read-only"):
        services.month_save(
            assessment=world.march, entries=[], loaded_version=0, by=world.member("lead")
        )


def test_month_save_refused_when_someone_else_saved_first(client, world):
    loaded = month_post_data(world.march, {"A2": {"level": "green", "commentary": "Mine"}})
    client.force_login(world.member("lead"))
    post_month(client, world.march, {"A9": {"level": "red", "commentary": "Lead's change"}})
    after_lead = snapshot(world.march)
    client.force_login(world.member("officer"))

    response = client.post(month_url(world.march), loaded)

    content = response.content.decode()
    assert response.status_code == 200
    assert "someone else saved this month" in content
    assert "A9 (level now Red) by sunderland-lead" in content
    assert snapshot(world.march) == after_lead
    assert "Mine" in content  # what the officer typed is kept


def test_month_save_after_stale_refusal_can_be_resubmitted(client, world):
    loaded = month_post_data(world.march, {"A2": {"level": "green", "commentary": "Mine"}})
    client.force_login(world.member("lead"))
    post_month(client, world.march, {"A9": {"level": "red", "commentary": "Lead's change"}})
    client.force_login(world.member("officer"))
    client.post(month_url(world.march), loaded)
    world.march.refresh_from_db()

    resubmitted = month_post_data(world.march, {"A2": {"level": "green", "commentary": "Mine"}})
    response = client.post(month_url(world.march), resubmitted)

    assert response.status_code == 302
    levels = dict(world.march.ratings.values_list("criterion__code", "level__code"))
    assert (levels["A2"], levels["A9"]) == ("green", "red")


def test_month_save_refuses_tampered_form_count(officer_client, world):
    data = month_post_data(world.march, {"A9": {"level": "red", "commentary": "x"}})
    data["form-TOTAL_FORMS"] = "3"
    before = snapshot(world.march)

    response = officer_client.post(month_url(world.march), data, follow=True)

    assert b"form was out of date" in response.content
    assert snapshot(world.march) == before


def test_month_save_refuses_missing_version(officer_client, world):
    data = month_post_data(world.march, {"A9": {"level": "red", "commentary": "x"}})
    del data["version"]
    before = snapshot(world.march)

    response = officer_client.post(month_url(world.march), data, follow=True)

    assert b"form was out of date" in response.content
    assert snapshot(world.march) == before


def test_first_month_needs_no_commentary(officer_client, world):
    world.february.delete()

    response = post_month(officer_client, world.march, {"A9": {"level": "red", "commentary": ""}})

    assert response.status_code == 302
    assert world.march.ratings.get(criterion__code="A9").level.code == "red"


def test_month_agree_requires_every_criterion_rated(client, world):
    world.march.ratings.filter(criterion__code__in=["A3", "B2"]).delete()
    client.force_login(world.member("lead"))

    response = client.post(
        month_url(world.march, "agree/"), {"version": world.march.version}, follow=True
    )

    world.march.refresh_from_db()
    assert not world.march.is_agreed
    assert b"2 criteria have no level (A3, B2)" in response.content


def test_month_agree_records_who_and_makes_month_read_only(client, world):
    client.force_login(world.member("lead"))

    client.post(month_url(world.march, "agree/"), {"version": world.march.version})

    world.march.refresh_from_db()
    assert world.march.is_agreed and world.march.agreed_by == world.member("lead")
    page = client.get(month_url(world.march))
    assert b'name="form-0-level"' not in page.content and b"Reopen month" in page.content


def test_month_reopen_keeps_who_when_why(client, world):
    services.month_agree(assessment=world.march, by=world.member("lead"))
    client.force_login(world.member("lead"))

    response = client.post(
        month_url(world.march, "reopen/"), {"reason": "A9 was mis-rated"}, follow=True
    )

    world.march.refresh_from_db()
    reopening = world.march.reopenings.get()
    assert not world.march.is_agreed
    assert (reopening.reopened_by, reopening.reason) == (world.member("lead"), "A9 was mis-rated")
    assert b"A9 was mis-rated" in response.content


def test_month_reopen_without_reason_shows_error_and_changes_nothing(client, world):
    services.month_agree(assessment=world.march, by=world.member("lead"))
    client.force_login(world.member("lead"))

    response = client.post(month_url(world.march, "reopen/"), {"reason": ""})

    world.march.refresh_from_db()
    assert response.status_code == 200
    assert b"Enter why the month is being reopened" in response.content
    assert world.march.is_agreed


def test_month_start_copies_levels_and_next_steps(client, world):
    Rating.objects.filter(assessment=world.march, criterion__code="A9").update(
        next_steps="Agree baselines", commentary="Old commentary"
    )
    client.force_login(world.member("officer"))

    response = client.post(f"/areas/{world.area.slug}/months/start/")

    april = world.area.assessments.get(month=dt.date(2018, 4, 1))
    a9 = april.ratings.get(criterion__code="A9")
    assert response.url == month_url(april)
    assert april.ratings.count() == 44 and april.status == "draft"
    assert (a9.level.code, a9.next_steps, a9.commentary) == ("amber", "Agree baselines", "")


def test_month_start_refuses_a_month_not_yet_begun(world):
    with pytest.raises(services.Refused, match="has not started yet"):
        services.month_start(area=world.area, by=world.member("lead"), today=dt.date(2018, 3, 20))
    assert world.area.assessments.count() == 2


def test_month_start_refuses_to_start_a_month_other_than_the_one_confirmed(world):
    lead = world.member("lead")
    services.month_start(area=world.area, by=lead, expected=dt.date(2018, 4, 1))

    # A second tab's confirmation of April, sent after the first started it.
    with pytest.raises(services.Refused, match="April 2018 had already been started"):
        services.month_start(area=world.area, by=lead, expected=dt.date(2018, 4, 1))
    assert world.area.assessments.filter(month=dt.date(2018, 5, 1)).count() == 0


def test_tracker_filter_by_judgement_area(client, world):
    client.force_login(world.member("board"))

    response = client.get(f"/areas/{world.area.slug}/tracker/?judgement_area=B")

    rows = [row.criterion.code for row in response.context["tracker"].periods[0].rows]
    assert rows == ["B1", "B2", "B3", "B4", "B5", "B6"]


def test_tracker_unknown_judgement_area_shows_message_and_all(client, world):
    client.force_login(world.member("board"))

    response = client.get(f"/areas/{world.area.slug}/tracker/?judgement_area=Z")

    assert len(response.context["tracker"].periods[0].rows) == 44
    assert b"There is no judgement area" in response.content


def test_tracker_cells_show_the_level_word_and_link_to_the_rating(client, world):
    Rating.objects.filter(assessment=world.march, criterion__code="A9").update(
        level=world.march.framework.levels.get(code="red")
    )
    client.force_login(world.member("board"))

    content = client.get(f"/areas/{world.area.slug}/tracker/").content.decode()

    assert 'aria-label="A9, March 2018: Red"' in content
    assert f'href="{month_url(world.march)}#rating-A9"' in content
    assert '<strong class="govuk-tag govuk-tag--red app-level">Red</strong>' in content


def test_tracker_shows_the_12_most_recent_months(client, world, levels):
    from .factories import AssessmentFactory

    for month in range(1, 13):
        AssessmentFactory(area=world.area, month=dt.date(2017, month, 1))
    client.force_login(world.member("board"))

    months = client.get(f"/areas/{world.area.slug}/tracker/").context["tracker"].months

    assert [m.month for m in months][0] == dt.date(2017, 3, 1)  # 14 months exist
    assert [m.month for m in months][-1] == dt.date(2018, 3, 1)
    assert len(months) == 12


def test_criterion_history_newest_first_with_who(client, world):
    Rating.objects.filter(assessment=world.march, criterion__code="A9").update(
        commentary="March commentary", updated_by=world.member("officer")
    )
    client.force_login(world.member("scrutiny"))

    response = client.get(f"/areas/{world.area.slug}/criteria/A9/")

    content = response.content.decode()
    assert content.index("March 2018") < content.index("February 2018")
    assert "March commentary" in content and "sunderland-officer" in content


def test_a_criterion_never_rated_says_so(client, world):
    Rating.objects.filter(criterion__code="A9").delete()
    client.force_login(world.member("scrutiny"))

    content = client.get(f"/areas/{world.area.slug}/criteria/A9/").content.decode()

    assert "A9 has not been rated in Sunderland yet." in content
    assert "app-history-entry" not in content


def test_a_lead_deletes_a_month_started_by_mistake_and_the_history_keeps_it(client, world):
    started = services.month_start(area=world.area, by=world.member("officer"))
    client.force_login(world.member("lead"))

    response = client.post(month_url(started, "delete/"))

    assert response.status_code == 302
    assert not Assessment.objects.filter(pk=started.pk).exists()
    gone = Assessment.history.filter(id=started.pk, history_type="-").get()
    assert gone.history_user == world.member("lead")
    assert Rating.history.filter(assessment_id=started.pk, history_type="-").count() == 44


def test_a_saved_month_cannot_be_deleted(client, world):
    Assessment.objects.filter(pk=world.march.pk).update(version=1)  # saved once
    client.force_login(world.member("lead"))

    response = client.post(month_url(world.march, "delete/"), follow=True)

    assert b"part of the record and cannot be deleted" in response.content
    assert Assessment.objects.filter(pk=world.march.pk).exists()


def test_only_the_latest_month_can_be_deleted(client, world):
    client.force_login(world.member("lead"))

    response = client.post(month_url(world.february, "delete/"), follow=True)

    assert b"Only the latest month can be deleted" in response.content
    assert Assessment.objects.filter(pk=world.february.pk).exists()


# --- several new months at once (an imported tracker) ------------------------------------------


def entries_for(world, level_code: str) -> list:
    level = world.march.framework.levels.get(code=level_code)
    return [services.RatingEntry(criterion=c, level=level) for c in world.criteria]


def test_months_create_opens_each_month_saved_once_with_its_history(world):
    april, may = dt.date(2018, 4, 1), dt.date(2018, 5, 1)

    written = services.months_create(
        area=world.area,
        months={april: entries_for(world, "red"), may: entries_for(world, "green")},
        by=world.member("officer"),
    )

    assert written == 2 * len(world.criteria)
    made = world.area.assessments.filter(month__in=[april, may]).order_by("month")
    assert [(m.version, m.status, m.ratings.count()) for m in made] == [(1, "draft", 44)] * 2
    assert set(made[1].ratings.values_list("level__code", flat=True)) == {"green"}
    assert Rating.history.filter(assessment_id=made[0].pk).count() == 44
    assert made[0].history.get().history_user == world.member("officer")


@pytest.mark.parametrize(
    ("month", "message"),
    [(dt.date(2018, 3, 1), "already been started"), (dt.date(2999, 1, 1), "has not started yet")],
)
def test_months_create_refuses_a_started_or_future_month_and_writes_nothing(world, month, message):
    before = Rating.objects.count()

    with pytest.raises(services.Refused, match=message):
        services.months_create(
            area=world.area,
            months={
                dt.date(2018, 4, 1): entries_for(world, "red"),
                month: entries_for(world, "red"),
            },
            by=world.member("officer"),
        )

    assert Rating.objects.count() == before and not world.area.assessments.filter(
        month="2018-04-01"
    )
