"""Inspections, improvement plans, actions and their progress, for one local area.

Every view loads the area through areas.members.access.area_view: another area's records are
a 404, and only officers and leads may write (403 for board and scrutiny)."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django_tables2 import RequestConfig

from actions.models import Action, ImprovementPlan, Inspection, ProgressUpdate
from actions.plans import selectors, services
from actions.plans.documents import plan_progress_context
from actions.plans.filters import ActionFilter
from actions.plans.forms import (
    ActionForm,
    FindingForm,
    InspectionForm,
    PlanForm,
    ProgressCorrectionForm,
    ProgressUpdateForm,
    WorkstreamForm,
)
from actions.plans.spreadsheets import plan_workbook
from actions.plans.tables import ActionTable
from areas.members.access import area_view
from areas.members.permissions import can_edit_plans, can_view_area
from common.spreadsheets import table_download, xlsx_response
from common.views import form_page
from common.withdrawal import split_withdrawn, withdraw_page
from common.word import docx_response, paper


def _plan_or_404(membership, pk) -> ImprovementPlan:
    plans = ImprovementPlan.objects.for_area(membership.area)
    return get_object_or_404(plans.select_related("area", "inspection__area"), pk=pk)


def _inspection_or_404(membership, pk) -> Inspection:
    inspections = Inspection.objects.for_area(membership.area)
    return get_object_or_404(inspections.select_related("area"), pk=pk)


# --- index ---------------------------------------------------------------------------


@area_view(can_view_area)
def plans(request, membership):
    area = membership.area
    return render(
        request,
        "plans/plans.html",
        {
            "membership": membership,
            "area": area,
            "nav": "plans",
            "plans": ImprovementPlan.objects.for_area(area).select_related("area"),
            "inspections": Inspection.objects.for_area(area).select_related("area"),
        },
    )


# --- plans ---------------------------------------------------------------------------


@area_view(can_view_area)
def plan(request, membership, pk):
    plan = _plan_or_404(membership, pk)
    streams = selectors.plan_page_workstreams(plan)
    all_actions = selectors.plan_page_actions(plan, streams)
    actions = Action.objects.filter(workstream__plan=plan).with_overdue()
    filtered = ActionFilter(request.GET or None, queryset=actions, plan=plan, workstreams=streams)
    table = ActionTable(chosen_actions(all_actions, filtered))
    RequestConfig(request, paginate=False).configure(table)
    if download := table_download(request, table, f"{plan.area.slug}-plan-{plan.pk}-actions.csv"):
        return download
    workstreams = selectors.plan_workstreams(plan, all_actions, streams)
    return render(
        request,
        "plans/plan.html",
        {
            "membership": membership,
            "area": membership.area,
            "nav": "plans",
            "plan": plan,
            "workstreams": workstreams,
            "key_indicators": [s.workstream for s in workstreams if s.workstream.key_indicators],
            "table": table,
            "filter": filtered,
            "coverage": selectors.coverage(membership.area, inspected=bool(plan.inspection_id)),
        },
    )


def chosen_actions(all_actions: list, filtered: ActionFilter) -> list:
    """The actions the filters choose, taken from those already fetched for the page:
    the filters cost one query of ids, not a second fetch of every action."""
    if not filtered.is_bound:
        return all_actions
    chosen = set(filtered.qs.values_list("pk", flat=True))
    return [action for action in all_actions if action.pk in chosen]


@area_view(can_edit_plans)
def plan_create(request, membership):
    area = membership.area
    form = PlanForm(request.POST or None, area=area)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title="New improvement plan",
        save=lambda data: services.plan_save(area=area, by=request.user, **data),
        back=("Plans and inspections", reverse("plans:plans", args=[area.slug])),
    )


@area_view(can_edit_plans)
def plan_edit(request, membership, pk):
    plan = _plan_or_404(membership, pk)
    form = PlanForm(request.POST or None, instance=plan, area=membership.area)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title=f"Edit {plan.title}",
        save=lambda data: services.plan_save(
            area=membership.area, plan=plan, by=request.user, **data
        ),
        back=(plan.title, plan.get_absolute_url()),
    )


# --- workstreams -----------------------------------------------------------------------


@area_view(can_edit_plans)
def workstream_create(request, membership, pk):
    plan = _plan_or_404(membership, pk)
    form = WorkstreamForm(request.POST or None, plan=plan)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title="New workstream",
        caption=plan.title,
        save=lambda data: services.workstream_save(plan=plan, by=request.user, **data),
        back=(plan.title, plan.get_absolute_url()),
        done_url=plan.get_absolute_url(),
    )


@area_view(can_edit_plans)
def workstream_edit(request, membership, pk, workstream):
    plan = _plan_or_404(membership, pk)
    item = get_object_or_404(plan.workstreams, pk=workstream)
    form = WorkstreamForm(request.POST or None, instance=item, plan=plan)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title=f"Edit workstream {item.code}",
        caption=plan.title,
        save=lambda data: services.workstream_save(
            plan=plan, workstream=item, by=request.user, **data
        ),
        back=(plan.title, plan.get_absolute_url()),
        done_url=plan.get_absolute_url(),
    )


# --- actions ----------------------------------------------------------------------------


@area_view(can_edit_plans)
def action_create(request, membership, pk):
    plan = _plan_or_404(membership, pk)
    form = ActionForm(request.POST or None, plan=plan)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title="New action",
        caption=plan.title,
        save=lambda data: services.action_save(plan=plan, by=request.user, **data),
        back=(plan.title, plan.get_absolute_url()),
    )


@area_view(can_edit_plans)
def action_edit(request, membership, pk, action):
    plan = _plan_or_404(membership, pk)
    item = get_object_or_404(Action.objects.filter(workstream__plan=plan), pk=action)
    form = ActionForm(request.POST or None, instance=item, plan=plan)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title="Edit action",
        caption=plan.title,
        save=lambda data: services.action_save(plan=plan, action=item, by=request.user, **data),
        back=("Back to the action", item.get_absolute_url()),
    )


@area_view(can_view_area, write_permission=can_edit_plans)
def action(request, membership, pk, action):
    plan = _plan_or_404(membership, pk)
    try:
        item = selectors.action_with_history(membership.area, action)
    except Action.DoesNotExist:
        item = None
    if item is None or item.workstream.plan_id != plan.pk:
        raise Http404("No such action in this plan.")
    form = ProgressUpdateForm(request.POST or None, initial={"status_after": item.status})
    if request.method == "POST" and form.is_valid():
        services.progress_add(action=item, by=request.user, **form.cleaned_data)
        messages.success(request, "Progress update added.")
        return redirect(item.get_absolute_url())
    updates, withdrawn = split_withdrawn(item.updates.all())
    return render(
        request,
        "plans/action.html",
        {
            "membership": membership,
            "area": membership.area,
            "nav": "plans",
            "plan": plan,
            "action": item,
            "updates": updates,
            "withdrawn": withdrawn,
            "form": form,
        },
    )


def _progress_or_404(membership, pk, action, update) -> tuple[Action, ProgressUpdate]:
    """An action of one of the area's plans, and one of its progress updates."""
    plan = _plan_or_404(membership, pk)
    item = get_object_or_404(
        Action.objects.filter(workstream__plan=plan).select_related("workstream__plan__area"),
        pk=action,
    )
    found = get_object_or_404(item.updates.select_related("recorded_by", "withdrawn_by"), pk=update)
    return item, found


