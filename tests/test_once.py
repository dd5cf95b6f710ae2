"""Every create form posted twice makes one record (issue 12): a double-click, a slow
network retrying, the same page sent from two tabs. Each form is fetched as a browser
would, filled in, and sent twice with what the page gave it (its one-time token
included): in turn, and on PostgreSQL at the same moment from two connections."""

import datetime as dt
import re
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actions.models import (
    Action,
    Finding,
    ImprovementPlan,
    Inspection,
    ProgressUpdate,
    Recommendation,
    RecommendationUpdate,
    ScrutinyReview,
    Workstream,
)
from areas.models import (
    Assessment,
    FrameworkSwitch,
    KpiTarget,
    KpiValue,
    LocalComparator,
    Membership,
    SelfEvaluationPoint,
    SelfEvaluationVersion,
)
from common.models import FormSubmission
from common.once import ALREADY_SENT, KEPT_FOR, TOKEN
from frameworks.loading import framework_load, read_framework_file
from frameworks.mapping import mapping_load, read_mapping_file
from frameworks.models import Framework, Kpi
from sendready.models import MeetingPack

from .factories import (
    ActionFactory,
    InspectionFactory,
    PlanFactory,
    RecommendationFactory,
    ReviewFactory,
    UserFactory,
    WorkstreamFactory,
)
from .test_hostile_input import Forms

ON_POSTGRESQL = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time"
)


def day(field: str, date: dt.date) -> dict:
    """A GOV.UK date input's three boxes."""
    return {f"{field}_0": date.day, f"{field}_1": date.month, f"{field}_2": date.year}


PAST = dt.date(2024, 3, 27)


@dataclass
class Records:
    """What a create page hangs from, built once for a test."""

    world: object

    def __post_init__(self):
        area = self.world.area
        self.plan = PlanFactory(area=area)
        self.workstream = WorkstreamFactory(plan=self.plan, code="A")
        self.action = ActionFactory(workstream=self.workstream)
        self.inspection = InspectionFactory(area=area)
        self.review = ReviewFactory(area=area)
        self.recommendation = RecommendationFactory(review=self.review)
        self.kpi = Kpi.objects.create(
            framework=area.framework,
            code="ehcp-20",
            name="EHC plans in 20 weeks",
            definition="Share issued within 20 weeks.",
            unit="percent",
            direction="higher",
            frequency="annual",
            order=1,
        )
        UserFactory(username="new-colleague")


@dataclass(frozen=True)
class Create:
    """One create form: its URL, what a person types into it, what it makes."""

    url: str
    args: tuple
    typed: object  # Records -> dict
    made: object  # Records -> queryset of what the form creates
    prepare: object = None  # Records -> None: what else the page needs to show the form


def area_slug(r):
    return r.world.area.slug


def load_area_send(r) -> None:
    folder = Path(settings.BASE_DIR) / "fixtures" / "frameworks"
    framework_load(data=read_framework_file(folder / "area-send-2023.yaml"))
    mapping_load(data=read_mapping_file(folder / "mapping-2016-to-2023.yaml"))


def first_month_after_the_latest(r) -> str:
    latest = Assessment.objects.filter(area=r.world.area).latest("month").month
    return f"{latest.year + latest.month // 12}-{latest.month % 12 + 1:02d}"


