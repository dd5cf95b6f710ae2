import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from areas.members.access import area_view
from areas.members.permissions import (
    can_agree_month,
    can_delete_month,
    can_edit_ratings,
    can_reopen_month,
    can_start_month,
    can_switch_framework,
    can_view_area,
)
from areas.members.selectors import framework_for_month
from areas.models import Assessment
from common.months import next_month, parse_month, this_month
from common.spreadsheets import xlsx_response
from frameworks.models import Framework
from frameworks.selectors import criteria_of

from . import selectors, services
from .forms import ReopenForm, SwitchForm, VersionForm, rating_formset_class
from .month_page import chosen_show, month_view
from .slots import criterion_page
from .spreadsheets import tracker_workbook


@area_view(can_view_area)
def tracker(request, membership):
    data = selectors.area_tracker(
        membership.area, judgement_area=request.GET.get("judgement_area", "")
    )
    return render(
        request,
        "ratings/tracker.html",
        {"membership": membership, "area": membership.area, "nav": "tracker", "tracker": data},
    )


def _assessment_or_404(request, membership, month_text):
    month = parse_month(month_text)
    if month is None:
        raise Http404("Not a month.")
    assessment = selectors.assessment_for_month(membership.area, month)
    if assessment is None:
        raise Http404("No assessment for that month.")
    return assessment


def _month_and_previous_or_404(membership, month_text):
    month = parse_month(month_text)
    if month is None:
        raise Http404("Not a month.")
    assessment, previous = selectors.month_and_previous(membership.area, month)
    if assessment is None:
        raise Http404("No assessment for that month.")
    return assessment, previous


@area_view(can_view_area, write_permission=can_edit_ratings)
def month(request, membership, month):
    assessment, previous = _month_and_previous_or_404(membership, month)
    show = request.GET.get("show", "")  # one judgement area, the changed, the worst: month_page
    criteria = criteria_of([assessment.framework_id])
    levels = selectors.framework_levels(assessment.framework_id)
    agreements, reopenings = _agreements_and_reopenings(assessment)
    shown = shown_agreement(request, agreements)
    agreed_at = shown.agreed_at if shown else assessment.agreed_at
    reworded = bool(agreed_at) and selectors.worded_as_on(criteria, agreed_at)
    FormSet = rating_formset_class(len(criteria))
    current, previous_ratings = selectors.ratings_of_months(assessment, previous, levels)
    if shown:
        current = selectors.ratings_by_criterion(assessment, as_agreed=shown)
    formset_kwargs = {
        "criteria": criteria,
        "levels": levels,
        "previous": previous_ratings,
        "current": current,
    }
    if request.method != "POST":
        formset = FormSet(**formset_kwargs)
        version_form = VersionForm(initial={"version": assessment.version})
    elif assessment.is_agreed:
        messages.error(request, f"{assessment.month:%B %Y} is agreed and read-only.")
        return redirect(assessment)
    else:
        formset = FormSet(request.POST, **formset_kwargs)
        version_form = VersionForm(request.POST)
        if len(formset.forms) != len(criteria) or not version_form.is_valid():
            return _month_form_out_of_date(request, assessment)
        if formset.is_valid():
            back = month_address(assessment, chosen_show(criteria, show))
            read = None if shown else current  # not an agreement's copies
            try:
                return _save_month(request, assessment, formset, version_form, back, read)
            except services.StaleSave as refusal:
                formset, version_form = _rebased(assessment, formset, refusal)
    page = month_view(criteria, formset.forms, levels, show=show, has_errors=formset.is_bound)
    return render(
        request,
        "ratings/month.html",
        {
            "membership": membership,
            "area": membership.area,
            "assessment": assessment,
            "previous": previous,
            "formset": formset,
            "version_form": version_form,
            "view": page,
            "levels": levels,
            "editable": can_edit_ratings(membership) and not assessment.is_agreed and not shown,
            "reopenings": reopenings,
            "agreements": agreements,
            "shown_agreement": shown,
            "reworded_since": agreed_at if reworded else None,
            "provisional": selectors.any_provisional(criteria),
            "carried_sources": selectors.carried_sources(current),
            "deletable": can_delete_month(membership) and assessment.is_untouched,
        },
    )


