"""Moving an area's tracker from the 2016 framework to the 2023 one from a chosen month
(areas/ratings/services.py `framework_switch`, `month_start`; the pages that show
months): earlier months stay on 2016, later ones are on 2023, and no page mixes them.

`world` is Sunderland on 2016 with February and March 2018 rated amber throughout."""

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.plans import services as plans
from areas.kpis import selectors as kpis
from areas.kpis.services import kpi_value_save
from areas.members.selectors import area_framework_ids
from areas.members.services import area_save
from areas.models import Assessment, FrameworkSwitch, Rating
from areas.ratings import services
from common.errors import Refused
from frameworks.models import Criterion

from .factories import (
    ActionFactory,
    AssessmentFactory,
    MembershipFactory,
    PlanFactory,
    RecommendationFactory,
    WorkstreamFactory,
)
from .helpers import month_post_data, month_url

pytestmark = pytest.mark.django_db

APRIL = dt.date(2018, 4, 1)


def agree(month, world) -> None:
    services.month_agree(assessment=month, by=world.member("lead"))


def switched(world, area_send, *, reds=("A1",), greens=("C14", "C15")):
    """March agreed with some levels changed, the area switched from April, April started."""
    ratings = Rating.objects.filter(assessment=world.march)
    for codes, level in ((reds, "red"), (greens, "green")):
        ratings.filter(criterion__code__in=codes).update(
            level=world.march.framework.levels.get(code=level), commentary="Changed"
        )
    agree(world.march, world)
    services.framework_switch(
        area=world.area, to_framework=area_send, from_month=APRIL, by=world.member("lead")
    )
    return services.month_start(area=world.area, by=world.member("lead"))


def review_and_agree(april, world, area_send) -> None:
    """Review every carried level, rate the criterion the mapping left empty, agree."""
    Rating.objects.filter(assessment=april).update(carried_from=None)
    Rating.objects.create(
        assessment=april,
        criterion=Criterion.objects.get(framework=area_send, code="2.1"),
        level=area_send.levels.get(code="amber"),
    )
    agree(april, world)


def levels_of(month: Assessment) -> dict[str, tuple[str, bool]]:
    return {
        r.criterion.code: (r.level.code, r.carried_from_id is not None)
        for r in month.ratings.select_related("criterion", "level")
    }


# --- the switch itself ------------------------------------------------------------------


def test_switch_records_the_move_and_new_months_use_the_new_framework(world, area_send):
    april = switched(world, area_send)

    switch = FrameworkSwitch.objects.get(area=world.area)
    assert (switch.from_framework.slug, switch.to_framework.slug) == ("send-2016", SLUG_2023)
    assert switch.from_month == APRIL
    world.area.refresh_from_db()
    assert world.area.framework == area_send
    assert (april.month, april.framework) == (APRIL, area_send)
    world.march.refresh_from_db()
    assert world.march.framework.slug == "send-2016"
    assert area_framework_ids(world.area) == [area_send.pk, world.march.framework_id]


SLUG_2023 = "area-send-2023"


def test_switch_cannot_start_in_a_month_already_started(world, area_send):
    with pytest.raises(Refused, match="March 2018 has already been started"):
        services.framework_switch(
            area=world.area,
            to_framework=area_send,
            from_month=dt.date(2018, 3, 1),
            by=world.member("lead"),
        )
    assert not FrameworkSwitch.objects.exists()


def test_switch_to_the_framework_in_use_is_refused(world, framework):
    with pytest.raises(Refused, match="already rated against"):
        services.framework_switch(
            area=world.area, to_framework=framework, from_month=APRIL, by=world.member("lead")
        )


def test_months_before_a_later_switch_month_stay_on_the_old_framework(world, area_send):
    services.framework_switch(
        area=world.area,
        to_framework=area_send,
        from_month=dt.date(2018, 5, 1),
        by=world.member("lead"),
    )
    april = services.month_start(area=world.area, by=world.member("lead"))
    may = services.month_start(area=world.area, by=world.member("lead"))

    assert april.framework_id == world.march.framework_id
    assert levels_of(april)["A1"] == ("amber", False)  # copied as before, not carried
    assert may.framework == area_send


