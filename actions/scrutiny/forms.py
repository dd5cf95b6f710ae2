"""Forms for scrutiny reviews, recommendations (several at once), responses and updates."""

from crispy_forms_gds.helper import FormHelper
from django import forms

from actions.models import Action, Recommendation, RecommendationUpdate, Response, ScrutinyReview
from areas.members.selectors import area_framework_ids
from common.forms import GovukModelForm, ModelMultipleChoiceField, date_field
from frameworks.forms import criteria_choices

MAX_RECOMMENDATIONS = 30  # added at once


class ReviewForm(GovukModelForm):
    started_on = date_field("Date the review started", required=False)
    reported_on = date_field("Date reported to cabinet", required=False)
    cabinet_decision_on = date_field("Date of the cabinet decision", required=False)
    # A TextInput typed as url: crispy-forms-gds styles (and marks in error) only the
    # widgets it knows, and URLInput is not one of them.
    report_url = forms.URLField(
        label="Report (web address)",
        required=False,
        assume_scheme="https",
        widget=forms.TextInput(attrs={"input_type": "url", "spellcheck": "false"}),
    )

    class Meta:
        model = ScrutinyReview
        fields = [
            "panel",
            "title",
            "scope",
            "started_on",
            "reported_on",
            "cabinet_decision_on",
            "report_url",
            "status",
        ]
        widgets = {"status": forms.RadioSelect, "scope": forms.Textarea(attrs={"rows": 3})}


class RecommendationForm(GovukModelForm):
    class Meta:
        model = Recommendation
        fields = ["number", "theme", "text", "criteria", "actions"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, review, links: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review
        if not links:  # adding several at once: link criteria and actions one by one later
            del self.fields["criteria"], self.fields["actions"]
            return
        self.fields["criteria"] = criteria_choices(area_framework_ids(review.area))
        self.fields["actions"] = ModelMultipleChoiceField(
            queryset=Action.objects.filter(workstream__plan__area=review.area).order_by(
                "description"
            ),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label="Improvement-plan actions that deliver it",
            error_messages={"invalid_choice": "Choose actions from this area's plans"},
        )

    def clean_number(self):
        number = self.cleaned_data["number"]
        taken = Recommendation.objects.filter(review=self.review, number=number)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"This review already has a recommendation {number}")
        return number


class BaseRecommendationFormSet(forms.BaseFormSet):
    """Several new recommendations at once; blank rows are ignored."""

    default_error_messages = {"too_many_forms": "Add at most %(num)d recommendations at a time"}

    def __init__(self, *args, review, **kwargs):
        self.review = review
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def get_form_kwargs(self, index):
        return {"review": self.review, "links": False}

    def clean(self):
        if any(self.errors):
            return
        numbers = [
            f.cleaned_data["number"] for f in self.forms if f.has_changed() and f.cleaned_data
        ]
        duplicates = sorted({n for n in numbers if numbers.count(n) > 1})
        if duplicates:
            raise forms.ValidationError(
                f"Each recommendation needs its own number: {', '.join(map(str, duplicates))} "
                "is used more than once"
            )
        if not numbers:
            raise forms.ValidationError("Enter at least one recommendation")

    def filled(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.has_changed() and f.cleaned_data]


def recommendation_formset(data=None, *, review, rows: int = 3):
    # absolute_max: a post claiming more rows builds no more forms than that, and is refused.
    FormSet = forms.formset_factory(
        RecommendationForm,
        formset=BaseRecommendationFormSet,
        extra=rows,
        max_num=MAX_RECOMMENDATIONS,
        absolute_max=MAX_RECOMMENDATIONS,
    )
    return FormSet(data, review=review, prefix="recommendations")  # type: ignore[call-arg]  # our BaseRecommendationFormSet takes it


class ResponseForm(GovukModelForm):
    target_date = date_field("Target date", required=False)
    decision_date = date_field("Decision date", required=False)

    class Meta:
        model = Response
        fields = [
            "decision",
            "text",
            "implementation",
            "responsible",
            "timescale",
            "target_date",
            "decision_date",
        ]
        widgets = {
            "decision": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4}),
            "implementation": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self):
        data = super().clean() or {}
        target, decided = data.get("target_date"), data.get("decision_date")
        if target and decided and target < decided:
            self.add_error("target_date", "The target date must be on or after the decision date")
        return data


class RecommendationUpdateForm(GovukModelForm):
    submit_label = "Record progress"
    date = date_field("Date of the meeting or update", past_only=True)

    class Meta:
        model = RecommendationUpdate
        fields = ["date", "meeting", "text", "assessment"]
        widgets = {"assessment": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment"].error_messages["invalid_choice"] = (
            "Choose an assessment from the list"
        )


class RecommendationUpdateCorrectionForm(RecommendationUpdateForm):
    submit_label = "Save the correction"
