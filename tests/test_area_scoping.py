"""Scoping by structure, proved from the URL configuration: every URL pattern that takes
an id is requested by a lead of one area with each id in turn swapped for another
area's, the other ids being the lead's own. Every such request is a 404, GET and POST
(a GET of a POST-only page is a 405 before any id is read).

A new URL pattern with an id fails `test_every_pattern_with_an_id_is_walked` until it
has an entry in OWNED below."""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from areas.models import Membership
from sendready.models import MeetingPack, PackDocument

from .factories import (
    ActionFactory,
    FindingFactory,
    InspectionFactory,
    PlanFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
    RecommendationUpdateFactory,
    ReviewFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

# Parameters that name things every area shares (the framework's codes) or a month, or
# an emailed password link's parts: not ids of an area's records.
SHARED = {
    "area",
    "month",
    "code",
    "framework",
    "to_framework",
    "from_framework",
    "uidb64",
    "token",
}

# For each pattern (namespace:name), which record each of its id parameters names.
OWNED = {
    "plans:plan": {"pk": "plan"},
    "plans:plan_edit": {"pk": "plan"},
    "plans:workstream_create": {"pk": "plan"},
    "plans:workstream_edit": {"pk": "plan", "workstream": "workstream"},
    "plans:action_create": {"pk": "plan"},
    "plans:action": {"pk": "plan", "action": "action"},
    "plans:action_edit": {"pk": "plan", "action": "action"},
    "plans:progress_edit": {"pk": "plan", "action": "action", "update": "progress"},
    "plans:progress_withdraw": {"pk": "plan", "action": "action", "update": "progress"},
    "plans:inspection": {"pk": "inspection"},
    "plans:inspection_edit": {"pk": "inspection"},
    "plans:finding_create": {"pk": "inspection"},
    "plans:finding_edit": {"pk": "inspection", "finding": "finding"},
    "plans:finding_withdraw": {"pk": "inspection", "finding": "finding"},
    "scrutiny:review": {"pk": "review"},
    "scrutiny:review_edit": {"pk": "review"},
    "scrutiny:review_close": {"pk": "review"},
    "scrutiny:recommendations_add": {"pk": "review"},
    "scrutiny:recommendation_edit": {"pk": "review", "recommendation": "recommendation"},
    "scrutiny:response_edit": {"pk": "review", "recommendation": "recommendation"},
    "scrutiny:recommendation_update": {"pk": "review", "recommendation": "recommendation"},
    "scrutiny:recommendation_update_edit": {
        "pk": "review",
        "recommendation": "recommendation",
        "update": "recommendation_update",
    },
    "scrutiny:recommendation_update_withdraw": {
        "pk": "review",
        "recommendation": "recommendation",
        "update": "recommendation_update",
    },
    "self_evaluation:compare": {"number": "version"},
    "self_evaluation:publish": {"number": "version"},
    "self_evaluation:point_edit": {"pk": "point"},
    "self_evaluation:point_delete": {"pk": "point"},
    "self_evaluation:point_withdraw": {"pk": "point"},
    "self_evaluation:version": {"number": "version"},
    "members:member_remove": {"pk": "membership"},
    "plans:plan_docx": {"pk": "plan"},
    "plans:plan_xlsx": {"pk": "plan"},
    "scrutiny:review_docx": {"pk": "review"},
    "self_evaluation:version_docx": {"number": "version"},
    "pack": {"pk": "pack"},
    "pack_document": {"pk": "pack", "document": "pack_document"},
}


# Pages that only take a POST (their GET is a 405 whatever the id).
POST_ONLY = {
    "self_evaluation:publish",
    "self_evaluation:point_delete",
    "members:member_remove",
    "scrutiny:review_close",
}


def url_patterns(resolver=None, namespace=""):
    """(namespaced name, pattern) for every named URL pattern of the site."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.app_name != "admin":
                yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def id_parameters(pattern: URLPattern) -> list[str]:
    return [name for name in pattern.pattern.converters if name not in SHARED]


def test_every_pattern_with_an_id_is_walked():
    with_ids = {name for name, pattern in url_patterns() if id_parameters(pattern)}

    assert with_ids == set(OWNED), "add the new pattern's ids to OWNED"


def area_records(area, lead, version_number: int) -> dict[str, int]:
    """One of each record an id can name, in `area`; the values are the ids."""
    from areas.self_evaluation import services as se_services

    plan = PlanFactory(area=area)
    workstream = WorkstreamFactory(plan=plan, code="A")
    inspection = InspectionFactory(area=area)
    review = ReviewFactory(area=area)
    draft = se_services.draft_start(area=area, by=lead)
    draft.number = version_number
    draft.save()
    point = se_services.point_save(
        version=draft,
        by=lead,
        judgement_area=area.framework.judgement_areas.first(),
        kind="strength",
        label="Co-production",
        explanation="Explained",
    )
    action = ActionFactory(workstream=workstream)
    recommendation = RecommendationFactory(review=review)
    pack = MeetingPack.objects.create(
        area=area,
        meeting_kind="board",
        meeting="Board",
        meeting_date=dt.date(2018, 4, 1),
        month=dt.date(2018, 3, 1),
        frozen_at=timezone.now(),
        figures={},
    )
    paper = PackDocument.objects.create(
        pack=pack,
        title="Report",
        filename="r.docx",
        content_type="text/plain",
        content=b"x",
        order=1,
    )
    return {
        "plan": plan.pk,
        "workstream": workstream.pk,
        "action": action.pk,
        "progress": ProgressUpdateFactory(action=action).pk,
        "inspection": inspection.pk,
        "finding": FindingFactory(inspection=inspection).pk,
        "review": review.pk,
        "recommendation": recommendation.pk,
        "recommendation_update": RecommendationUpdateFactory(recommendation=recommendation).pk,
        "version": draft.number,
        "point": point.pk,
        "membership": Membership.objects.get(area=area, role="officer").pk,
        "pack": pack.pk,
        "pack_document": paper.pk,
    }


def requests_with_one_foreign_id() -> list:
    return [
        pytest.param(name, foreign, id=f"{name}[{foreign}]")
        for name, ids in OWNED.items()
        for foreign in ids
    ]


@pytest.mark.parametrize(("name", "foreign"), requests_with_one_foreign_id())
@pytest.mark.parametrize("method", ["get", "post"])
def test_another_areas_id_is_a_404(client, world, other_world, name, foreign, method):
    lead = world.member("lead")
    own = area_records(world.area, lead, version_number=1)
    theirs = area_records(other_world.area, other_world.member("lead"), version_number=2)
    kwargs = {"area": world.area.slug}
    for parameter, record in OWNED[name].items():
        kwargs[parameter] = (theirs if parameter == foreign else own)[record]
    client.force_login(lead)

    response = getattr(client, method)(reverse(name, kwargs=kwargs))

    # A POST-only page refuses a GET before reading any id: that tells nothing either.
    assert response.status_code == (405 if method == "get" and name in POST_ONLY else 404)


@pytest.mark.parametrize(
    "name",
    [
        "plans:action",
        "scrutiny:recommendation_edit",
        "plans:progress_withdraw",
        "scrutiny:recommendation_update_edit",
        "self_evaluation:point_withdraw",
    ],
)
def test_own_ids_are_found(client, world, name):
    # The walk above would pass for a broken URL too: the lead's own ids must work.
    lead = world.member("lead")
    own = area_records(world.area, lead, version_number=1)
    kwargs = {"area": world.area.slug, **{p: own[r] for p, r in OWNED[name].items()}}
    client.force_login(lead)

    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200
