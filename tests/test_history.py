"""Every change is kept: who, when, before and after (django-simple-history), and
nothing in the app or the admin can change or delete what is kept."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate, Recommendation, Response
from actions.plans import services as plan_services
from actions.scrutiny import services as scrutiny_services
from areas.kpis import services as kpi_services
from areas.members import services as member_services
from areas.models import (
    Assessment,
    KpiException,
    KpiTarget,
    KpiValue,
    Membership,
    Rating,
    Reopening,
    SelfEvaluationPoint,
    SelfEvaluationVersion,
)
from areas.ratings import services as rating_services
from areas.ratings.services import RatingEntry
from areas.self_evaluation import services as se_services
from common.history import CHANGED, CREATED, history_copied
from frameworks.models import Kpi

from .factories import ActionFactory, RecommendationFactory, UserFactory
from .helpers import month_post_data, month_url

pytestmark = pytest.mark.django_db

# Every kind of record the issue lists, and a few more.
TRACKED = [
    "areas.Assessment",
    "areas.Rating",
    "areas.Reopening",
    "areas.Membership",
    "areas.SelfEvaluationVersion",
    "areas.SelfEvaluationPoint",
    "areas.KpiValue",
    "areas.KpiTarget",
    "areas.KpiException",
    "actions.Inspection",
    "actions.Finding",
    "actions.ImprovementPlan",
    "actions.Workstream",
    "actions.Action",
    "actions.Milestone",
    "actions.ProgressUpdate",
    "actions.ScrutinyReview",
    "actions.Recommendation",
    "actions.Response",
    "actions.RecommendationUpdate",
]


@pytest.mark.parametrize("label", TRACKED)
def test_every_kind_of_record_keeps_its_history(label):
    from django.apps import apps

    model = apps.get_model(label)

    assert hasattr(model, "history"), f"{label} has no history"


def levels_of(world):
    return {level.code: level for level in world.area.framework.levels.all()}


def test_rating_change_keeps_before_after_and_who(world):
    officer, criterion = world.member("officer"), world.criteria[0]
    rating = Rating.objects.get(assessment=world.march, criterion=criterion)
    green = RatingEntry(criterion, levels_of(world)["green"], "Audit shows it embedded")
    red = RatingEntry(criterion, levels_of(world)["red"], "Slipped back")

    for entry in (green, red):
        world.march.refresh_from_db()
        rating_services.month_save(
            assessment=world.march, entries=[entry], loaded_version=world.march.version, by=officer
        )

    newest, before = rating.history.all()[:2]
    changes = {c.field: (c.old, c.new) for c in newest.diff_against(before).changes}
    assert newest.history_user == officer and newest.history_type == "~"
    assert changes["level"] == (levels_of(world)["green"].pk, levels_of(world)["red"].pk)
    assert changes["commentary"] == ("Audit shows it embedded", "Slipped back")


def test_started_month_copies_are_in_the_history(world):
    # month_start copies last month's ratings with a bulk write: none may escape.
    lead = world.member("lead")

    april = rating_services.month_start(area=world.area, by=lead, today=dt.date(2018, 4, 2))

    copied = Rating.history.filter(assessment=april, history_type="+")
    assert copied.count() == len(world.criteria)
    assert {row.history_user for row in copied} == {lead}


def test_agree_and_reopen_are_in_the_month_history(world):
    lead = world.member("lead")
    rating_services.month_agree(assessment=world.march, by=lead)

    rating_services.month_reopen(assessment=world.march, by=lead, reason="A9 was wrong")

    statuses = list(world.march.history.order_by("history_date").values_list("status", flat=True))
    assert statuses[-2:] == ["agreed", "draft"]
    assert Reopening.history.get().history_user == lead


def test_membership_role_change_and_removal_are_kept(world):
    lead, user = world.member("lead"), UserFactory()
    membership = member_services.membership_set(area=world.area, user=user, role="board", by=lead)
    member_services.membership_set(area=world.area, user=user, role="officer", by=lead)
    pk = membership.pk

    member_services.membership_remove(membership=membership, by=lead)

    kept = Membership.history.filter(id=pk).order_by("history_date")
    assert [(row.history_type, row.role) for row in kept] == [
        ("+", "board"),
        ("~", "officer"),
        ("-", "officer"),
    ]
    assert {row.history_user for row in kept} == {lead}


def test_action_progress_and_links_are_kept(world):
    officer = world.member("officer")
    action = ActionFactory(workstream__plan__area=world.area, status="on_track")

    plan_services.progress_add(
        action=action, by=officer, date=dt.date(2018, 3, 1), text="Slipped", status_after="at_risk"
    )

    assert ProgressUpdate.history.get().history_user == officer
    latest = Action.history.filter(id=action.pk).first()
    assert (latest.status, latest.history_user) == ("at_risk", officer)


def test_scrutiny_response_and_update_are_kept(world):
    scrutiny = world.member("scrutiny")
    recommendation = RecommendationFactory(review__area=world.area)
    scrutiny_services.response_save(
        recommendation=recommendation, by=scrutiny, decision="accepted", text="Agreed"
    )

    scrutiny_services.response_save(
        recommendation=recommendation, by=scrutiny, decision="partially", text="In part"
    )

    kept = Response.history.order_by("history_date").values_list("decision", flat=True)
    assert list(kept) == ["accepted", "partially"]
    assert Recommendation.history.count() == 1  # made by the factory, kept all the same


def test_self_evaluation_point_removal_is_kept(world):
    officer = world.member("officer")
    draft = se_services.draft_start(area=world.area, by=officer)
    point = se_services.point_save(
        version=draft,
        by=officer,
        judgement_area=world.area.framework.judgement_areas.first(),
        kind="strength",
        label="Co-production",
        explanation="Explained",
    )

    se_services.point_delete(point=point, by=officer)

    assert not SelfEvaluationPoint.objects.exists()
    removed = SelfEvaluationPoint.history.get(history_type="-")
    assert (removed.label, removed.history_user) == ("Co-production", officer)
    assert SelfEvaluationVersion.history.filter(id=draft.pk).exists()


def test_kpi_figures_targets_and_commentary_are_kept(world):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_kpis", "fixtures/kpis/send-2016.yaml", stdout=StringIO())
    officer = world.member("officer")
    kpi = Kpi.objects.get(code="ep-waiting-list")
    period = dt.date(2020, 8, 1)
    kpi_services.kpi_value_save(
        area=world.area, by=officer, kpi=kpi, period=period, value=Decimal(412)
    )
    kpi_services.kpi_target_save(
        area=world.area, by=officer, kpi=kpi, period=period, value=Decimal(17)
    )
    kpi_services.kpi_target_save(
        area=world.area, by=officer, kpi=kpi, period=period, value=Decimal(20)
    )
    kpi_services.kpi_exception_save(
        area=world.area, by=officer, kpi=kpi, period=period, what="w", why="y", next_steps="n"
    )

    targets = KpiTarget.history.order_by("history_date").values_list("value", flat=True)
    assert list(targets) == [Decimal("17.00"), Decimal("20.00")]
    assert KpiValue.history.get().history_user == officer
    assert KpiException.history.get().history_user == officer


def test_no_history_is_in_the_admin():
    registered = {model._meta.label for model in admin.site._registry}

    assert not [label for label in registered if "Historical" in label]


@pytest.mark.parametrize("model", [Assessment, Rating, Reopening])
def test_admin_cannot_change_or_delete_months_ratings_or_reopenings(client, world, model):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    record = model.objects.first() or Reopening.objects.create(
        assessment=world.march, reopened_by=superuser, reason="x"
    )
    info = model._meta.app_label, model._meta.model_name

    change = client.post(reverse("admin:{}_{}_change".format(*info), args=[record.pk]), {})
    delete = client.post(
        reverse("admin:{}_{}_delete".format(*info), args=[record.pk]), {"post": "yes"}
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    assert model.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("change", [CREATED, CHANGED])
def test_history_copied_writes_the_rows_the_librarys_bulk_helper_writes(world, change):
    kpi = Kpi.objects.create(
        framework=world.area.framework,
        code="ehcp-20",
        name="EHC plans in 20 weeks",
        definition="d",
        unit="percent",
        direction="higher",
        frequency="annual",
        order=1,
    )
    figures = KpiValue.objects.bulk_create(
        KpiValue(area=world.area, kpi=kpi, period=dt.date(2000 + n, 1, 1), value=Decimal(n))
        for n in range(3)
    )
    officer, when = world.member("officer"), timezone.now()
    rows = KpiValue.history.order_by("id", "history_type")

    KpiValue.history.bulk_history_create(
        figures, update=change == CHANGED, default_user=officer, default_date=when
    )
    by_the_library = list(rows.values())
    KpiValue.history.all().delete()
    history_copied(KpiValue, [f.pk for f in figures], by=officer, when=when, change=change)
    copied = list(rows.values())

    assert len(copied) == 3
    for row in by_the_library + copied:
        del row["history_id"]
    assert copied == by_the_library


def test_a_month_saved_from_its_page_is_in_the_month_history_with_who_and_when(client, world):
    officer = world.member("officer")
    client.force_login(officer)
    code = world.criteria[0].code
    data = month_post_data(world.march, {code: {"level": "green", "commentary": "Better"}})

    before = timezone.now()
    assert client.post(month_url(world.march), data).status_code == 302

    world.march.refresh_from_db()
    latest = world.march.history.order_by("-history_date", "-history_id").first()
    assert (latest.version, latest.history_type, latest.history_user) == (
        world.march.version,
        CHANGED,
        officer,
    )
    assert latest.history_date >= before
    rating = Rating.history.filter(assessment=world.march, criterion=world.criteria[0]).first()
    assert (rating.commentary, rating.history_date) == ("Better", latest.history_date)
