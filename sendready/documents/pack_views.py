"""Meeting packs: the area's list, freezing one (leads), reading one and its papers."""

from dataclasses import fields

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from areas.members.access import area_view
from areas.members.permissions import can_freeze_pack, can_view_area
from common.errors import Refused

from ..models import MeetingPack, PackDocument
from ..packs import changes_since, pack_freeze, previous_pack
from .forms import FreezePackForm
from .readiness import FrontSheet
from .views import initial


@area_view(can_view_area)
def packs(request, membership):
    area = membership.area
    return render(
        request,
        "sendready/packs.html",
        {
            "membership": membership,
            "area": area,
            "nav": "dashboard",
            "packs": MeetingPack.objects.for_area(area).select_related("area", "frozen_by"),
        },
    )


@area_view(can_freeze_pack)
def pack_create(request, membership):
    area = membership.area
    months = list(area.assessments.select_related("framework", "area").order_by("-month"))
    if not months:
        return render(request, "sendready/no_months.html", {"membership": membership, "area": area})
    form = FreezePackForm(
        request.POST or None,
        months=months,
        initial={**initial(area, months), "meeting_kind": "board"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        month = next(m for m in months if m.month == data["month"])
        front = FrontSheet(**{f.name: data[f.name] for f in fields(FrontSheet)})
        try:
            pack = pack_freeze(
                area=area,
                month=month,
                meeting_kind=data["meeting_kind"],
                front=front,
                by=request.user,
            )
        except Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"Pack for {pack} frozen: its papers will not change.")
            return redirect(pack)
    return render(
        request,
        "sendready/pack_create.html",
        {
            "membership": membership,
            "area": area,
            "nav": "dashboard",
            "form": form,
            "title": "Freeze a pack for a meeting",
            "back": ("Back to meeting packs", reverse("packs", args=[area.slug])),
        },
    )


@area_view(can_view_area)
def pack(request, membership, pk):
    area = membership.area
    item = get_object_or_404(
        MeetingPack.objects.for_area(area).select_related("area", "frozen_by"), pk=pk
    )
    return render(
        request,
        "sendready/pack.html",
        {
            "membership": membership,
            "area": area,
            "nav": "dashboard",
            "pack": item,
            "documents": item.documents.only("pk", "title", "filename", "order"),
            "changes": changes_since(item, previous_pack(item)),
        },
    )


@area_view(can_view_area)
def pack_document(request, membership, pk, document):
    found = get_object_or_404(
        PackDocument.objects.for_area(membership.area), pack__pk=pk, pk=document
    )
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
