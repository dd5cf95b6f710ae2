"""Form fields that offer a framework's contents."""

from django import forms

from common.forms import ModelMultipleChoiceField

from .models import Criterion


class CriteriaField(ModelMultipleChoiceField):
    """Criteria of one or more frameworks; with several, each says whose it is."""

    framework_ids: list[int] = []

    def label_from_instance(self, obj) -> str:
        if len(self.framework_ids) > 1:
            return f"{obj.framework.year} framework, {obj}"
        return str(obj)


def criteria_choices(framework_ids: list[int]) -> forms.ModelMultipleChoiceField:
    """The criteria of `framework_ids` (an area's, current first), in that order."""
    field = CriteriaField(
        queryset=Criterion.objects.filter(framework_id__in=framework_ids)
        .select_related("framework")
        .order_by("-framework__year", "order"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Inspection criteria it addresses",
        error_messages={"invalid_choice": "Choose criteria from this area's frameworks"},
    )
    field.framework_ids = framework_ids
    return field
