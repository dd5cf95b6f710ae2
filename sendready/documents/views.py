"""Papers written from an area's record, each downloaded as a Word file."""

import datetime as dt
from dataclasses import asdict

from django.shortcuts import render
from django.urls import reverse

from areas.members.access import area_view
from areas.members.permissions import can_view_area
from common.word import docx_response, paper

from .forms import ReadinessReportForm
from .readiness import FrontSheet, default_front_sheet, readiness_context


@area_view(can_view_area)
def readiness_report(request, membership):
    """The front sheet to edit, then (when sent) the report for the chosen month."""
    area = membership.area
    months = list(area.assessments.select_related("framework", "area").order_by("-month"))
    if not months:
        return render(request, "sendready/no_months.html", {"membership": membership, "area": area})
    sent = "month" in request.GET
    form = ReadinessReportForm(
        request.GET if sent else None, months=months, initial=initial(area, months)
    )
    if sent and form.is_valid():
        data = dict(form.cleaned_data)
        chosen = data.pop("month")
        month = next(m for m in months if m.month == chosen)
        context = readiness_context(area, month, FrontSheet(**data))
        content = paper("readiness-report.docx", context)
        return docx_response(content, f"{area.slug}-readiness-{month.month:%Y-%m}.docx")
    return render(
        request,
        "sendready/readiness_report.html",
        {
            "membership": membership,
            "area": area,
            "nav": "dashboard",
            "form": form,
            "title": "Readiness report for a meeting",
            "back": ("Back to the dashboard", reverse("dashboard", args=[area.slug])),
        },
    )


def initial(area, months) -> dict:
    """The latest agreed month (or else the latest), and a front sheet to start from."""
    month = next((m for m in months if m.is_agreed), months[0])
    front = default_front_sheet(area, month, dt.date.today())
    return {**asdict(front), "month": f"{month.month:%Y-%m}"}
