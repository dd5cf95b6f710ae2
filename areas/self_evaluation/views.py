"""Self-evaluation pages: the latest version, any version, a comparison, and the
draft's points. Officers and leads edit the draft; leads publish; others read."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from areas.members.access import area_view
from areas.members.permissions import (
    can_edit_self_evaluation,
    can_publish_self_evaluation,
    can_view_area,
)
from areas.self_evaluation import selectors as se
from areas.self_evaluation import services as se_services
from areas.self_evaluation.forms import PointForm
from common.errors import Refused
from common.views import form_page
from common.withdrawal import withdraw_page
from common.word import docx_response, paper

from .documents import self_evaluation_context
from .rendering import PointLinks, PointList, points_list
from .slots import point_deliveries

STRENGTH, DEVELOP = se.Point.Kind.STRENGTH, se.Point.Kind.DEVELOP


def _version_or_404(membership, number) -> se.Version:
    versions = se.Version.objects.for_area(membership.area)
    return get_object_or_404(
        versions.select_related("area", "published_by"),
        framework_id=membership.area.framework_id,
        number=number,
    )


def version_context(membership, number: int | None = None) -> dict:
    """What a self-evaluation page shows: the requested version, or else the draft for
    those who edit it and the latest published version for everyone else."""
    all_versions = se.versions(membership.area)
    editor = can_edit_self_evaluation(membership)
    if number is None:
        shown = next((v for v in all_versions if v.is_published or editor), None)
    else:
        shown = next((v for v in all_versions if v.number == number), None)
        if shown is None:
            raise Http404("No such version.")
        if not shown.is_published and not editor:
            raise Http404("Drafts are shown to those who edit them.")
    sections = se.sections(shown) if shown else []
    return {
        "membership": membership,
        "area": membership.area,
        "nav": "self_evaluation",
        "version": shown,
        "versions": all_versions,
        "sections": sections,
        "withdrawn": [point for section in sections for point in section.withdrawn],
        "provisional": any(not section.judgement_area.confirmed for section in sections),
    }


def delivered_by_key(area, sections) -> dict:
    """What delivers each shown point (plan actions, from `slots.point_deliveries`)."""
    keys = [p.key for section in sections for p in section.strengths + section.to_develop]
    delivered: dict = {}
    for provided in point_deliveries.sections(area=area, keys=keys):
        for key, items in provided.data["by_key"].items():
            delivered.setdefault(key, []).extend(items)
    return delivered


def self_evaluation_page(request, membership, number: int | None = None):
    context = version_context(membership, number)
    version, sections = context["version"], context["sections"]
    shown = PointList(
        links=PointLinks.for_area(membership.area.slug),
        editable=version is not None
        and not version.is_published
        and can_edit_self_evaluation(membership),
        delivered_by_key=delivered_by_key(membership.area, sections),
    )
    context["columns"] = [
        (section, points_list(section, STRENGTH, shown), points_list(section, DEVELOP, shown))
        for section in sections
    ]
    return render(request, "self_evaluation/self_evaluation.html", context)


@area_view(can_view_area)
def page(request, membership):
    return self_evaluation_page(request, membership)


@area_view(can_view_area)
def version(request, membership, number):
    return self_evaluation_page(request, membership, number)


@area_view(can_view_area)
def version_docx(request, membership, number):
    """The version as a Word paper (a draft only for those who edit it, as on screen)."""
    shown = version_context(membership, number)["version"]
    content = paper("self-evaluation.docx", self_evaluation_context(shown))
    name = f"{membership.area.slug}-self-evaluation-v{shown.number}.docx"
    return docx_response(content, name)


@area_view(can_view_area)
def compare(request, membership, number):
    newer = _version_or_404(membership, number)
    older = (
        se.Version.objects.for_area(membership.area)
        .filter(framework_id=newer.framework_id, number__lt=newer.number)
        .order_by("-number")
        .first()
    )
    if older is None or (not newer.is_published and not can_edit_self_evaluation(membership)):
        raise Http404("There is no earlier version to compare with.")
    return render(
        request,
        "self_evaluation/self_evaluation_compare.html",
        {
            "membership": membership,
            "area": membership.area,
            "nav": "self_evaluation",
            "comparison": se.compare(older, newer),
            "back": (
                "Self-evaluation",
                reverse("self_evaluation:page", args=[membership.area.slug]),
            ),
        },
    )


@area_view(can_edit_self_evaluation)
@require_POST
def draft_start(request, membership):
    draft = se_services.draft_start(area=membership.area, by=request.user)
    messages.success(request, f"Version {draft.number} is the draft to edit.")
    return redirect(draft)


@area_view(can_publish_self_evaluation)
@require_POST
def publish(request, membership, number):
    item = _version_or_404(membership, number)
    try:
        se_services.version_publish(version=item, by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Version {item.number} published. It will not change now.")
    return redirect(item)


def point_form_page(request, membership, version, form, deletable=False, **page):
    """A point's form; saving it leads back to the self-evaluation. `deletable`: the
    point may be deleted (else, once saved, it may only be withdrawn)."""
    page_url = reverse("self_evaluation:page", args=[membership.area.slug])
    return form_page(
        request,
        membership,
        form,
        nav="self_evaluation",
        back=("Self-evaluation", page_url),
        done_url=page_url,
        template="self_evaluation/self_evaluation_point.html",
        extra={"version": version, "deletable": deletable},
        **page,
    )


@area_view(can_edit_self_evaluation)
def point_create(request, membership):
    area = membership.area
    initial = {"kind": request.GET.get("kind", ""), "judgement_area": request.GET.get("question")}
    return point_form_page(
        request,
        membership,
        se.current_draft(area),
        PointForm(request.POST or None, area=area, initial=initial),
        title="New self-evaluation point",
        save=lambda data: se_services.point_add_to_draft(area=area, by=request.user, **data),
    )


@area_view(can_edit_self_evaluation)
def point_edit(request, membership, pk):
    point = get_object_or_404(se.Point.objects.for_area(membership.area), pk=pk)
    return point_form_page(
        request,
        membership,
        point.version,
        PointForm(request.POST or None, instance=point, area=membership.area),
        deletable=se.published_in(point) is None,
        title=f"Edit “{point.label}”",
        save=lambda data: se_services.point_save(
            version=point.version, point=point, by=request.user, **data
        ),
    )


@area_view(can_edit_self_evaluation)
@require_POST
def point_delete(request, membership, pk):
    point = get_object_or_404(se.Point.objects.for_area(membership.area), pk=pk)
    try:
        se_services.point_delete(point=point, by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"“{point.label}” removed from the draft.")
    return redirect(point.version)


@area_view(can_edit_self_evaluation)
def point_withdraw(request, membership, pk):
    point = get_object_or_404(
        se.Point.objects.for_area(membership.area).select_related("version__area"), pk=pk
    )
    return withdraw_page(
        request,
        membership,
        point,
        what=f"“{point.label}”",
        caption=f"{membership.area.name} self-evaluation, version {point.version.number}",
        withdraw=lambda reason: se_services.point_withdraw(
            point=point, by=request.user, reason=reason
        ),
        back=("Self-evaluation", point.version.get_absolute_url()),
        nav="self_evaluation",
        entry="self_evaluation/_point.html",
    )
