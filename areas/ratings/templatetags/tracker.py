"""The tracker's cells, built in Python: the page has up to 44 × 12 of them and
rendering each through the template engine was most of the page's time."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NOT_RATED = mark_safe(
    '<td class="govuk-table__cell app-tracker__cell"><span class="app-level-none">–'
    '<span class="govuk-visually-hidden"> not rated</span></span></td>'
)


@register.simple_tag
def tracker_cells(row) -> SafeString:
    """One <td> per month: the level's word as a GOV.UK tag, linking to the rating."""
    code = row.criterion.code
    return format_html_join(
        "",
        "{}",
        (
            (
                format_html(
                    '<td class="govuk-table__cell app-tracker__cell"><a class="app-cell-link" '
                    'href="{}#rating-{}" aria-label="{}, {}: {}"><strong class="govuk-tag '
                    'govuk-tag--{} app-level">{}</strong></a></td>',
                    month.url,
                    code,
                    code,
                    month.label,
                    level.label,
                    level.colour,
                    level.label,
                )
                if level
                else NOT_RATED,
            )
            for month, level in row.cells
        ),
    )
