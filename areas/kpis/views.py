"""KPI pages: every indicator against England, region, neighbours and target; forms for
figures, targets and exception commentaries. Officers and leads enter; everyone reads."""

import datetime as dt
import html

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from areas.members.access import area_view
from areas.members.permissions import can_edit_kpis, can_view_area
from areas.members.selectors import area_kpis_queryset
from common.errors import Refused
from common.spreadsheets import xlsx_response
from common.views import form_page

from . import imports as kpi_import
from . import selectors as kpi_selectors
from . import services
from .forms import (
    KpiExceptionForm,
    KpiImportForm,
    KpiTargetForm,
    KpiValueForm,
    LocalComparatorForm,
)
from .models import KpiException
from .rendering import SectionPage, figure, kpi_sections
from .spreadsheets import kpi_workbook


def _chart(summary, area_name: str) -> dict:
    rows = summary.shown_rows
    series = [
        ("area", area_name),
        ("england", "England"),
        ("region", "Region"),
        ("neighbours", "Statistical neighbours (average)"),
        ("target", "Target"),
    ]
    return {
        "labels": [row.label for row in rows],
        "lines": [
            {
                "label": label,
                "style": name,  # dashboard-charts.js draws each series in its own way
                "data": [_number(getattr(row, name)) for row in rows],
            }
            for name, label in series
            if any(getattr(row, name) is not None for row in rows)
        ],
    }


# Each KPI's table has up to SHOWN_PERIODS rows of six figures: written here, as the
# template would, rather than tag by tag and filter by filter.
OFFICIAL_MARK = (
    '<sup class="app-footnote">[a]<span class="govuk-visually-hidden"> official figure</span></sup>'
)
NUMERIC_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def _table_rows(summary, area_name: str) -> SafeString:
    entered_mark = (
        '<sup class="app-footnote">[b]<span class="govuk-visually-hidden"> entered by '
        f"{escape(area_name)}</span></sup>"
    )

    def row_html(row) -> str:
        official = OFFICIAL_MARK if row.area is not None and row.area_is_official else ""
        comparators = "".join(
            f"{NUMERIC_CELL}{figure(value)}"
            f"{entered_mark if level in row.entered_levels else ''}</td>\n            "
            for level, value in row.comparators
        )
        return (
            '<tr class="govuk-table__row">\n'
            f'            <th scope="row" class="govuk-table__header">{escape(row.label)}</th>\n'
            f"            {NUMERIC_CELL}{figure(row.area)}{official}</td>\n"
            f"            {comparators}{NUMERIC_CELL}{figure(row.target)}</td>\n"
            "          </tr>"
        )

    # Escaped above: the label and the area's name; the figures are digits.
    return mark_safe("\n".join(row_html(row) for row in summary.shown_rows))  # noqa: S308


def _peer_rows(peers) -> SafeString:
    """The neighbours' rows as the template wrote them, each with its latest inspection."""
    # Escaped as format_html_join would, at a fraction of its cost (a lazy mark per cell).
    rows = (PEER_ROW.format(*(html.escape(str(c)) for c in _peer_cells(peer))) for peer in peers)
    return mark_safe("\n".join(rows))  # noqa: S308


PEER_ROW = (
    '<tr class="govuk-table__row">\n'
    '      <th scope="row" class="govuk-table__header">{}. {}</th>\n'
    '      <td class="govuk-table__cell">{}</td>\n'
    '      <td class="govuk-table__cell">{}</td>\n'
    '      <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>\n'
    '      <td class="govuk-table__cell">{}</td>\n'
    '      <td class="govuk-table__cell govuk-table__cell--numeric">{}</td>\n'
    "    </tr>"
)


def _peer_cells(peer) -> tuple:
    inspection = peer.inspections[-1] if peer.inspections else None
    started = wsoa = weaknesses = revisit = "–"
    if inspection is None:
        weaknesses = ""  # as the template's lookup on no inspection gave
    else:
        started = date_format(inspection.started_on, "M Y")
        wsoa = "Required" if inspection.wsoa_required else "Not required"
        if inspection.significant_weaknesses is not None:
            weaknesses = str(inspection.significant_weaknesses)
        if inspection.revisit_started_on:
            progress = inspection.revisit_sufficient_progress or "–"
            revisit = f"{progress} ({date_format(inspection.revisit_started_on, 'M Y')})"
    timeliness = "–"
    if peer.timeliness is not None:
        timeliness = f"{floatformat(peer.timeliness, '-1')}% ({peer.timeliness_year})"
    return (peer.rank, peer.name, started, wsoa, weaknesses, revisit, timeliness)


def _is_local(summary) -> bool:
    return summary.kpi.is_local  # annotated by area_kpis


def _number(value):
    return float(value) if value is not None else None


