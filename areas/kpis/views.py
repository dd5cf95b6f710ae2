"""KPI pages: every indicator against England, region, neighbours and target; forms for
figures, targets and exception commentaries. Officers and leads enter; everyone reads."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from areas.kpis import imports as kpi_import
from areas.kpis import selectors as kpi_selectors
from areas.kpis.forms import KpiExceptionForm, KpiImportForm, KpiTargetForm, KpiValueForm
from areas.members.access import area_view
from areas.members.permissions import can_edit_kpis, can_view_area
from areas.models import KpiException


def _chart(summary) -> dict:
    rows = summary.rows
    series = [
        ("area", "This area"),
        ("england", "England"),
        ("region", "Region"),
        ("neighbours", "Statistical neighbours (average)"),
        ("target", "Target"),
    ]
    return {
        "labels": [row.label for row in rows],
        "lines": [
            {"label": label, "data": [_number(getattr(row, name)) for row in rows]}
            for name, label in series
            if any(getattr(row, name) is not None for row in rows)
        ],
    }


def _number(value):
    return float(value) if value is not None else None


@area_view(can_view_area)
def kpis(request, membership):
    summaries = kpi_selectors.area_kpis(membership.area)
    return render(
        request,
        "kpis/kpis.html",
        {
            "membership": membership,
            "area": membership.area,
            "nav": "kpis",
            "summaries": summaries,
            "charts": {f"kpi-chart-{s.kpi.code}": _chart(s) for s in summaries if s.rows},
            "peers": kpi_selectors.peer_context(membership.area),
        },
    )


def _form_page(request, membership, form, *, title, save):
    if request.method == "POST" and form.is_valid():
        save(form)
        messages.success(request, f"{title}: saved.")
        return redirect("kpis:kpis", area=membership.area.slug)
    return render(
        request,
        "kpis/kpi_form.html",
        {
            "membership": membership,
            "area": membership.area,
            "nav": "kpis",
            "form": form,
            "title": title,
        },
    )


def _save_with(form, **fields):
    item = form.save(commit=False)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@area_view(can_edit_kpis)
def value_create(request, membership):
    form = KpiValueForm(request.POST or None, area=membership.area)
    return _form_page(
        request,
        membership,
        form,
        title="Add a figure",
        save=lambda f: _save_with(f, area=membership.area, entered_by=request.user),
    )


@area_view(can_edit_kpis)
def target_create(request, membership):
    form = KpiTargetForm(request.POST or None, area=membership.area)
    return _form_page(
        request,
        membership,
        form,
        title="Set a target",
        save=lambda f: _save_with(f, area=membership.area),
    )


@area_view(can_edit_kpis)
def exception_commentary(request, membership, code):
    summary = next(
        (s for s in kpi_selectors.area_kpis(membership.area) if s.kpi.code == code), None
    )
    if summary is None or not summary.is_exception or summary.latest is None:
        raise Http404("That indicator is not an exception.")
    latest = summary.latest
    existing = KpiException.objects.filter(
        area=membership.area, kpi=summary.kpi, period=latest.period
    ).first()
    form = KpiExceptionForm(request.POST or None, instance=existing)
    return _form_page(
        request,
        membership,
        form,
        title=f"Commentary: {summary.kpi.name}, {latest.label}",
        save=lambda f: _save_with(
            f,
            area=membership.area,
            kpi=summary.kpi,
            period=latest.period,
            written_by=request.user,
        ),
    )


@area_view(can_edit_kpis)
def import_figures(request, membership):
    """Upload, preview, confirm: nothing is saved until the preview is confirmed."""
    area = membership.area
    form = KpiImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        plan = kpi_import.plan_import(area, form.text())
        if not plan.errors and request.POST.get("confirm"):
            changed = kpi_import.apply_import(area=area, plan=plan, by=request.user)
            messages.success(request, f"Import complete: {changed} figures added or revised.")
            return redirect("kpis:kpis", area=area.slug)
        for error in plan.errors:
            form.add_error("file" if form.cleaned_data.get("file") else "content", error)
    return render(
        request,
        "kpis/kpi_import.html",
        {"membership": membership, "area": area, "nav": "kpis", "form": form, "plan": plan},
    )
