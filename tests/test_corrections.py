"""Mistakes put right, with a trace (issue 12): progress updates, recommendation updates,
findings and self-evaluation points can be corrected (the history keeps what they said
before) or withdrawn with a reason: kept, shown under "Withdrawn" on their page, and left
out of every status, count and document."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actions.models import Recommendation
from actions.plans import selectors as plan_selectors
from actions.plans import services as plans
from actions.plans.forms import ActionForm
from actions.scrutiny import selectors as scrutiny_selectors
from actions.scrutiny import services as scrutiny
from areas.models import SelfEvaluationPoint
from areas.self_evaluation import selectors as se
from areas.self_evaluation import services as se_services
from common.errors import Refused
from common.services import saved

from .conftest import build_area
from .factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    SelfEvaluationPointFactory,
    SelfEvaluationVersionFactory,
)

pytestmark = pytest.mark.django_db

REASON = "Recorded against the wrong action"
ALREADY = "cannot be corrected or withdrawn again"


@dataclass
class Place:
    """An area with a user in every role, and nothing else."""

    area: object
    users: dict

    def member(self, role: str):
        return self.users[role]


@pytest.fixture
def here(framework, levels) -> Place:
    area, users, _, _ = build_area(framework, levels, slug="leeds", months=())
    return Place(area, users)


@pytest.fixture
def elsewhere(framework, levels) -> Place:
    area, users, _, _ = build_area(framework, levels, slug="york", months=())
    return Place(area, users)


def date_fields(day: dt.date) -> dict:
    return {"date_0": day.day, "date_1": day.month, "date_2": day.year}


def tomorrow() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=1)


def said(record, *fields) -> list[tuple]:
    """What the record's history says it said, oldest first."""
    return list(record.history.order_by("history_date").values_list(*fields))


def first_and_last(record, *fields) -> tuple[tuple, tuple]:
    """What the record said when it was made and what it says now, by its history (a
    change to its links adds a row of its own between them)."""
    history = said(record, *fields)
    return history[0], history[-1]


def withdrawn_part(page: str) -> tuple[str, str]:
    """(the page before its "Withdrawn (1)" section, the section and what follows)."""
    before, marker, after = page.partition("Withdrawn (1)")
    assert marker, "the page has no section of one withdrawn record"
    return before, after


# --- progress updates ---------------------------------------------------------------------


def action_with_progress(place: Place, *statuses: str):
    """An action not yet started, then one progress update per status, a day apart."""
    action = ActionFactory(workstream__plan__area=place.area, status="not_started")
    updates = [
        plans.progress_add(
            action=action,
            by=place.member("officer"),
            date=dt.date(2025, 1, n + 1),
            text=f"Update {n + 1}",
            status_after=status,
        )
        for n, status in enumerate(statuses)
    ]
    return action, updates


def progress_url(name: str, update, area=None) -> str:
    action = update.action
    plan = action.workstream.plan
    return reverse(f"plans:{name}", args=[(area or plan.area).slug, plan.pk, action.pk, update.pk])


def progress_post(day=dt.date(2025, 1, 1), text="Waiting list down to 312", status="off_track"):
    return {**date_fields(day), "text": text, "status_after": status}


def test_progress_correction_keeps_the_before_in_history(client, here):
    action, (update,) = action_with_progress(here, "at_risk")
    client.force_login(here.member("lead"))

    response = client.post(progress_url("progress_edit", update), progress_post())

    assert response.status_code == 302
    assert said(update, "text", "status_after", "history_user__username") == [
        ("Update 1", "at_risk", "leeds-officer"),
        ("Waiting list down to 312", "off_track", "leeds-lead"),
    ]
    action.refresh_from_db()
    assert action.status == "off_track"  # its latest update still says what it is


def test_progress_withdrawal_is_kept_and_the_previous_update_sets_the_status(client, here):
    action, (_, second) = action_with_progress(here, "on_track", "off_track")
    client.force_login(here.member("officer"))

    response = client.post(progress_url("progress_withdraw", second), {"reason": REASON})

    assert response.status_code == 302
    second.refresh_from_db()
    assert (second.withdrawn_by, second.withdrawn_reason) == (here.member("officer"), REASON)
    assert said(second, "withdrawn_reason") == [("",), (REASON,)]
    action.refresh_from_db()
    assert action.status == "on_track"
    standing, withdrawn = withdrawn_part(client.get(action.get_absolute_url()).content.decode())
    assert "Update 1" in standing and "Update 2" not in standing
    assert "<del>" in withdrawn and "Update 2" in withdrawn
    assert REASON in withdrawn and "leeds-officer" in withdrawn


