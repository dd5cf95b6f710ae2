"""Forms for inspections, findings, plans, workstreams, actions and progress updates.

Forms that link to other records take the area, so they can only offer (and only
accept) that area's weaknesses and its framework's criteria."""

from django import forms

from actions.models import Action, Finding, ImprovementPlan, Inspection, ProgressUpdate, Workstream
from areas.members.selectors import area_framework_ids
from areas.self_evaluation import selectors as self_evaluation
from common.forms import GovukModelForm, ModelMultipleChoiceField, date_field
from frameworks.forms import criteria_choices
from frameworks.models import Framework


class InspectionForm(GovukModelForm):
    started_on = date_field("Inspection start date")
    report_url = forms.URLField(
        label="Published report (web address)", required=False, assume_scheme="https"
    )
    published_on = date_field("Report publication date", required=False)

    class Meta:
        model = Inspection
        fields = [
            "framework",
            "kind",
            "started_on",
            "published_on",
            "outcome_category",
            "outcome",
            "report_url",
        ]
        widgets = {
            "framework": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"framework": "Framework the inspection was under"}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        framework = self.fields["framework"]
        assert isinstance(framework, forms.ModelChoiceField)
        framework.queryset = Framework.objects.filter(pk__in=area_framework_ids(area))
        framework.empty_label = None
        framework.required = False  # left out: the inspection keeps, or gets, the area's
        self.default_framework = self.instance.framework if self.instance.pk else area.framework
        framework.initial = self.default_framework.pk

    def clean_framework(self):
        return self.cleaned_data.get("framework") or self.default_framework


class FindingForm(GovukModelForm):
    class Meta:
        model = Finding
        fields = ["kind", "number", "text", "criteria"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, inspection, **kwargs):
        super().__init__(*args, **kwargs)
        # A finding cites the criteria of the framework its inspection was under.
        self.fields["criteria"] = criteria_choices([inspection.framework_id])


class PlanForm(GovukModelForm):
    starts_on = date_field("Start date")
    ends_on = date_field("End date", required=False)

    class Meta:
        model = ImprovementPlan
        fields = [
            "title",
            "kind",
            "inspection",
            "starts_on",
            "ends_on",
            "status",
            "governance",
            "budget",
        ]
        widgets = {"kind": forms.RadioSelect, "status": forms.RadioSelect}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        inspection = self.fields["inspection"]
        assert isinstance(inspection, forms.ModelChoiceField)
        inspection.queryset = Inspection.objects.for_area(area)
        inspection.required = False
        inspection.error_messages["invalid_choice"] = "Choose one of this area's inspections"

    def clean(self):
        data = super().clean() or {}
        if data.get("ends_on") and data.get("starts_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The end date must be on or after the start date")
        return data


class WorkstreamForm(GovukModelForm):
    class Meta:
        model = Workstream
        fields = ["code", "title", "lead_partner", "lead_officer", "key_indicators"]
        widgets = {"lead_partner": forms.RadioSelect}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        others = Workstream.objects.filter(plan=self.plan, code=code).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(f"This plan already has a workstream {code}")
        return code


class ActionForm(GovukModelForm):
    starts_on = date_field("Start date", required=False)
    due_on = date_field("Due date")

    class Meta:
        model = Action
        fields = [
            "workstream",
            "description",
            "owner",
            "partner",
            "starts_on",
            "due_on",
            "status",
            "success_measure",
            "weaknesses",
            "criteria",
        ]
        widgets = {
            "partner": forms.RadioSelect,
            "status": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
            "success_measure": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        workstream = self.fields["workstream"]
        assert isinstance(workstream, forms.ModelChoiceField)
        workstream.queryset = plan.workstreams.all()
        workstream.empty_label = "Choose a workstream"
        workstream.error_messages["invalid_choice"] = "Choose one of this plan's workstreams"
        self.fields["weaknesses"] = ModelMultipleChoiceField(
            queryset=Finding.objects.standing()
            .filter(inspection__area_id=plan.area_id, kind__in=Finding.WEAKNESSES)
            .select_related("inspection"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label="Inspection weaknesses it addresses",
            error_messages={"invalid_choice": "Choose weaknesses from this area's inspections"},
        )
        self.fields["criteria"] = criteria_choices(area_framework_ids(plan.area))
        points = self_evaluation.current_points(plan.area)
        self.fields["points"] = ModelMultipleChoiceField(
            queryset=points,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label="Self-evaluation points it delivers",
            error_messages={"invalid_choice": "Choose points from this area's self-evaluation"},
        )
        if self.instance.pk:
            keys = set(self.instance.point_links.values_list("point_key", flat=True))
            self.initial["points"] = [p for p in points if p.key in keys]
        status = self.fields["status"]
        status.error_messages["invalid_choice"] = "Choose a status from the list"

    def clean(self):
        data = super().clean() or {}
        if data.get("starts_on") and data.get("due_on") and data["due_on"] < data["starts_on"]:
            self.add_error("due_on", "The due date must be on or after the start date")
        return data


class ProgressUpdateForm(GovukModelForm):
    submit_label = "Add update"
    date = date_field("Date of the update", past_only=True)

    class Meta:
        model = ProgressUpdate
        fields = ["date", "text", "status_after"]
        labels = {"text": "What has happened", "status_after": "Status of the action now"}
        widgets = {"status_after": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_after"].error_messages["invalid_choice"] = (
            "Choose a status from the list"
        )


class ProgressCorrectionForm(ProgressUpdateForm):
    submit_label = "Save the correction"
