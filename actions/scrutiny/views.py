"""Scrutiny reviews: the panel's recommendations, the cabinet's responses and progress.

Scrutiny officers and leads write; officers may record progress on recommendations
delivered through their actions; everyone else in the area reads."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from actions.models import Recommendation, RecommendationUpdate, ScrutinyReview
from actions.scrutiny import selectors, services
from actions.scrutiny.documents import action_plan_context
from actions.scrutiny.forms import (
    RecommendationForm,
    RecommendationUpdateCorrectionForm,
    RecommendationUpdateForm,
    ResponseForm,
    ReviewForm,
    recommendation_formset,
)
from actions.scrutiny.spreadsheets import scrutiny_workbook
from actions.scrutiny.tables import RecommendationFilter, RecommendationTable
from areas.members.access import area_view
from areas.members.permissions import (
    can_edit_scrutiny,
    can_record_recommendation_progress,
    can_view_area,
)
from common.errors import Refused
from common.spreadsheets import table_download, xlsx_response
from common.views import form_page
from common.withdrawal import split_withdrawn, withdraw_page
from common.word import docx_response, paper


def _review_or_404(membership, pk) -> ScrutinyReview:
    reviews = ScrutinyReview.objects.for_area(membership.area)
    return get_object_or_404(reviews.select_related("area"), pk=pk)


def _recommendation_or_404(membership, review_pk, pk) -> Recommendation:
    try:
        return selectors.recommendation_in_review(membership.area, review_pk, pk)
    except Recommendation.DoesNotExist as missing:
        raise Http404("No such recommendation in this review.") from missing


def _context(membership, **extra) -> dict:
    return {"membership": membership, "area": membership.area, "nav": "scrutiny", **extra}


@area_view(can_view_area)
def tracker(request, membership):
    area = membership.area
    reviews = selectors.area_reviews(area)
    recommendations = selectors.tracker_recommendations(area)
    filtered = RecommendationFilter(
        request.GET or None, queryset=recommendations, area=area, reviews=reviews
    )
    rows = selectors.with_reviews(filtered.qs, reviews)
    table = RecommendationTable(rows)
    RequestConfig(request, paginate=False).configure(table)
    if download := table_download(request, table, f"{area.slug}-recommendations.csv"):
        return download
    return render(
        request,
        "scrutiny/scrutiny_tracker.html",
        _context(
            membership,
            reviews=reviews,
            table=table,
            filter=filtered,
            counts=selectors.assessment_counts(rows),
        ),
    )


@area_view(can_view_area)
def review(request, membership, pk):
    try:
        item, groups, timeline, recommendations = selectors.review_with_recommendations(
            membership.area, pk
        )
    except ScrutinyReview.DoesNotExist as missing:
        raise Http404("No such review in this area.") from missing
    standing, withdrawn = split_withdrawn(timeline)
    return render(
        request,
        "scrutiny/review.html",
        _context(
            membership,
            review=item,
            groups=groups,
            timeline=standing,
            withdrawn=withdrawn,
            counts=selectors.assessment_counts(recommendations),
            ready_to_close=selectors.ready_to_close(item, recommendations),
        ),
    )


@area_view(can_edit_scrutiny)
@require_POST
def review_close(request, membership, pk):
    item = _review_or_404(membership, pk)
    try:
        services.review_close(review=item, by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{item.title}: closed.")
    return redirect(item)


@area_view(can_edit_scrutiny)
def review_create(request, membership):
    area = membership.area
    return form_page(
        request,
        membership,
        ReviewForm(request.POST or None),
        title="New scrutiny review",
        save=lambda data: services.review_save(area=area, by=request.user, **data),
        nav="scrutiny",
        back=("Scrutiny", reverse("scrutiny:tracker", args=[area.slug])),
    )


@area_view(can_edit_scrutiny)
def review_edit(request, membership, pk):
    item = _review_or_404(membership, pk)
    return form_page(
        request,
        membership,
        ReviewForm(request.POST or None, instance=item),
        title=f"Edit {item.title}",
        save=lambda data: services.review_save(
            area=membership.area, review=item, by=request.user, **data
        ),
        nav="scrutiny",
        back=(item.title, item.get_absolute_url()),
    )


@area_view(can_edit_scrutiny)
def recommendations_add(request, membership, pk):
    item = _review_or_404(membership, pk)
    formset = recommendation_formset(request.POST or None, review=item)
    if request.method == "POST" and formset.is_valid():
        try:
            added = services.recommendations_add(
                review=item, rows=formset.filled(), by=request.user
            )
        except Refused as refusal:
            formset.non_form_errors().append(str(refusal))
        else:
            messages.success(request, f"{len(added)} recommendations added.")
            return redirect(item)
    return render(
        request,
        "scrutiny/recommendations_add.html",
        _context(
            membership,
            review=item,
            formset=formset,
            form=formset,  # for the error summary
            title="Add recommendations",
            caption=item.title,
            back=(item.title, item.get_absolute_url()),
        ),
    )


@area_view(can_edit_scrutiny)
def recommendation_edit(request, membership, pk, recommendation):
    item = _recommendation_or_404(membership, pk, recommendation)
    return form_page(
        request,
        membership,
        RecommendationForm(request.POST or None, instance=item, review=item.review),
        title=f"Edit recommendation {item.number}",
        caption=item.review.title,
        save=lambda data: services.recommendation_save(
            review=item.review, recommendation=item, by=request.user, **data
        ),
        nav="scrutiny",
        back=(item.review.title, item.review.get_absolute_url()),
    )


@area_view(can_edit_scrutiny)
def response_edit(request, membership, pk, recommendation):
    item = _recommendation_or_404(membership, pk, recommendation)
    existing = getattr(item, "response", None)
    return form_page(
        request,
        membership,
        ResponseForm(request.POST or None, instance=existing),
        title=f"Cabinet response to recommendation {item.number}",
        caption=item.review.title,
        save=lambda data: (
            services.response_save(recommendation=item, by=request.user, **data).recommendation
        ),
        nav="scrutiny",
        back=(item.review.title, item.review.get_absolute_url()),
    )


def _progress_recorder_or_403(membership, pk, recommendation) -> Recommendation:
    """The recommendation, if this role may record (and correct) progress on it."""
    item = _recommendation_or_404(membership, pk, recommendation)
    if not can_record_recommendation_progress(membership, item):
        raise PermissionDenied("Your role cannot record progress on this recommendation.")
    return item


@area_view(can_view_area)
def update_add(request, membership, pk, recommendation):
    item = _progress_recorder_or_403(membership, pk, recommendation)
    if not item.takes_progress:
        messages.error(request, services.NOT_ACCEPTED.format(number=item.number))
        return redirect(item)
    return form_page(
        request,
        membership,
        RecommendationUpdateForm(request.POST or None),
        title=f"Progress on recommendation {item.number}",
        caption=item.review.title,
        save=lambda data: (
            services.recommendation_update_add(
                recommendation=item, by=request.user, **data
            ).recommendation
        ),
        nav="scrutiny",
        back=(item.review.title, item.review.get_absolute_url()),
    )


def _update_or_404(membership, pk, recommendation, update):
    item = _progress_recorder_or_403(membership, pk, recommendation)
    updates = item.updates.select_related("recorded_by", "withdrawn_by")
    return item, get_object_or_404(updates, pk=update)


def update_name(update: RecommendationUpdate) -> str:
    return f"the progress of {date_format(update.date, 'j F Y')}"


@area_view(can_view_area)
def update_edit(request, membership, pk, recommendation, update):
    item, found = _update_or_404(membership, pk, recommendation, update)
    return form_page(
        request,
        membership,
        RecommendationUpdateCorrectionForm(request.POST or None, instance=found),
        title=f"Correct {update_name(found)} on recommendation {item.number}",
        caption=item.review.title,
        save=lambda data: (
            services.recommendation_update_correct(
                update=found, by=request.user, **data
            ).recommendation
        ),
        nav="scrutiny",
        back=(item.review.title, item.review.get_absolute_url()),
    )


@area_view(can_view_area)
def update_withdraw(request, membership, pk, recommendation, update):
    item, found = _update_or_404(membership, pk, recommendation, update)
    return withdraw_page(
        request,
        membership,
        found,
        what=f"{update_name(found)} on recommendation {item.number}",
        caption=item.review.title,
        withdraw=lambda reason: services.recommendation_update_withdraw(
            update=found, by=request.user, reason=reason
        ),
        back=(item.review.title, item.review.get_absolute_url()),
        nav="scrutiny",
        entry="scrutiny/_update.html",
    )


@area_view(can_view_area)
def review_docx(request, membership, pk):
    """The review's action plan as a Word paper."""
    try:
        item, groups, _, _ = selectors.review_with_recommendations(membership.area, pk)
    except ScrutinyReview.DoesNotExist as missing:
        raise Http404("No such review in this area.") from missing
    content = paper("scrutiny-action-plan.docx", action_plan_context(item, groups))
    return docx_response(content, f"{membership.area.slug}-scrutiny-action-plan-{item.pk}.docx")


@area_view(can_view_area)
def tracker_xlsx(request, membership):
    """Every recommendation of the area, with responses and assessments, as Excel."""
    area, today = membership.area, dt.date.today()
    name = f"{area.slug}-scrutiny-recommendations-{today:%Y-%m-%d}.xlsx"
    return xlsx_response(scrutiny_workbook(area, today), name)