CREATES = {
    "plan": Create(
        "plans:plan_create",
        (area_slug,),
        lambda r: {"title": "WSoA", "kind": "wsoa", "status": "active", **day("starts_on", PAST)},
        lambda r: ImprovementPlan.objects.filter(area=r.world.area),
    ),
    "workstream": Create(
        "plans:workstream_create",
        (area_slug, lambda r: r.plan.pk),
        lambda r: {"code": "B", "title": "Health", "lead_partner": "health"},
        lambda r: Workstream.objects.filter(plan=r.plan),
    ),
    "action": Create(
        "plans:action_create",
        (area_slug, lambda r: r.plan.pk),
        lambda r: {
            "workstream": r.workstream.pk,
            "description": "Clear the EP list",
            "owner": "EP lead",
            "partner": "council",
            "status": "not_started",
            **day("starts_on", PAST),
            **day("due_on", PAST + dt.timedelta(days=90)),
        },
        lambda r: Action.objects.filter(workstream__plan=r.plan),
    ),
    "progress update": Create(
        "plans:action",
        (area_slug, lambda r: r.plan.pk, lambda r: r.action.pk),
        lambda r: {"text": "List down to 17.", "status_after": "on_track", **day("date", PAST)},
        lambda r: ProgressUpdate.objects.filter(action=r.action),
    ),
    "inspection": Create(
        "plans:inspection_create",
        (area_slug,),
        lambda r: {"kind": "revisit", "outcome_category": "progress", **day("started_on", PAST)},
        lambda r: Inspection.objects.filter(area=r.world.area),
    ),
    "finding": Create(
        "plans:finding_create",
        (area_slug, lambda r: r.inspection.pk),
        lambda r: {"kind": "weakness", "number": "3", "text": "Waiting times are too long."},
        lambda r: Finding.objects.filter(inspection=r.inspection),
    ),
    "review": Create(
        "scrutiny:review_create",
        (area_slug,),
        lambda r: {"panel": "Children's scrutiny", "title": "Transport", "status": "in_progress"},
        lambda r: ScrutinyReview.objects.filter(area=r.world.area),
    ),
    "recommendations": Create(
        "scrutiny:recommendations_add",
        (area_slug, lambda r: r.review.pk),
        lambda r: {
            "recommendations-0-number": "99",
            "recommendations-0-theme": "Communication",
            "recommendations-0-text": "Publish waiting times.",
        },
        lambda r: Recommendation.objects.filter(review=r.review),
    ),
    "recommendation update": Create(
        "scrutiny:recommendation_update",
        (area_slug, lambda r: r.review.pk, lambda r: r.recommendation.pk),
        lambda r: {"text": "Published in June.", "assessment": "on_track", **day("date", PAST)},
        lambda r: RecommendationUpdate.objects.filter(recommendation=r.recommendation),
    ),
    "KPI figure": Create(
        "kpis:value_create",
        (area_slug,),
        lambda r: {"kpi": r.kpi.pk, "value": "58.5", **day("period", dt.date(2023, 1, 1))},
        lambda r: KpiValue.objects.filter(area=r.world.area),
    ),
    "KPI target": Create(
        "kpis:target_create",
        (area_slug,),
        lambda r: {"kpi": r.kpi.pk, "value": "80", **day("period", dt.date(2023, 1, 1))},
        lambda r: KpiTarget.objects.filter(area=r.world.area),
    ),
    "local KPI comparator": Create(
        "kpis:comparator_create",
        (area_slug,),
        lambda r: {
            "kpi": r.kpi.pk,
            "level": "england",
            "value": "61",
            "source": "DfE SEN2 2023",
            **day("period", dt.date(2023, 1, 1)),
        },
        lambda r: LocalComparator.objects.filter(area=r.world.area),
    ),
    "member": Create(
        "members:members",
        (area_slug,),
        lambda r: {"email": "new-colleague@example.org", "role": "board"},
        lambda r: Membership.objects.filter(area=r.world.area),
    ),
    "self-evaluation draft": Create(
        "self_evaluation:draft",
        (area_slug,),
        lambda r: {},
        lambda r: SelfEvaluationVersion.objects.filter(area=r.world.area),
        prepare=lambda r: SelfEvaluationVersion.objects.create(
            area=r.world.area, framework=r.world.area.framework, number=1, status="published"
        ),
    ),
    "self-evaluation point": Create(
        "self_evaluation:point_create",
        (area_slug,),
        lambda r: {
            "judgement_area": r.world.area.framework.judgement_areas.first().pk,
            "kind": "strength",
            "label": "Faster plans",
            "explanation": "58% in 20 weeks.",
        },
        lambda r: SelfEvaluationPoint.objects.filter(version__area=r.world.area),
    ),
    "next month": Create(
        "ratings:month_start",
        (area_slug,),
        lambda r: {},
        lambda r: Assessment.objects.filter(area=r.world.area),
    ),
    "framework switch": Create(
        "ratings:switch",
        (area_slug,),
        lambda r: {
            "framework": Framework.objects.get(slug="area-send-2023").pk,
            "from_month": first_month_after_the_latest(r),
        },
        lambda r: FrameworkSwitch.objects.filter(area=r.world.area),
        prepare=load_area_send,
    ),
    "meeting pack": Create(
        "pack_create",
        (area_slug,),
        lambda r: {
            "meeting_kind": "board",
            "month": "2018-03",
            "meeting": "SEND Partnership Board",
            **day("meeting_date", dt.date(2018, 4, 12)),
            "title": "Readiness",
            "author": "Director of Education",
            "purpose": "To update the Board.",
            "recommendation": "That the Board note progress.",
        },
        lambda r: MeetingPack.objects.filter(area=r.world.area),
    ),
}


