from django import forms

from areas.members.selectors import area_framework_ids, area_kpis_queryset
from common.forms import GovukModelForm, ModelMultipleChoiceField
from frameworks.forms import criteria_choices
from frameworks.models import JudgementArea

from .models import SelfEvaluationPoint


def question_label(judgement_area) -> str:
    return f"{judgement_area.label or judgement_area.code}. {judgement_area.title}"


class PointForm(GovukModelForm):
    class Meta:
        model = SelfEvaluationPoint
        fields = ["judgement_area", "kind", "label", "explanation", "criteria", "kpis", "evidence"]
        labels = {"kind": "Which list", "judgement_area": "Inspection question"}
        widgets = {
            "kind": forms.RadioSelect,
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.fields["judgement_area"]
        assert isinstance(question, forms.ModelChoiceField)
        question.queryset = JudgementArea.objects.filter(framework_id=area.framework_id).order_by(
            "order"
        )
        question.label_from_instance = question_label  # type: ignore[method-assign,assignment]
        question.error_messages["invalid_choice"] = "Choose one of the framework's questions"
        self.fields["criteria"] = criteria_choices(area_framework_ids(area))
        self.fields["kpis"] = ModelMultipleChoiceField(
            queryset=area_kpis_queryset(area).order_by("order"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label="Key performance indicators that show it",
            error_messages={"invalid_choice": "Choose KPIs from this area's framework"},
        )
