"""Form fields that offer a framework's contents."""

from django import forms

from common.forms import ModelMultipleChoiceField

from .models import Criterion


def criteria_choices(area) -> forms.ModelMultipleChoiceField:
    return ModelMultipleChoiceField(
        queryset=Criterion.objects.filter(framework_id=area.framework_id).order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Inspection criteria it addresses",
        error_messages={"invalid_choice": "Choose criteria from this area's framework"},
    )
