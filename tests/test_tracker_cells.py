"""The tracker's cells, written as strings for speed, are what format_html would write:
every text escaped, whatever it holds."""

from types import SimpleNamespace

from django.template import Context
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from areas.ratings.selectors import TrackerMonth
from areas.ratings.templatetags.tracker import NOT_RATED, tracker_cells


def by_format_html(row) -> str:
    """The cells as the tag wrote them before (one format_html a cell)."""
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
                else mark_safe(NOT_RATED),
            )
            for month, level in row.cells
        ),
    )


def test_cells_match_format_html_and_escape_every_text():
    odd = SimpleNamespace(label='Red <b>"&', colour="red")
    amber = SimpleNamespace(label="Amber", colour="orange")
    march = TrackerMonth(url="/areas/x/months/2018-03/?a=1&b=<2>", label="Mar 18")
    april = TrackerMonth(url="/areas/x/months/2018-04/", label="Apr 18")
    rows = [
        SimpleNamespace(
            criterion=SimpleNamespace(code='A<1>&"'),
            cells=[(march, odd), (april, None), (april, amber)],
        ),
        SimpleNamespace(criterion=SimpleNamespace(code="A2"), cells=[(march, amber)]),
    ]
    context = Context()

    written = [tracker_cells(context, row) for row in rows]

    assert written == [by_format_html(row) for row in rows]
    assert "<b>" not in written[0] and "&lt;b&gt;" in written[0]