def test_withdrawing_the_only_update_puts_back_the_status_before_it(here):
    action, (update,) = action_with_progress(here, "at_risk")

    plans.progress_withdraw(update=update, by=here.member("lead"), reason=REASON)

    action.refresh_from_db()
    assert action.status == "not_started"


def test_withdrawing_an_older_update_leaves_the_status_to_the_latest(here):
    action, (first, _) = action_with_progress(here, "on_track", "off_track")

    plans.progress_withdraw(update=first, by=here.member("lead"), reason=REASON)

    action.refresh_from_db()
    assert action.status == "off_track"


def test_a_status_set_by_hand_after_the_update_is_left_alone(here):
    action, (update,) = action_with_progress(here, "at_risk")
    action.refresh_from_db()
    action.status = "complete"
    saved(action, by=here.member("lead"))

    plans.progress_withdraw(update=update, by=here.member("lead"), reason=REASON)

    action.refresh_from_db()
    assert action.status == "complete"


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_progress_correct_and_withdraw_refused_for_a_role_that_cannot_edit_plans(
    client, here, role
):
    action, (update,) = action_with_progress(here, "at_risk")
    client.force_login(here.member(role))

    answers = [
        client.get(progress_url("progress_withdraw", update)).status_code,
        client.post(progress_url("progress_withdraw", update), {"reason": REASON}).status_code,
        client.post(progress_url("progress_edit", update), progress_post()).status_code,
    ]

    assert answers == [403, 403, 403]
    update.refresh_from_db()
    assert (update.is_withdrawn, update.text) == (False, "Update 1")
    assert (
        progress_url("progress_withdraw", update)
        not in client.get(action.get_absolute_url()).content.decode()
    )