def progress_name(update: ProgressUpdate) -> str:
    return f"the progress update of {date_format(update.date, 'j F Y')}"


@area_view(can_edit_plans)
def progress_edit(request, membership, pk, action, update):
    item, found = _progress_or_404(membership, pk, action, update)
    return form_page(
        request,
        membership,
        ProgressCorrectionForm(request.POST or None, instance=found),
        nav="plans",
        title=f"Correct {progress_name(found)}",
        caption=item.description[:80],
        save=lambda data: services.progress_correct(update=found, by=request.user, **data),
        back=("Back to the action", item.get_absolute_url()),
        done_url=item.get_absolute_url(),
    )


@area_view(can_edit_plans)
def progress_withdraw(request, membership, pk, action, update):
    item, found = _progress_or_404(membership, pk, action, update)
    return withdraw_page(
        request,
        membership,
        found,
        what=progress_name(found),
        caption=item.description[:80],
        withdraw=lambda reason: services.progress_withdraw(
            update=found, by=request.user, reason=reason
        ),
        back=("Back to the action", item.get_absolute_url()),
        nav="plans",
        entry="plans/_progress_update.html",
    )


# --- inspections and findings ------------------------------------------------------------


@area_view(can_view_area)
def inspection(request, membership, pk):
    try:
        item = selectors.inspection_with_findings(membership.area, pk)
    except Inspection.DoesNotExist as missing:
        raise Http404("No such inspection in this area.") from missing
    findings, withdrawn = split_withdrawn(item.findings.all())
    criteria_ids = {c.pk for finding in findings for c in finding.criteria.all()}
    outcome, follow_ups = selectors.outcome_found(item)
    return render(
        request,
        "plans/inspection.html",
        {
            "outcome": outcome,
            "follow_ups": follow_ups,
            "membership": membership,
            "area": membership.area,
            "nav": "plans",
            "inspection": item,
            "weaknesses": [f for f in findings if f.is_weakness],
            "strengths": [f for f in findings if not f.is_weakness],
            "withdrawn": withdrawn,
            "levels": selectors.latest_levels(membership.area, criteria_ids),
        },
    )


