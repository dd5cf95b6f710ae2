"""Small helpers for GOV.UK Frontend markup."""

from django import forms, template

register = template.Library()


def field_target(bound_field) -> str:
    """The id an error-summary link must point at so that focus lands on the field.

    Radios and checkboxes are rendered one input per choice with ids ending _1, _2, …
    (as crispy-forms-gds does), so the link goes to the first one.
    """
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):  # e.g. a GOV.UK date input: day first
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id


@register.simple_tag
def error_links(form_or_formset, top_anchor: str = "main-content"):
    """(href, message) pairs for a GOV.UK error summary of a form or formset."""
    if not form_or_formset.is_bound:
        return []  # nothing sent, nothing wrong (and a month's 44 forms left unvisited)
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


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.inclusion_tag("common/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    """The area, then the page(s) above this one, from the context: `crumbs` (a list of
    (label, url)) or `back` (one pair)."""
    area = context.get("area")
    crumbs = [(area.name, area.get_absolute_url())] if area else []
    crumbs += context.get("crumbs") or ([context["back"]] if context.get("back") else [])
    return {"crumbs": crumbs}
