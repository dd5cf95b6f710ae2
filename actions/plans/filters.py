import django_filters
from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from actions.models import Action, Partner
from common.filters import GovukFilterSet
from frameworks.models import Criterion


class QuickSelect(forms.Select):
    """A <select> written in Python: the HTML Django's own templates write (select.html,
    select_option.html, attrs.html), without a template include for every option (a
    filter row's criteria and workstreams are some 70 options)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(name)}"{attributes(widget["attrs"])}>']
        for group_name, group_choices, _ in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            # select_option.html ends with a newline, which each option keeps
            parts.extend(f"\n  {option_html(option)}\n" for option in group_choices)
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


def option_html(option: dict) -> str:
    value = conditional_escape(str(option["value"]))
    label = conditional_escape(option["label"])
    return f'<option value="{value}"{attributes(option["attrs"])}>{label}</option>'


def attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html: False leaves a name out, True writes it bare."""
    return "".join(
        f" {conditional_escape(name)}"
        + ("" if value is True else f'="{conditional_escape(str(value))}"')
        for name, value in attrs.items()
        if value is not False
    )


class ActionFilter(GovukFilterSet):
    """Filters for a plan's actions table; choices come from that plan and area."""

    # Choices from the plan's workstreams, which the page has already fetched.
    workstream = django_filters.ChoiceFilter(empty_label="Any workstream", widget=QuickSelect)
    status = django_filters.ChoiceFilter(
        choices=Action.Status.choices, empty_label="Any status", widget=QuickSelect
    )
    partner = django_filters.ChoiceFilter(
        choices=Partner.choices, empty_label="Any partner", widget=QuickSelect
    )
    owner = django_filters.CharFilter(lookup_expr="icontains", label="Owner contains")
    overdue = django_filters.ChoiceFilter(
        choices=[("yes", "Overdue"), ("no", "Not overdue")],
        empty_label="Any",
        method="filter_overdue",
        label="Overdue",
        widget=QuickSelect,
    )
    criterion = django_filters.ModelChoiceFilter(
        field_name="criteria",
        queryset=None,
        empty_label="Any criterion",
        label="Linked criterion",
        widget=QuickSelect,
    )

    class Meta:
        model = Action
        fields = ["workstream", "status", "partner", "owner", "overdue", "criterion"]

    def __init__(self, *args, plan, workstreams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workstreams is None:
            workstreams = plan.workstreams.order_by("code")
        self.filters["workstream"].extra["choices"] = [(w.pk, str(w)) for w in workstreams]
        self.filters["criterion"].queryset = Criterion.objects.filter(
            framework_id=plan.area.framework_id
        ).order_by("order")

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=(value == "yes"))