@area_view(can_edit_plans)
def inspection_create(request, membership):
    area = membership.area
    form = InspectionForm(request.POST or None, area=area)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title="New inspection",
        save=lambda data: services.inspection_save(area=area, by=request.user, **data),
        back=("Plans and inspections", reverse("plans:plans", args=[area.slug])),
    )


@area_view(can_edit_plans)
def inspection_edit(request, membership, pk):
    item = _inspection_or_404(membership, pk)
    form = InspectionForm(request.POST or None, instance=item, area=membership.area)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title="Edit inspection",
        save=lambda data: services.inspection_save(
            area=membership.area, inspection=item, by=request.user, **data
        ),
        back=(str(item), item.get_absolute_url()),
    )


@area_view(can_edit_plans)
def finding_create(request, membership, pk):
    item = _inspection_or_404(membership, pk)
    form = FindingForm(request.POST or None, inspection=item)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title="New finding",
        caption=str(item),
        save=lambda data: services.finding_save(inspection=item, by=request.user, **data),
        back=(str(item), item.get_absolute_url()),
        done_url=item.get_absolute_url(),
    )


@area_view(can_edit_plans)
def finding_edit(request, membership, pk, finding):
    item = _inspection_or_404(membership, pk)
    found = get_object_or_404(item.findings, pk=finding)
    form = FindingForm(request.POST or None, instance=found, inspection=item)
    return form_page(
        request,
        membership,
        form,
        nav="plans",
        title="Edit finding",
        caption=str(item),
        save=lambda data: services.finding_save(
            inspection=item, finding=found, by=request.user, **data
        ),
        back=(str(item), item.get_absolute_url()),
        done_url=item.get_absolute_url(),
    )


@area_view(can_edit_plans)
def finding_withdraw(request, membership, pk, finding):
    item = _inspection_or_404(membership, pk)
    found = get_object_or_404(item.findings.select_related("withdrawn_by"), pk=finding)
    return withdraw_page(
        request,
        membership,
        found,
        what=f"{found.get_kind_display().lower()} {found.number}",
        caption=str(item),
        withdraw=lambda reason: services.finding_withdraw(
            finding=found, by=request.user, reason=reason
        ),
        back=(str(item), item.get_absolute_url()),
        nav="plans",
        entry="plans/_finding.html",
    )


@area_view(can_view_area)
def plan_docx(request, membership, pk):
    """The plan's progress report as a Word paper."""
    plan = _plan_or_404(membership, pk)
    today = dt.date.today()
    content = paper("plan-progress.docx", plan_progress_context(plan, today))
    return docx_response(content, f"{plan.area.slug}-plan-{plan.pk}-progress-{today:%Y-%m-%d}.docx")


@area_view(can_view_area)
def plan_xlsx(request, membership, pk):
    """The plan's actions as Excel."""
    plan, today = _plan_or_404(membership, pk), dt.date.today()
    name = f"{plan.area.slug}-plan-{plan.pk}-actions-{today:%Y-%m-%d}.xlsx"
    return xlsx_response(plan_workbook(plan, today), name)