# --- carried levels -----------------------------------------------------------------------


def test_first_month_carries_the_lowest_mapped_level_marked_for_review(world, area_send):
    april = switched(world, area_send, reds=("A1",), greens=("C14", "C15"))
    carried = levels_of(april)

    assert carried["1.1"] == ("red", True)  # A1 is one of the eleven that inform 1.1
    assert carried["1.5"] == ("green", True)  # informed by C14 and C15 only
    assert carried["1.2"] == ("amber", True)
    assert "2.1" not in carried  # mapped to nothing: starts unrated
    assert all(code[0].isdigit() for code in carried)  # no 2016 criterion in a 2023 month


def test_saving_a_carried_level_unchanged_keeps_the_mark(client, world, area_send):
    april = switched(world, area_send)
    client.force_login(world.member("officer"))

    client.post(month_url(april), month_post_data(april, {"1.3": {"commentary": ""}}))

    assert levels_of(april)["1.3"] == ("amber", True)


def test_ticking_reviewed_or_changing_the_level_clears_the_mark(client, world, area_send):
    april = switched(world, area_send)
    client.force_login(world.member("officer"))

    client.post(
        month_url(april),
        month_post_data(
            april, {"1.3": {"reviewed": "on"}, "1.4": {"level": "green", "commentary": "Better"}}
        ),
    )

    after = levels_of(april)
    assert after["1.3"] == ("amber", False)
    assert after["1.4"] == ("green", False)
    assert after["1.2"] == ("amber", True)


def test_a_month_with_unreviewed_carried_levels_cannot_be_agreed(world, area_send):
    april = switched(world, area_send)
    unrated = Criterion.objects.get(framework=area_send, code="2.1")
    Rating.objects.create(assessment=april, criterion=unrated, level=area_send.levels.first())

    with pytest.raises(Refused, match="carried over from the earlier framework"):
        agree(april, world)

    Rating.objects.filter(assessment=april).update(carried_from=None)
    agree(april, world)
    assert Assessment.objects.get(pk=april.pk).is_agreed


def test_the_month_page_shows_carried_levels_and_the_review_box(client, world, area_send):
    april = switched(world, area_send)
    client.force_login(world.member("officer"))

    page = client.get(month_url(april)).content.decode()

    assert "Carried from 2016 — review" in page
    assert "A1, A2, A4" in page  # where 1.1's level came from
    assert page.count("I have reviewed this level<") == 10  # the ten mapped criteria
    assert "A1 " not in page.split('id="ratings"')[1].split("</form>")[0].replace("A1, ", "")


# --- pages, earlier months on 2016 and later ones on 2023 ------------------------------------


def test_the_tracker_shows_each_period_against_its_own_framework(client, world, area_send):
    april = switched(world, area_send)
    client.force_login(world.member("board"))

    page = client.get(reverse("ratings:tracker", args=[world.area.slug])).content.decode()

    new, old = page.split("Level of each criterion against the ")[1:3]
    assert "Apr 18" in new and "Mar 18" not in new
    assert ">1.1<" in new and ">A1<" not in new
    assert "Mar 18" in old and "Feb 18" in old and "Apr 18" not in old
    assert ">A1<" in old and ">1.1<" not in old
    assert month_url(april) in new


def test_each_month_page_shows_its_own_framework(client, world, area_send):
    april = switched(world, area_send)
    client.force_login(world.member("board"))

    march_page = client.get(month_url(world.march)).content.decode()
    april_page = client.get(month_url(april)).content.decode()

    assert 'id="rating-A1"' in march_page and 'id="rating-1.1"' not in march_page
    assert 'id="rating-1.1"' in april_page and 'id="rating-A1"' not in april_page
    assert "No earlier month against this framework" in april_page


def test_criterion_history_finds_criteria_of_both_frameworks(client, world, area_send):
    switched(world, area_send)
    client.force_login(world.member("board"))
    slug = world.area.slug

    old = client.get(reverse("ratings:criterion", args=[slug, "A1"]))
    new = client.get(reverse("ratings:criterion", args=[slug, "1.1"]))

    assert old.status_code == new.status_code == 200
    assert "March 2018" in old.content.decode() and "April 2018" not in old.content.decode()
    assert "April 2018" in new.content.decode()


