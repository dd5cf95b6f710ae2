"""The tracker's rows, and a criterion's history month by month, built in Python: the
tracker has up to 44 × 12 cells and the history 24 entries, and rendering each through
the template engine (with its {% url %}, filters and includes) was most of each page's
time. Every text is escaped and filtered as the engine would (tests/test_tracker_cells.py,
tests/test_history_entries.py compare the two). One library for both: the project
registers each app's tag libraries by name in its settings."""

from django import template
from django.template.defaultfilters import linebreaksbr, truncatewords, urlize
from django.utils.dates import MONTHS
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from common.links import url_with_last
from common.templatetags.text import typed_text

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


@register.simple_tag(takes_context=True)
def tracker_rows(context, period, area, group_level: int) -> SafeString:
    """The period's rows: a judgement area's or heading's row where one starts, then
    the criterion's header and cells (a {% for %} with its {% if %}s and include per
    row was half the page's drawing)."""
    span = len(period.months) + 1
    parts = []
    for row in period.rows:
        if row.new_judgement_area:
            parts.append(judgement_area_row(row.new_judgement_area, span, group_level))
        if row.new_heading:
            parts.append(heading_row(row.new_heading, span, group_level + 1))
        parts.append(
            '    <tr class="govuk-table__row">\n      '
            f"{tracker_criterion(context, row, area)}\n      "
            f"{tracker_cells(context, row)}\n    </tr>\n"
        )
    return mark_safe("".join(parts))


def judgement_area_row(judgement_area, span: int, level: int) -> str:
    name = escape(judgement_area.label or judgement_area.code)
    return (
        '    <tr class="govuk-table__row app-tracker__group">\n'
        f'      <th scope="colgroup" colspan="{span}" class="govuk-table__header">'
        f'<h{level} class="govuk-heading-s govuk-!-margin-0">{name}. '
        f"{escape(judgement_area.title)}</h{level}>"
        f"{'' if judgement_area.confirmed else PROVISIONAL}\n</th>\n    </tr>\n"
    )


def heading_row(heading, span: int, level: int) -> str:
    return (
        '    <tr class="govuk-table__row app-tracker__heading">\n'
        f'      <th scope="colgroup" colspan="{span}" class="govuk-table__header">'
        f'<h{level} class="govuk-body govuk-!-font-weight-bold govuk-!-margin-0">'
        f"{escape(heading.title)}</h{level}></th>\n    </tr>\n"
    )


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


@register.simple_tag(takes_context=True)
def tracker_cells(context, row) -> SafeString:
    """One <td> per month: the level's word as a GOV.UK tag, linking to the rating.

    Each (month, level) cell's text around the criterion's code is escaped and joined
    once per page, not once per cell (a cell by format_html was a third of the page's
    time)."""
    parts = context.render_context.setdefault("tracker_cell_parts", {})
    code = escape(row.criterion.code)
    return mark_safe("".join(cell(month, level, code, parts) for month, level in row.cells))


def cell(month, level, code: str, parts: dict) -> str:
    if not level:
        return NOT_RATED
    key = (id(month), id(level))  # by identity: they live until the page is drawn
    if key not in parts:
        parts[key] = cell_parts(month, level)
    before, middle, after = parts[key]
    return before + code + middle + code + after


def cell_parts(month, level) -> tuple[str, str, str]:
    """A month's cell at a level, in three parts: the criterion's code goes between."""
    url, month_label = escape(month.url), escape(month.label)
    label, colour = escape(level.label), escape(level.colour)
    return (
        f'<td class="govuk-table__cell app-tracker__cell"><a class="app-cell-link" '
        f'href="{url}#rating-',
        '" aria-label="',
        f', {month_label}: {label}">'
        f'<strong class="govuk-tag govuk-tag--{colour} app-level">{label}</strong></a></td>',
    )


# --- a criterion's history ---------------------------------------------------------------

ROW = (
    '\n    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{}</dt>'
    '<dd class="govuk-summary-list__value">{}</dd></div>'
)


@register.simple_tag
def history_entries(ratings, code: str) -> SafeString:
    """Each month's `history_entry`, as the template's loop wrote them (one tag for the
    page: a tag a month cost the template's machinery each time)."""
    return mark_safe("".join(f"\n{history_entry(rating, code)}\n" for rating in ratings))  # noqa: S308 - each entry escaped


@register.simple_tag
def history_entry(rating, code: str) -> SafeString:
    """One month: its level and state, what was said, what each agreement kept (once
    the month was reopened), its reopenings and who changed it last."""
    month = rating.assessment
    draft = '<span class="govuk-body-s">(draft)</span>' if not month.is_agreed else ""
    rows = [
        ROW.format("Commentary", typed_or_dash(rating.commentary)),
        ROW.format("Next steps", typed_or_dash(rating.next_steps)),
        ROW.format("Evidence", linebreaksbr(urlize(rating.evidence or "–"), autoescape=True)),
        "\n    ",
    ]
    for kept in rating.agreed:
        if rating.reopenings:
            said = f"{level_tag(kept.level)} {typed_or_dash(kept.commentary)}"
            rows.append(ROW.format(f"As agreed {day(kept.agreement.agreed_at)}", said) + "\n    ")
    rows.append("\n    ")
    for number, reopening in enumerate(rating.reopenings, start=1):
        reason = str(linebreaksbr(reopening.reason, autoescape=True))
        if number == len(rating.reopenings) and not month.is_agreed:
            reason += " (changes since are not yet agreed)"
        rows.append(ROW.format(f"Reopened {day(reopening.reopened_at)}", reason) + "\n    ")
    who = escape((rating.updated_by.get_username() if rating.updated_by else "") or "unknown")
    at = localtime(rating.updated_at)
    changed = f"{day_month_year(at)} {at.hour:02d}:{at.minute:02d} by {who}"
    return mark_safe(
        '<div class="app-history-entry">\n'
        f'  <h3 class="govuk-heading-s"><a class="govuk-link" href="{escape(rating.url)}'
        f'#rating-{escape(code)}">{MONTHS[month.month.month]} {month.month.year:04d}</a>\n'
        f"    {level_tag(rating.level)}\n"
        f"    {draft}</h3>\n"
        '  <dl class="govuk-summary-list">'
        + "".join(rows)
        + ROW.format("Last changed", changed)
        + "\n  </dl>\n</div>"
    )


def typed_or_dash(text) -> str:
    return typed_text(text) if text else "–"


def level_tag(level) -> str:
    """common/level_tag.html, with the newline that ends the file."""
    if not level:
        return '<span class="app-level-none">Not rated</span>\n'
    return (
        f'<strong class="govuk-tag govuk-tag--{escape(level.colour)} app-level">'
        f"{escape(level.label)}</strong>\n"
    )


def day(moment) -> str:
    return day_month_year(localtime(moment))


def day_month_year(when) -> str:
    """As the date filter writes "j F Y", without its lookups (48 dates a page)."""
    return f"{when.day} {MONTHS[when.month]} {when.year:04d}"
