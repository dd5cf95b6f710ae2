"""Small helpers for GOV.UK Frontend markup."""

from django import forms, template

register = template.Library()


def field_target(bound_field) -> str:
    """The id an error-summary link must point at so that focus lands on the field.

    Radios are rendered one input per choice with ids ending _1, _2, … (as
    crispy-forms-gds does), so the link goes to the first radio.
    """
    if isinstance(bound_field.field.widget, forms.RadioSelect):
        return f"id_{bound_field.html_name}_1"
    return bound_field.auto_id


@register.simple_tag
def error_links(form_or_formset, top_anchor: str = "main-content"):
    """(href, message) pairs for a GOV.UK error summary of a form or formset."""
    links = []
    if hasattr(form_or_formset, "forms"):
        links += [(top_anchor, error) for error in form_or_formset.non_form_errors()]
        forms_ = form_or_formset.forms
    else:
        forms_ = [form_or_formset]
    for form in forms_:
        fields = form.visible_fields()
        first = field_target(fields[0]) if fields else top_anchor
        links += [(first, error) for error in form.non_field_errors()]
        for bound_field in fields:
            links += [(field_target(bound_field), error) for error in bound_field.errors]
    return links


@register.simple_tag
def radio_id(bound_field, position: int) -> str:
    return f"id_{bound_field.html_name}_{position}"