def test_dashboard_compares_like_with_like_and_shows_both_periods(client, world, area_send):
    april = switched(world, area_send)
    review_and_agree(april, world, area_send)
    client.force_login(world.member("board"))

    page = client.get(reverse("dashboard", args=[world.area.slug])).content.decode()

    assert "Where Sunderland stands in April 2018" in page
    assert "was rated against the 2016 framework" in page  # no movement across frameworks
    assert "Before the switch: March 2018 against the 2016 framework" in page
    assert "Still red" not in page


def test_dashboard_before_the_first_new_month_is_agreed_stays_on_the_old(client, world, area_send):
    switched(world, area_send)
    client.force_login(world.member("board"))

    page = client.get(reverse("dashboard", args=[world.area.slug])).content.decode()

    assert "Where Sunderland stands in March 2018" in page
    assert "is being rated against Area SEND" in page


def test_overview_shows_each_area_against_its_own_framework(client, world, other_world, area_send):
    review_and_agree(switched(world, area_send), world, area_send)
    agree(other_world.march, other_world)
    board = world.member("board")
    MembershipFactory(user=board, area=other_world.area, role="board")
    client.force_login(board)

    rows = client.get(reverse("home")).context["table"].rows

    kent, sunderland = (row.record for row in rows)
    assert sunderland["latest_agreed_month"] == APRIL
    assert sunderland["EA1"] is not None and sunderland["A"] is None
    assert kent["A"] == "0 red, 44 amber, 0 green".replace("44", str(kent["A_amber"]))
    assert kent["EA1"] is None


# --- query counts do not grow with months on either side of the switch ------------------------


def pages(world, month):
    slug = world.area.slug
    return [
        reverse("ratings:tracker", args=[slug]),
        reverse("dashboard", args=[slug]),
        month_url(month),
        reverse("ratings:criterion", args=[slug, "1.1"]),
    ]


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_queries_do_not_grow_with_months_on_either_framework(client, world, area_send):
    lead, today = world.member("lead"), dt.date(2019, 1, 1)
    review_and_agree(switched(world, area_send), world, area_send)
    may = services.month_start(area=world.area, by=lead, today=today)
    agree(may, world)
    client.force_login(world.member("board"))
    before = [queries(client, url) for url in pages(world, may)]

    amber = world.march.ratings.first().level
    for month in (dt.date(2017, m, 1) for m in range(1, 13)):
        old = AssessmentFactory(area=world.area, framework=world.march.framework, month=month)
        Rating.objects.bulk_create(
            Rating(assessment=old, criterion=c, level=amber) for c in world.criteria
        )
    for _ in range(3):
        agree(services.month_start(area=world.area, by=lead, today=today), world)
    after = [queries(client, url) for url in pages(world, may)]

    assert after == before


# --- citing criteria of either framework ------------------------------------------------------


def test_an_action_may_cite_criteria_of_both_frameworks_but_no_other(world, area_send):
    switched(world, area_send)
    workstream = WorkstreamFactory(plan=PlanFactory(area=world.area))
    both = list(Criterion.objects.filter(code__in=["A1", "1.1"]))

    action = plans.action_save(**action_fields(workstream, world), criteria=both)
    assert set(action.criteria.values_list("code", flat=True)) == {"A1", "1.1"}


def test_an_area_still_on_2016_cannot_cite_2023_criteria(world, area_send):
    workstream = WorkstreamFactory(plan=PlanFactory(area=world.area))
    new = list(Criterion.objects.filter(framework=area_send, code="1.1"))

    with pytest.raises(Refused, match="not in this area's inspection frameworks"):
        plans.action_save(**action_fields(workstream, world), criteria=new)


def action_fields(workstream, world) -> dict:
    return {
        "plan": workstream.plan,
        "workstream": workstream,
        "by": world.member("officer"),
        "description": "Do it",
        "owner": "Head of SEND",
        "partner": "council",
        "due_on": dt.date(2018, 6, 30),
    }


# --- inspections under either framework ---------------------------------------------------