@area_view(can_view_area)
def kpis(request, membership):
    area = membership.area
    summaries = kpi_selectors.area_kpis(area)
    peers = kpi_selectors.peer_context(area, kpis=[s.kpi for s in summaries])
    xlsx_url = reverse("kpis:kpis_xlsx", args=[area.slug])
    page = SectionPage(
        area_name=escape(area.name),
        editable=can_edit_kpis(membership),
        # Criterion links are built from this prefix rather than reversed one by one.
        history_url=escape(reverse("ratings:criterion", args=[area.slug, "X"])[:-2]),
        xlsx_url=escape(xlsx_url),
        exception_url=lambda code: escape(reverse("kpis:exception", args=[area.slug, code])),
    )
    sections = [(s, _table_rows(s, area.name)) for s in summaries]
    return render(
        request,
        "kpis/kpis.html",
        {
            "membership": membership,
            "area": area,
            "nav": "kpis",
            "sections": kpi_sections(sections, page),
            "xlsx_url": xlsx_url,
            "has_local_kpis": page.editable and any(map(_is_local, summaries)),
            "charts": {
                f"kpi-chart-{s.kpi.code}": _chart(s, area.name) for s in summaries if s.rows
            },
            "peers": peers,
            "peer_rows": _peer_rows(peers),
        },
    )


def kpi_form_page(request, membership, form, **page):
    """A KPI form; saving it leads back to the KPI page."""
    kpis_url = reverse("kpis:kpis", args=[membership.area.slug])
    back = ("Key performance indicators", kpis_url)
    return form_page(request, membership, form, nav="kpis", back=back, done_url=kpis_url, **page)


@area_view(can_edit_kpis)
def value_create(request, membership):
    area = membership.area
    return kpi_form_page(
        request,
        membership,
        KpiValueForm(request.POST or None, area=area),
        title="Add a figure",
        save=lambda data: services.kpi_value_save(area=area, by=request.user, **data),
    )


@area_view(can_edit_kpis)
def target_create(request, membership):
    area = membership.area
    return kpi_form_page(
        request,
        membership,
        KpiTargetForm(request.POST or None, area=area),
        title="Set a target",
        save=lambda data: services.kpi_target_save(area=area, by=request.user, **data),
    )


@area_view(can_edit_kpis)
def comparator_create(request, membership):
    area = membership.area
    return kpi_form_page(
        request,
        membership,
        LocalComparatorForm(request.POST or None, area=area),
        title="Add a comparator for a local indicator",
        save=lambda data: services.local_comparator_save(area=area, by=request.user, **data),
    )


@area_view(can_edit_kpis)
def exception_commentary(request, membership, code):
    area = membership.area
    summary = next((s for s in kpi_selectors.area_kpis(area) if s.kpi.code == code), None)
    if summary is None or not summary.is_exception or summary.latest is None:
        raise Http404("That indicator is not an exception.")
    period = summary.latest.period
    existing = KpiException.objects.for_area(area).filter(kpi=summary.kpi, period=period).first()
    return kpi_form_page(
        request,
        membership,
        KpiExceptionForm(request.POST or None, instance=existing),
        title=f"Commentary: {summary.kpi.name}, {summary.latest.label}",
        save=lambda data: services.kpi_exception_save(
            area=area, by=request.user, kpi=summary.kpi, period=period, **data
        ),
    )


@area_view(can_edit_kpis)
def import_figures(request, membership):
    """Upload, preview, confirm: nothing is saved until the preview is confirmed, and
    confirming checks the text again before writing all of it or none of it."""
    area = membership.area
    form = KpiImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    plan = None
    if request.method == "POST" and form.is_valid():
        plan = kpi_import.plan_import(area, form.text())
        if not plan.errors and request.POST.get("confirm"):
            try:
                changed = kpi_import.apply_import(area=area, plan=plan, by=request.user)
            except Refused as refusal:
                plan.errors.append(str(refusal))
            else:
                messages.success(request, f"Import complete: {changed:,} figures added or revised.")
                return redirect("kpis:kpis", area=area.slug)
        for error in plan.shown_errors():
            form.add_error("file", error)  # the visible field: the next step is a new upload
    return render(
        request,
        "kpis/kpi_import.html",
        {
            "membership": membership,
            "area": area,
            "nav": "kpis",
            "form": form,
            "plan": plan,
            "shown_rows": plan.shown_rows() if plan and not plan.errors else [],
            "kpis": area_kpis_queryset(area).order_by("order"),
            "title": "Import KPI figures",
            "back": ("Key performance indicators", reverse("kpis:kpis", args=[area.slug])),
        },
    )


@area_view(can_edit_kpis)
def import_template_csv(request, membership):
    """A CSV file to fill in: the columns, and a line for each of the area's indicators."""
    response = HttpResponse(
        kpi_import.template_csv(membership.area), content_type="text/csv; charset=utf-8"
    )
    name = f"{membership.area.slug}-kpi-figures-template.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@area_view(can_view_area)
def kpis_xlsx(request, membership):
    """Every indicator's figures beside its target and comparators, as Excel."""
    area, today = membership.area, dt.date.today()
    return xlsx_response(kpi_workbook(area, today), f"{area.slug}-indicators-{today:%Y-%m-%d}.xlsx")