def test_another_areas_progress_update_is_a_404(client, here, elsewhere):
    _, (theirs,) = action_with_progress(elsewhere, "at_risk")
    client.force_login(here.member("lead"))

    withdraw = client.post(progress_url("progress_withdraw", theirs, here.area), {"reason": "x"})
    correct = client.post(progress_url("progress_edit", theirs, here.area), progress_post())

    assert (withdraw.status_code, correct.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert (theirs.is_withdrawn, theirs.text) == (False, "Update 1")


def test_progress_update_cannot_be_withdrawn_twice_nor_corrected_after(client, here):
    _, (update,) = action_with_progress(here, "at_risk")
    plans.progress_withdraw(update=update, by=here.member("officer"), reason=REASON)
    client.force_login(here.member("lead"))

    again = client.post(progress_url("progress_withdraw", update), {"reason": "Second thoughts"})
    corrected = client.post(progress_url("progress_edit", update), progress_post())

    assert ALREADY in again.content.decode() and ALREADY in corrected.content.decode()
    update.refresh_from_db()
    assert (update.withdrawn_reason, update.withdrawn_by) == (REASON, here.member("officer"))
    assert update.text == "Update 1"


def test_progress_correction_dated_after_today_is_refused(client, here):
    _, (update,) = action_with_progress(here, "at_risk")
    client.force_login(here.member("officer"))

    response = client.post(progress_url("progress_edit", update), progress_post(day=tomorrow()))

    assert response.status_code == 200
    assert "The date of the update cannot be in the future" in response.content.decode()
    update.refresh_from_db()
    assert (update.date, update.text) == (dt.date(2025, 1, 1), "Update 1")


# --- recommendation updates -----------------------------------------------------------------


def recommendation_with_progress(place: Place, *assessments: str, actions=()):
    """A recommendation accepted with a target in the past, and the panel's assessments
    of it, a day apart."""
    recommendation = RecommendationFactory(
        review=ReviewFactory(area=place.area), actions=list(actions)
    )
    ResponseFactory(recommendation=recommendation, target_date=dt.date(2025, 1, 1))
    updates = [
        scrutiny.recommendation_update_add(
            recommendation=recommendation,
            by=place.member("scrutiny"),
            date=dt.date(2025, 2, n + 1),
            text=f"Progress {n + 1}",
            assessment=assessment,
        )
        for n, assessment in enumerate(assessments)
    ]
    return recommendation, updates


def update_url(name: str, update, area=None) -> str:
    recommendation = update.recommendation
    review = recommendation.review
    args = [(area or review.area).slug, review.pk, recommendation.pk, update.pk]
    return reverse(f"scrutiny:{name}", args=args)


def update_post(day=dt.date(2025, 2, 1), text="Implemented in March", assessment="implemented"):
    return {**date_fields(day), "meeting": "Panel", "text": text, "assessment": assessment}


def current(recommendation) -> Recommendation:
    return Recommendation.objects.filter(pk=recommendation.pk).with_current().get()


def test_recommendation_update_correction_keeps_the_before_in_history(client, here):
    recommendation, (update,) = recommendation_with_progress(here, "behind")
    client.force_login(here.member("scrutiny"))

    response = client.post(update_url("recommendation_update_edit", update), update_post())

    assert response.status_code == 302
    assert said(update, "text", "assessment") == [
        ("Progress 1", "behind"),
        ("Implemented in March", "implemented"),
    ]
    assert current(recommendation).current_assessment == "implemented"


def test_withdrawing_the_latest_recommendation_update_makes_the_previous_one_current(client, here):
    recommendation, (_, latest) = recommendation_with_progress(here, "behind", "implemented")
    assert not current(recommendation).overdue  # implemented: never overdue
    client.force_login(here.member("scrutiny"))

    response = client.post(update_url("recommendation_update_withdraw", latest), {"reason": REASON})

    assert response.status_code == 302
    latest.refresh_from_db()
    assert latest.withdrawn_reason == REASON and said(latest, "withdrawn_reason")[-1] == (REASON,)
    now = current(recommendation)
    assert (now.current_assessment, now.current_date, now.overdue) == (
        "behind",
        dt.date(2025, 2, 1),
        True,
    )
    summary = scrutiny_selectors.dashboard_summary(here.area)
    counts = {value: n for value, _, n in summary.counts}
    assert (counts["behind"], counts["implemented"], summary.overdue) == (1, 0, [now])
    page = client.get(recommendation.review.get_absolute_url()).content.decode()
    standing, withdrawn = withdrawn_part(page)
    assert "Progress 1" in standing and "Progress 2" not in standing
    assert "<del>" in withdrawn and "Progress 2" in withdrawn and REASON in withdrawn


@pytest.mark.parametrize(
    ("role", "delivered_through_an_action", "allowed"),
    [
        ("board", True, False),
        ("officer", False, False),  # officers record progress only on their actions' ones
        ("officer", True, True),
        ("lead", False, True),
    ],
)
def test_recommendation_update_withdrawal_follows_who_may_record_progress(
    client, here, role, delivered_through_an_action, allowed
):
    actions = [ActionFactory(workstream__plan__area=here.area)] * delivered_through_an_action
    _, (update,) = recommendation_with_progress(here, "behind", actions=actions)
    client.force_login(here.member(role))

    response = client.post(update_url("recommendation_update_withdraw", update), {"reason": "x"})

    assert response.status_code == (302 if allowed else 403)
    update.refresh_from_db()
    assert update.is_withdrawn is allowed


def test_another_areas_recommendation_update_is_a_404(client, here, elsewhere):
    _, (theirs,) = recommendation_with_progress(elsewhere, "behind")
    client.force_login(here.member("lead"))

    withdraw = client.post(
        update_url("recommendation_update_withdraw", theirs, here.area), {"reason": "x"}
    )
    correct = client.post(
        update_url("recommendation_update_edit", theirs, here.area), update_post()
    )

    assert (withdraw.status_code, correct.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert (theirs.is_withdrawn, theirs.assessment) == (False, "behind")


def test_recommendation_update_cannot_be_withdrawn_twice_nor_corrected_after(client, here):
    _, (update,) = recommendation_with_progress(here, "behind")
    scrutiny.recommendation_update_withdraw(
        update=update, by=here.member("scrutiny"), reason=REASON
    )
    client.force_login(here.member("lead"))

    again = client.post(update_url("recommendation_update_withdraw", update), {"reason": "No"})
    corrected = client.post(update_url("recommendation_update_edit", update), update_post())

    assert ALREADY in again.content.decode() and ALREADY in corrected.content.decode()
    update.refresh_from_db()
    assert (update.withdrawn_reason, update.assessment) == (REASON, "behind")


def test_recommendation_update_correction_dated_after_today_is_refused(client, here):
    _, (update,) = recommendation_with_progress(here, "behind")
    client.force_login(here.member("scrutiny"))

    response = client.post(
        update_url("recommendation_update_edit", update), update_post(day=tomorrow())
    )

    assert response.status_code == 200
    assert "The date of the meeting or update cannot be in the future" in response.content.decode()
    update.refresh_from_db()
    assert (update.date, update.assessment) == (dt.date(2025, 2, 1), "behind")


# --- findings ---------------------------------------------------------------------------------


def finding_url(name: str, finding, area=None) -> str:
    inspection = finding.inspection
    return reverse(
        f"plans:{name}", args=[(area or inspection.area).slug, inspection.pk, finding.pk]
    )


def finding_post(text="Waiting times for assessments are too long"):
    return {"kind": "weakness", "number": 1, "text": text}


@pytest.fixture
def weakness(here):
    """A significant weakness that no action addresses: a gap."""
    inspection = InspectionFactory(area=here.area, framework=here.area.framework)
    return FindingFactory(inspection=inspection, number=1, text="Waiting times")


def test_finding_correction_keeps_the_before_in_history(client, here, weakness):
    client.force_login(here.member("officer"))

    response = client.post(finding_url("finding_edit", weakness), finding_post())

    assert response.status_code == 302
    assert first_and_last(weakness, "text", "history_user__username") == (
        ("Waiting times", None),
        ("Waiting times for assessments are too long", "leeds-officer"),
    )


def test_withdrawn_finding_is_kept_but_no_longer_a_gap_nor_linkable(client, here, weakness):
    plan_action = ActionFactory(workstream__plan__area=here.area)
    assert plan_selectors.coverage(here.area).weaknesses == [weakness]
    client.force_login(here.member("lead"))

    response = client.post(finding_url("finding_withdraw", weakness), {"reason": REASON})

    assert response.status_code == 302
    weakness.refresh_from_db()
    assert (weakness.withdrawn_by, weakness.withdrawn_reason) == (here.member("lead"), REASON)
    assert plan_selectors.coverage(here.area).weaknesses == []
    assert plan_selectors.dashboard_summary(here.area).weakness_gaps == 0
    form = ActionForm(plan=plan_action.workstream.plan)
    assert list(form.fields["weaknesses"].queryset) == []
    page = client.get(weakness.inspection.get_absolute_url()).content.decode()
    standing, withdrawn = withdrawn_part(page)
    assert "Weaknesses (0)" in standing and "Waiting times" not in standing
    assert "<del>" in withdrawn and "Waiting times" in withdrawn and REASON in withdrawn


def test_action_cannot_be_linked_to_a_withdrawn_weakness(here, weakness):
    plans.finding_withdraw(finding=weakness, by=here.member("lead"), reason=REASON)
    action = ActionFactory(workstream__plan__area=here.area)

    with pytest.raises(Refused, match="withdrawn"):
        plans.action_save(
            plan=action.workstream.plan,
            action=action,
            by=here.member("lead"),
            workstream=action.workstream,
            description=action.description,
            owner=action.owner,
            partner=action.partner,
            due_on=action.due_on,
            weaknesses=[weakness],
        )


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_finding_withdrawal_refused_for_a_role_that_cannot_edit_plans(client, here, weakness, role):
    client.force_login(here.member(role))

    response = client.post(finding_url("finding_withdraw", weakness), {"reason": REASON})

    assert response.status_code == 403
    weakness.refresh_from_db()
    assert not weakness.is_withdrawn
    page = client.get(weakness.inspection.get_absolute_url()).content.decode()
    assert finding_url("finding_withdraw", weakness) not in page


def test_another_areas_finding_is_a_404(client, here, elsewhere):
    theirs = FindingFactory(inspection=InspectionFactory(area=elsewhere.area))
    client.force_login(here.member("lead"))

    response = client.post(finding_url("finding_withdraw", theirs, here.area), {"reason": "x"})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_withdrawn


def test_finding_cannot_be_withdrawn_twice_nor_corrected_after(client, here, weakness):
    plans.finding_withdraw(finding=weakness, by=here.member("officer"), reason=REASON)
    client.force_login(here.member("lead"))

    again = client.post(finding_url("finding_withdraw", weakness), {"reason": "No"})
    corrected = client.post(finding_url("finding_edit", weakness), finding_post())

    assert ALREADY in again.content.decode() and ALREADY in corrected.content.decode()
    weakness.refresh_from_db()
    assert (weakness.withdrawn_reason, weakness.text) == (REASON, "Waiting times")


# --- self-evaluation points -----------------------------------------------------------------


@pytest.fixture
def published(here):
    """Version 1, published, with one point on A1."""
    version = SelfEvaluationVersionFactory(
        area=here.area, number=1, status="published", published_at=timezone.now()
    )
    point = SelfEvaluationPointFactory(version=version, label="Co-production")
    point.criteria.set([here.area.framework.criteria.get(code="A1")])
    return version


@pytest.fixture
def draft_point(here, published):
    """The published point's copy in the draft (version 2)."""
    draft = se_services.draft_start(area=here.area, by=here.member("officer"))
    return draft.points.get()


def point_url(name: str, point, area=None) -> str:
    return reverse(f"self_evaluation:{name}", args=[(area or point.version.area).slug, point.pk])


def point_post(point, label="Co-production with parents"):
    return {
        "judgement_area": point.judgement_area_id,
        "kind": point.kind,
        "label": label,
        "explanation": point.explanation,
    }


def test_point_correction_keeps_the_before_in_history(client, here, draft_point):
    client.force_login(here.member("officer"))

    response = client.post(point_url("point_edit", draft_point), point_post(draft_point))

    assert response.status_code == 302
    assert first_and_last(draft_point, "label", "history_user__username") == (
        ("Co-production", "leeds-officer"),
        ("Co-production with parents", "leeds-officer"),
    )


def test_withdrawn_point_is_kept_but_left_out_of_the_self_evaluation(
    client, here, published, draft_point
):
    a1 = here.area.framework.criteria.get(code="A1")
    client.force_login(here.member("officer"))

    response = client.post(point_url("point_withdraw", draft_point), {"reason": REASON})

    assert response.status_code == 302
    draft_point.refresh_from_db()
    assert (draft_point.withdrawn_by, draft_point.withdrawn_reason) == (
        here.member("officer"),
        REASON,
    )
    draft = draft_point.version
    assert [p.version for p in se.points_for_criterion(here.area, a1)] == [published]
    assert list(se.current_points(here.area)) == []
    comparison = se.compare(published, draft)
    assert [p.label for p in comparison.removed] == ["Co-production"]
    assert comparison.withdrawn == {draft_point.key: REASON}
    client.get(draft.get_absolute_url())  # shows the message "Withdrawn: “Co-production”"
    standing, withdrawn = withdrawn_part(client.get(draft.get_absolute_url()).content.decode())
    assert "Co-production" not in standing
    assert "<del>" in withdrawn and "Co-production" in withdrawn and REASON in withdrawn


def test_withdrawn_point_is_not_copied_into_the_next_draft(here, draft_point):
    SelfEvaluationPointFactory(version=draft_point.version, label="Transitions")
    se_services.point_withdraw(point=draft_point, by=here.member("officer"), reason=REASON)
    se_services.version_publish(version=draft_point.version, by=here.member("lead"))

    next_draft = se_services.draft_start(area=here.area, by=here.member("officer"))

    assert [p.label for p in next_draft.points.all()] == ["Transitions"]


def test_published_point_is_withdrawn_not_deleted_from_the_draft(client, here, draft_point):
    client.force_login(here.member("officer"))

    edit_page = client.get(point_url("point_edit", draft_point)).content.decode()
    response = client.post(point_url("point_delete", draft_point), follow=True)

    assert point_url("point_delete", draft_point) not in edit_page
    assert point_url("point_withdraw", draft_point) in edit_page
    assert "withdraw it instead" in response.content.decode()
    assert SelfEvaluationPoint.objects.filter(pk=draft_point.pk).exists()


def test_point_never_published_may_still_be_deleted(client, here, draft_point):
    new = SelfEvaluationPointFactory(version=draft_point.version, label="Transitions")
    client.force_login(here.member("officer"))

    edit_page = client.get(point_url("point_edit", new)).content.decode()
    response = client.post(point_url("point_delete", new))

    assert point_url("point_delete", new) in edit_page
    assert response.status_code == 302
    assert not SelfEvaluationPoint.objects.filter(pk=new.pk).exists()


def test_point_of_a_published_version_cannot_be_withdrawn(here, published):
    point = published.points.get()

    with pytest.raises(Refused, match="published"):
        se_services.point_withdraw(point=point, by=here.member("lead"), reason=REASON)

    point.refresh_from_db()
    assert not point.is_withdrawn


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_point_withdrawal_refused_for_a_role_that_cannot_edit_the_self_evaluation(
    client, here, draft_point, role
):
    client.force_login(here.member(role))

    response = client.post(point_url("point_withdraw", draft_point), {"reason": REASON})

    assert response.status_code == 403
    draft_point.refresh_from_db()
    assert not draft_point.is_withdrawn


def test_another_areas_point_is_a_404(client, here, elsewhere):
    theirs = SelfEvaluationPointFactory(version__area=elsewhere.area)
    client.force_login(here.member("lead"))

    response = client.post(point_url("point_withdraw", theirs, here.area), {"reason": "x"})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_withdrawn


def test_point_cannot_be_withdrawn_twice_nor_corrected_after(client, here, draft_point):
    se_services.point_withdraw(point=draft_point, by=here.member("officer"), reason=REASON)
    client.force_login(here.member("lead"))

    again = client.post(point_url("point_withdraw", draft_point), {"reason": "No"})
    corrected = client.post(point_url("point_edit", draft_point), point_post(draft_point))

    assert ALREADY in again.content.decode() and ALREADY in corrected.content.decode()
    draft_point.refresh_from_db()
    assert (draft_point.withdrawn_reason, draft_point.label) == (REASON, "Co-production")


# --- every new page -------------------------------------------------------------------------


def test_new_pages_send_an_anonymous_visitor_to_sign_in(client, here, draft_point, weakness):
    _, (progress,) = action_with_progress(here, "at_risk")
    _, (update,) = recommendation_with_progress(here, "behind")
    urls = [
        progress_url("progress_edit", progress),
        progress_url("progress_withdraw", progress),
        update_url("recommendation_update_edit", update),
        update_url("recommendation_update_withdraw", update),
        finding_url("finding_withdraw", weakness),
        point_url("point_withdraw", draft_point),
    ]

    answers = [client.post(url, {"reason": REASON}) for url in urls]

    assert all(answer.status_code == 302 for answer in answers)
    assert all(answer["Location"].startswith(reverse("login")) for answer in answers)


def withdrawn_page_queries(client, place, page: str, withdrawn: int) -> int:
    """The queries of an action's or a review's page with `withdrawn` updates withdrawn."""
    if page == "action":
        record, updates = action_with_progress(place, *["on_track"] * (withdrawn + 1))
        url = record.get_absolute_url()
        for update in updates[:withdrawn]:
            plans.progress_withdraw(update=update, by=place.member("lead"), reason=REASON)
    else:
        record, updates = recommendation_with_progress(place, *["behind"] * (withdrawn + 1))
        url = record.review.get_absolute_url()
        for update in updates[:withdrawn]:
            scrutiny.recommendation_update_withdraw(
                update=update, by=place.member("lead"), reason=REASON
            )
    with CaptureQueriesContext(connection) as queries:
        assert "Withdrawn (" in client.get(url).content.decode()
    return len(queries.captured_queries)


@pytest.mark.parametrize("page", ["action", "review"])
def test_withdrawn_section_costs_no_query_per_record(client, here, page):
    client.force_login(here.member("lead"))

    counts = [withdrawn_page_queries(client, here, page, n) for n in (1, 4)]

    assert counts[0] == counts[1]