def inspection_post(framework_pk) -> dict:
    return {
        "framework": str(framework_pk),
        "kind": "full",
        "outcome_category": "no_wsoa",
        "started_on_0": "1",
        "started_on_1": "9",
        "started_on_2": "2017",
    }


def test_an_inspection_is_recorded_under_the_framework_chosen(client, world, area_send):
    switched(world, area_send)
    client.force_login(world.member("officer"))
    url = reverse("plans:inspection_create", args=[world.area.slug])

    page = client.get(url).content.decode()
    client.post(url, inspection_post(world.march.framework_id))

    assert "Framework the inspection was under" in page and str(area_send) in page
    (inspection,) = world.area.inspections.all()
    assert inspection.framework_id == world.march.framework_id


def test_an_inspection_under_a_framework_the_area_never_used_is_refused(client, world, area_send):
    client.force_login(world.member("officer"))  # still on 2016 only
    url = reverse("plans:inspection_create", args=[world.area.slug])

    response = client.post(url, inspection_post(area_send.pk))

    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not world.area.inspections.exists()


# --- what still cites only 2016 criteria ------------------------------------------------------


def cited(*codes):
    return list(Criterion.objects.filter(code__in=codes))


def test_the_page_lists_open_records_citing_only_2016_with_the_mapping(client, world, area_send):
    switched(world, area_send)
    plan = PlanFactory(area=world.area)
    ActionFactory(workstream__plan=plan, description="Only old", criteria=cited("A1"))
    ActionFactory(workstream__plan=plan, description="Both", criteria=cited("A1", "1.1"))
    ActionFactory(
        workstream__plan=plan, description="Done", status="complete", criteria=cited("A1")
    )
    ActionFactory(workstream__plan=plan, description="None cited")
    recommendation = RecommendationFactory(review__area=world.area, text="Old rec")
    recommendation.criteria.set(cited("C7"))
    client.force_login(world.member("board"))

    page = client.get(reverse("old_citations", args=[world.area.slug])).content.decode()

    assert ">Only old<" in page and "Old rec" in page
    assert not any(f">{name}<" in page for name in ("Both", "Done", "None cited"))
    only_old = page.split("Only old")[1].split("</li>")[0]
    assert "Cites A1." in only_old and ">1.1<" in only_old  # A1 informs 1.1
    assert 'Actions <span class="app-count">(1)</span>' in page


def test_the_page_says_nothing_to_review_before_any_switch(client, world):
    client.force_login(world.member("board"))

    page = client.get(reverse("old_citations", args=[world.area.slug])).content.decode()

    assert "has only ever worked to" in page


def test_the_page_queries_do_not_grow_with_records(client, world, area_send):
    switched(world, area_send)
    plan = PlanFactory(area=world.area)
    client.force_login(world.member("board"))
    url = reverse("old_citations", args=[world.area.slug])
    ActionFactory(workstream__plan=plan, criteria=cited("A1"))
    RecommendationFactory(review__area=world.area).criteria.set(cited("A1"))
    before = queries(client, url)

    for codes in (("A2",), ("B1", "C7"), ("C14",)):
        ActionFactory(workstream__plan=plan, criteria=cited(*codes))
        RecommendationFactory(review__area=world.area).criteria.set(cited(*codes))

    assert queries(client, url) == before


# --- indicators carry on after the switch -------------------------------------------------------


def test_an_area_keeps_its_indicators_after_the_switch(client, world, area_send):
    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    switched(world, area_send)
    kpi = kpis.area_kpis(world.area)[0].kpi

    saved = kpi_value_save(
        area=world.area,
        by=world.member("officer"),
        kpi=kpi,
        period=dt.date(2018, 1, 1),
        value=Decimal(5),
    )

    assert saved.kpi.framework.slug == "send-2016"
    assert kpi.code in client_page(client, world, reverse("kpis:kpis", args=[world.area.slug]))


def client_page(client, world, url) -> str:
    client.force_login(world.member("board"))
    return client.get(url).content.decode()


def test_loading_an_area_again_keeps_the_framework_it_switched_to(world, area_send, framework):
    switched(world, area_send)

    area_save(by=world.member("lead"), slug=world.area.slug, name="Sunderland", framework=framework)

    world.area.refresh_from_db()
    assert world.area.framework == area_send