def page_with_the_form(create: Create, records: Records) -> tuple[str, str]:
    """The URL the form is posted to, and the page it is on (a POST-only URL's form is
    on the area's own page)."""
    url = reverse(create.url, args=[arg(records) for arg in create.args])
    if create.url in {"self_evaluation:draft"}:
        return url, reverse("self_evaluation:page", args=[records.world.area.slug])
    # "Start next month" asks first: its form is on its own confirmation page.
    return url, url


def as_sent_by_a_browser(client, create: Create, records: Records) -> tuple[str, dict]:
    if create.prepare:
        create.prepare(records)
    url, page = page_with_the_form(create, records)
    response = client.get(page)
    assert response.status_code == 200, page
    form = Forms(response.content.decode()).own("post", url if url != page else "")
    if url != page:
        form = next(f for f in Forms(response.content.decode()).forms if f.action == url)
    hidden = {name: value for name, value in form.fields.items() if value is not None}
    assert hidden.get(TOKEN), f"{create.url}: the form carries no one-time token"
    return url, {**hidden, **create.typed(records)}


def errors_on(page) -> list[str]:
    """The error summary's messages, to say why a form was not saved."""
    return re.findall(r'<a href="#[^"]*">([^<]*)</a>', page.content.decode())


@pytest.fixture
def lead_client(world):
    client = Client()
    client.force_login(world.member("lead"))
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("kind", CREATES)
def test_a_create_form_sent_twice_makes_one_record(world, lead_client, kind):
    create, records = CREATES[kind], Records(world)
    url, data = as_sent_by_a_browser(lead_client, create, records)
    before = create.made(records).count()

    first = lead_client.post(url, data)
    second = lead_client.post(url, data)

    assert first.status_code == 302, errors_on(first)
    assert create.made(records).count() == before + 1
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert ALREADY_SENT in [str(m) for m in get_messages(second.wsgi_request)]


@pytest.mark.django_db
def test_a_form_shown_again_with_its_errors_can_be_sent_again(world, lead_client):
    create, records = CREATES["workstream"], Records(world)
    url, data = as_sent_by_a_browser(lead_client, create, records)

    refused = lead_client.post(url, {**data, "title": ""})
    corrected = lead_client.post(url, data)

    assert refused.status_code == 200
    assert corrected.status_code == 302
    assert Workstream.objects.filter(plan=records.plan, code="B").count() == 1


@pytest.mark.django_db
def test_every_form_on_a_page_gets_its_own_token(world, lead_client):
    records = Records(world)
    page = lead_client.get(
        reverse("plans:action", args=[world.area.slug, records.plan.pk, records.action.pk])
    )
    tokens = [f.fields.get(TOKEN) for f in Forms(page.content.decode()).forms if f.method == "post"]

    assert len(tokens) >= 2  # sign out and the progress update
    assert None not in tokens and len(set(tokens)) == len(tokens)


@pytest.mark.django_db
def test_a_token_answers_only_its_own_user(world, lead_client):
    create, records = CREATES["workstream"], Records(world)
    url, data = as_sent_by_a_browser(lead_client, create, records)
    lead_client.post(url, data)
    officer = Client()
    officer.force_login(world.member("officer"))

    officer.post(url, {**data, "code": "C"})

    assert Workstream.objects.filter(plan=records.plan, code="C").count() == 0
    assert FormSubmission.objects.count() == 1


def sent_at_once(clients: list[Client], url: str, data: dict) -> list[int]:
    start = threading.Barrier(len(clients))
    answers: list[int] = []

    def send(client):
        start.wait()
        try:
            answers.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@ON_POSTGRESQL
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", CREATES)
def test_a_create_form_sent_twice_at_the_same_moment_makes_one_record(world, kind):
    create, records = CREATES[kind], Records(world)
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(world.member("lead"))
    url, data = as_sent_by_a_browser(clients[0], create, records)
    before = create.made(records).count()

    answers = sent_at_once(clients, url, data)

    assert answers == [302, 302]
    assert create.made(records).count() == before + 1


@pytest.mark.django_db
def test_claims_older_than_two_days_go_when_their_user_signs_in():
    user, other = UserFactory(), UserFactory()
    old = [FormSubmission.objects.create(token=uuid.uuid4(), user=u) for u in (user, other)]
    FormSubmission.objects.filter(pk__in=[c.pk for c in old]).update(
        created_at=timezone.now() - KEPT_FOR - dt.timedelta(minutes=1)
    )
    recent = FormSubmission.objects.create(token=uuid.uuid4(), user=user)

    Client().force_login(user)  # signs in as the sign-in form does, signal included

    kept = set(FormSubmission.objects.values_list("pk", flat=True))
    assert kept == {recent.pk, old[1].pk}  # the other user's old claim waits for them
