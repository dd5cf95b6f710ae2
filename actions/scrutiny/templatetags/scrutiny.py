from django import template

from actions.scrutiny.tables import assessment_tag as render_assessment_tag

register = template.Library()


@register.filter
def assessment_tag(value):
    """The panel's assessment as a GOV.UK tag with its word ('No update yet' if none)."""
    return render_assessment_tag(value)
