"""The tracker's cells, built in Python: the page has up to 44 × 12 of them and
rendering each through the template engine was most of the page's time."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NOT_RATED = (
    '<td class="govuk-table__cell app-tracker__cell"><span class="app-level-none">–'
    '<span class="govuk-visually-hidden"> not rated</span></span></td>'
)


@register.simple_tag(takes_context=True)
def tracker_cells(context, row) -> SafeString:
    """One <td> per month: the level's word as a GOV.UK tag, linking to the rating.

    Each month's and level's text is escaped once per page, not once per cell (a cell
    by format_html was a third of the page's time)."""
    escaped = context.render_context.setdefault("tracker_escaped", {})
    code = escape(row.criterion.code)
    return mark_safe("".join(cell(month, level, code, escaped) for month, level in row.cells))


def cell(month, level, code: str, escaped: dict) -> str:
    if not level:
        return NOT_RATED
    url, month_label = once(escaped, month, lambda: (escape(month.url), escape(month.label)))
    label, colour = once(escaped, level, lambda: (escape(level.label), escape(level.colour)))
    return (
        f'<td class="govuk-table__cell app-tracker__cell"><a class="app-cell-link" '
        f'href="{url}#rating-{code}" aria-label="{code}, {month_label}: {label}">'
        f'<strong class="govuk-tag govuk-tag--{colour} app-level">{label}</strong></a></td>'
    )


def once(escaped: dict, thing, make):
    # By identity: the page's months and levels live until it is drawn.
    if id(thing) not in escaped:
        escaped[id(thing)] = make()
    return escaped[id(thing)]
