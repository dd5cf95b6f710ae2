"""The tracker's rows, built in Python: the page has up to 44 × 12 cells and rendering
each through the template engine (and a {% url %}, a filter and an include for each
criterion) was most of the page's time. Every text is escaped as the engine would."""

from collections.abc import Callable
from urllib.parse import quote

from django import template
from django.template.defaultfilters import truncatewords
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

NOT_RATED = (
    '<td class="govuk-table__cell app-tracker__cell"><span class="app-level-none">–'
    '<span class="govuk-visually-hidden"> not rated</span></span></td>'
)
# common/provisional.html, for wording not yet checked against the handbook.
PROVISIONAL = (
    ' <strong class="govuk-tag govuk-tag--yellow app-provisional">Provisional'
    '<span class="govuk-visually-hidden"> wording</span></strong>'
)
# What reverse() leaves unquoted in a URL (RFC 3986's pchar, as django.urls quotes it).
URL_SAFE = "!$&'()*+,;=/~:@"
# Stands for the criterion's code in a reversed URL (the code is its last part).
PLACEHOLDER = "9876543210"


@register.simple_tag(takes_context=True)
def tracker_criterion(context, row, area) -> SafeString:
    """The row's header: the criterion's label linking to its history, its words cut
    to 16, and the provisional tag if its wording is."""
    criterion = row.criterion
    history_url = context.render_context.get("tracker_history_url")
    if history_url is None:
        history_url = context.render_context["tracker_history_url"] = url_with_last(
            "ratings:criterion", area.slug
        )
    return mark_safe(
        '<th scope="row" class="govuk-table__header app-tracker__criterion">\n'
        f'        <a class="govuk-link" href="{history_url(criterion.code)}">'
        f'<span class="app-code">{escape(criterion.label)}</span></a>\n'
        f'        <span class="app-tracker__text">{escape(truncatewords(criterion.text, 16))}'
        f"</span>{'' if criterion.confirmed else PROVISIONAL}\n\n"  # the include's newline too
        "      </th>"
    )


def url_with_last(name: str, *args) -> Callable[[str], str]:
    """reverse() once with a placeholder for the last argument: the function returned
    gives, for a value, the URL reverse() would give for it, escaped for HTML."""
    before, after = (
        escape(part) for part in reverse(name, args=[*args, PLACEHOLDER]).rsplit(PLACEHOLDER, 1)
    )
    return lambda value: before + escape(quote(str(value), safe=URL_SAFE)) + after


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