def _agreements_and_reopenings(assessment):
    """Read only when shown (or asked for): a save that redirects never needs them, and
    a month never agreed has none (a reopening follows an agreement)."""
    if not assessment.ever_agreed:
        return [], []  # (no querysets built: it cost a month save 0.7 ms)
    agreements = assessment.agreements.select_related("agreed_by")
    return agreements, assessment.reopenings.select_related("reopened_by")


def shown_agreement(request, agreements):
    """The earlier agreement asked for by `?agreed=<number>`, if any."""
    number = request.GET.get("agreed", "")
    if not number:
        return None
    found = next((a for a in agreements if str(a.number) == number), None)
    if found is None:
        raise Http404("No such agreement of this month.")
    return found


def _rebased(assessment, formset, refusal):
    """After a colleague's save: their values with this user's changes on top."""
    current = selectors.ratings_by_criterion(assessment)
    rebased, version_form = formset.rebased(current, version=refusal.current_version)
    rebased.non_form_errors().append(str(refusal))
    return rebased, version_form


def month_address(assessment, show: str) -> str:
    """The month page, showing what it showed (one judgement area, the changed…)."""
    url = assessment.get_absolute_url()
    return f"{url}?{urlencode({'show': show})}" if show else url


def _save_month(request, assessment, formset, version_form, back: str, read):
    """Save a valid month form and go back to the month as it was shown; a StaleSave
    propagates. `read`: the month's ratings as this request read them."""
    try:
        changed = services.month_save(
            assessment=assessment,
            entries=formset.entries(),
            loaded_version=version_form.cleaned_data["version"],
            by=request.user,
            read=read,
        )
    except services.StaleSave:
        raise  # the month page shows it again, merged with what was saved
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect(assessment)
    plural = "s" if changed != 1 else ""
    messages.success(request, f"{assessment.month:%B %Y} saved: {changed} rating{plural} changed.")
    if request.POST.get("agree") and can_agree_month(request.area_membership):
        assessment.refresh_from_db()  # the version this save made is the one agreed
        agree(request, assessment, assessment.version)
    return redirect(back)


def agree(request, assessment, version: int | None) -> None:
    """Agree the month at the version the lead saw, or say why not."""
    if version is None:
        messages.error(request, "Not agreed: the page was out of date. Check it and agree again.")
        return
    try:
        services.month_agree(assessment=assessment, by=request.user, loaded_version=version)
    except services.Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{assessment.month:%B %Y} agreed. It is now read-only.")


def _month_form_out_of_date(request, assessment):
    # Not a form a browser would send from the current page: refuse without guessing.
    messages.error(
        request,
        "Nothing was saved: the form was out of date or incomplete. "
        "Enter your changes again on this page.",
    )
    return redirect(assessment)


@dataclass(frozen=True)
class NextMonth:
    """What "Start next month" would open, and from which month, as
    `services.month_start` and `month_open` would do it."""

    month: dt.date
    latest: Assessment | None  # copied from, if on the same framework
    framework: Framework
    carried_from: Assessment | None  # on a new framework: the month levels come from
    begun: bool  # False: the month has not started yet, so it cannot be rated

    @property
    def slug(self) -> str:
        return f"{self.month:%Y-%m}"


def next_month_for(area) -> NextMonth:
    latest = area.assessments.select_related("framework").order_by("-month").first()
    month = next_month(latest.month) if latest else this_month()
    framework = Framework.objects.get(pk=framework_for_month(area, month))
    moved = latest is not None and latest.framework_id != framework.pk
    return NextMonth(
        month=month,
        latest=latest,
        framework=framework,
        carried_from=services.carried_source(latest) if moved and latest else None,
        begun=month <= this_month(),
    )


@area_view(can_start_month)
def month_start(request, membership):
    """Ask which month will be started and from which, then start it. The confirmation
    names the month it starts: sent again later (a second tab), it starts nothing."""
    area = membership.area
    upcoming = next_month_for(area)
    if request.method != "POST":
        return render(
            request,
            "ratings/month_start.html",
            {"membership": membership, "area": area, "nav": "tracker", "next": upcoming},
        )
    asked = request.POST.get("month")
    if asked is not None and asked != upcoming.slug:
        return _already_started(request, area, asked)
    try:
        assessment = services.month_start(
            area=area, by=request.user, expected=parse_month(asked) if asked else None
        )
    except services.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("ratings:tracker", area.slug)
    messages.success(request, started_message(assessment))
    return redirect(assessment)


