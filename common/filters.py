import django_filters
from django import forms


class GovukFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields carry GOV.UK classes (select or input)."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
            field.widget.attrs.setdefault("class", css)
        return form
