import django_filters
from django import forms


def with_govuk_classes(form: forms.Form) -> forms.Form:
    """Give a filter form's fields GOV.UK classes (select or input)."""
    for field in form.fields.values():
        css = "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
        field.widget.attrs.setdefault("class", css)
    return form


class GovukFilterSet(django_filters.FilterSet):
    """A FilterSet whose form fields carry GOV.UK classes."""

    @property
    def form(self):
        return with_govuk_classes(super().form)
