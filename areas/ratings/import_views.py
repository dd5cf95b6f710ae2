"""Importing an existing tracker (issue 14): upload and preview, confirm, and a template.
Officers and leads only. The reading, checking and writing are in `imports`; these
views bind the upload, show the plan and hand the confirmation back to it."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from areas.members.access import area_view
from areas.members.permissions import can_import_tracker
from common.errors import Refused
from common.spreadsheets import xlsx_response

from . import imports


class UploadForm(forms.Form):
    """The spreadsheet to preview (the checks of its content are `imports.read_upload`)."""

    file = forms.FileField(label="Spreadsheet", required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError("Choose an Excel (.xlsx) or CSV file to import")
        if upload.size > imports.SIZE_LIMIT:
            raise forms.ValidationError(
                f"The file is too big: the limit is {imports.SIZE_LIMIT // 1_000_000} MB"
            )
        return upload


@area_view(can_import_tracker)
def tracker_import(request, membership):
    """Upload a file and see what it would do; nothing is saved here."""
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    plan = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheets = imports.read_upload(upload.name, upload.read(imports.SIZE_LIMIT + 1))
        except Refused as refusal:
            form.add_error("file", str(refusal))
        else:
            plan = imports.plan_sheets(membership.area, sheets)
    return import_page(request, membership, form, plan)


@area_view(can_import_tracker)
@require_POST
def tracker_import_confirm(request, membership):
    """Import what the preview showed, if nothing has changed since: read the kept
    tables again against the ratings held now and write them all, or nothing."""
    area = membership.area
    try:
        kept = imports.unkeep(request.POST.get("kept", ""), area=area, user=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("ratings:tracker_import", area.slug)
    plan = imports.plan_import(area, kept.tables)
    form = UploadForm()
    if not plan.problems:
        try:
            changed = imports.apply_import(
                area=area, plan=plan, versions=kept.versions, by=request.user
            )
        except Refused as refusal:  # a month saved since the preview: show it afresh
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"Import complete: {changed:,} ratings added or changed.")
            return redirect("ratings:tracker", area.slug)
    return import_page(request, membership, form, plan)


def import_page(request, membership, form, plan):
    """The upload form, or the preview of `plan` with its confirmation, or its problems."""
    area = membership.area
    kept = ""
    if plan is not None and plan.problems:
        count = len(plan.problems)
        refuse(
            request,
            form,
            f"The file has {count:,} problem{'' if count == 1 else 's'}, listed below. Nothing "
            "has been imported: correct the file and upload it again.",
        )
    elif plan is not None and plan.changes:
        try:
            kept = imports.keep(plan, area=area, user=request.user)
        except Refused as refusal:
            refuse(request, form, str(refusal))
    return render(
        request,
        "ratings/import.html",
        {
            "membership": membership,
            "area": area,
            "nav": "tracker",
            "form": form,
            "plan": plan,
            "kept": kept,
            "title": "Import a spreadsheet",
            "back": ("RAG tracker", reverse("ratings:tracker", args=[area.slug])),
        },
    )


def refuse(request, form, message: str) -> None:
    """Say why against the upload, or, when confirming (nothing uploaded), as a message."""
    if form.is_bound:
        form.add_error(None, message)
    else:
        messages.error(request, message)


@area_view(can_import_tracker)
def tracker_import_template(request, membership):
    """An empty tracker in the shape the import reads, for the area's framework."""
    area = membership.area
    today = dt.date.today()
    workbook = imports.template_workbook(area, today)
    return xlsx_response(workbook, f"{area.slug}-tracker-import-template.xlsx")
