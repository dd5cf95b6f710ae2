import django_filters

from actions.models import Action, Partner
from common.filters import GovukFilterSet
from frameworks.models import Criterion


class ActionFilter(GovukFilterSet):
    """Filters for a plan's actions table; choices come from that plan and area."""

    workstream = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any workstream")
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Any status")
    partner = django_filters.ChoiceFilter(choices=Partner.choices, empty_label="Any partner")
    owner = django_filters.CharFilter(lookup_expr="icontains", label="Owner contains")
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue"), ("no", "Not overdue")],
        empty_label="Any",
        method="filter_overdue",
        label="Overdue",
    )
    criterion = django_filters.ModelChoiceFilter(
        field_name="criteria", queryset=None, empty_label="Any criterion", label="Linked criterion"
    )

    class Meta:
        model = Action
        fields = ["workstream", "status", "partner", "owner", "overdue", "criterion"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["workstream"].queryset = plan.workstreams.order_by("code")
        self.filters["criterion"].queryset = Criterion.objects.filter(
            framework_id=plan.area.framework_id
        ).order_by("order")

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=(value == "yes"))