def _already_started(request, area, asked: str):
    """A confirmation for a month that has been started since: say so, start nothing."""
    month = parse_month(asked)
    started = selectors.assessment_for_month(area, month) if month else None
    if started is None:
        messages.error(request, "Nothing was started: the page was out of date. Try again.")
        return redirect("ratings:tracker", area.slug)
    messages.error(
        request, f"{started.month:%B %Y} had already been started, so nothing new was started."
    )
    return redirect(started)


def started_message(assessment) -> str:
    carried = assessment.ratings.filter(carried_from__isnull=False).count()
    if not carried:
        return f"{assessment.month:%B %Y} started from the previous month's levels and next steps."
    return (
        f"{assessment.month:%B %Y} started against {assessment.framework}. {carried} levels "
        "were carried over from the earlier framework through the mapping, each marked "
        "for review; criteria the mapping links to nothing start unrated."
    )


@area_view(can_agree_month)
@require_POST
def month_agree(request, membership, month):
    """Agree without saving (the month page's "Save and agree" saves first)."""
    assessment = _assessment_or_404(request, membership, month)
    version_form = VersionForm(request.POST)
    agree(
        request,
        assessment,
        version_form.cleaned_data["version"] if version_form.is_valid() else None,
    )
    return redirect(assessment)


@area_view(can_reopen_month)
def month_reopen(request, membership, month):
    assessment = _assessment_or_404(request, membership, month)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.month_reopen(
                assessment=assessment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{assessment.month:%B %Y} reopened for editing.")
        return redirect(assessment)
    return render(
        request,
        "ratings/month_reopen.html",
        {"membership": membership, "area": membership.area, "assessment": assessment, "form": form},
    )


@area_view(can_delete_month)
def month_delete(request, membership, month):
    """Ask, then delete a month started by mistake (the service says which may go)."""
    assessment = _assessment_or_404(request, membership, month)
    if request.method == "POST":
        try:
            services.month_delete(assessment=assessment, by=request.user)
        except services.Refused as refusal:
            messages.error(request, str(refusal))
            return redirect(assessment)
        messages.success(request, f"{assessment.month:%B %Y} deleted.")
        return redirect("ratings:tracker", membership.area.slug)
    return render(
        request,
        "ratings/month_delete.html",
        {"membership": membership, "area": membership.area, "assessment": assessment},
    )


@area_view(can_switch_framework)
def switch(request, membership):
    """Move the area's tracker to another framework from a chosen month."""
    area = membership.area
    latest = area.assessments.order_by("-month").first()
    first_month = next_month(latest.month) if latest else this_month()
    form = SwitchForm(request.POST or None, area=area, first_month=first_month)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.framework_switch(
                area=area,
                to_framework=form.cleaned_data["framework"],
                from_month=form.cleaned_data["from_month"],
                by=request.user,
            )
        except services.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                f"From {made.from_month:%B %Y} {area.name} is rated against "
                f"{made.to_framework}. Start that month from the tracker when it comes: "
                "the mapping carries levels over for review.",
            )
            return redirect("ratings:tracker", area.slug)
    return render(
        request,
        "ratings/switch.html",
        {
            "membership": membership,
            "area": area,
            "nav": "tracker",
            "form": form,
            "title": "Switch to another framework",
            "back": ("Back to the tracker", reverse("ratings:tracker", args=[area.slug])),
            "current": area.framework,
            "latest": latest,
        },
    )


@area_view(can_view_area)
def criterion_history(request, membership, code):
    """One criterion in one area: its ratings month by month, and what other features
    hold about it (actions, self-evaluation points) through `slots.criterion_page`."""
    area = membership.area
    criterion = selectors.criterion_of_area(area, code)
    if criterion is None:
        raise Http404("No such criterion in this area's frameworks.")
    return render(
        request,
        "ratings/criterion_history.html",
        {
            "membership": membership,
            "area": area,
            "criterion": criterion,
            "provisional": selectors.any_provisional([criterion]),
            "ratings": selectors.criterion_history(area, criterion, page=request.GET.get("page")),
            "sections": criterion_page.sections(area=area, criterion=criterion),
        },
    )


@area_view(can_view_area)
def tracker_xlsx(request, membership):
    """Every month of the tracker as an Excel workbook."""
    area = membership.area
    today = dt.date.today()
    workbook = tracker_workbook(area, today)
    return xlsx_response(workbook, f"{area.slug}-rag-tracker-{today:%Y-%m-%d}.xlsx")
