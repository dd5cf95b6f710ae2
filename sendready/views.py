"""Pages that compose the apps: the overview of a user's areas and each area's
readiness dashboard."""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_datetime
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django_tables2 import RequestConfig

from actions.plans import selectors as action_selectors
from actions.scrutiny import selectors as scrutiny_selectors
from areas.kpis import selectors as kpis
from areas.members.access import area_view
from areas.members.permissions import can_view_activity, can_view_area
from areas.ratings import summaries
from areas.self_evaluation import selectors as se
from common.spreadsheets import table_download
from common.tables import url_before_last
from common.templatetags.text import typed_text

from .activity import KINDS, PAGE, Filters, area_activity
from .filters import OverviewFilter
from .forms import ActivityFilterForm
from .old_citations import old_citations
from .tables import OverviewTable

# Overdue recommendations listed on the dashboard; a link leads to the rest.
OVERDUE_SHOWN = 10


@login_required
def home(request):
    """The overview of the user's areas; someone with one area goes straight to it."""
    memberships = summaries.memberships_with_latest_agreed(request.user)
    filtered = OverviewFilter(request.GET or None, queryset=memberships)
    rows_source = list(filtered.qs)
    if not request.GET and len(rows_source) == 1:
        return redirect(rows_source[0].area)
    columns, rows = summaries.overview_rows(rows_source)
    table = OverviewTable.for_columns(rows, columns)
    RequestConfig(request, paginate=False).configure(table)
    if download := table_download(request, table, "send-ready-areas.csv"):
        return download
    return render(
        request,
        "sendready/overview.html",
        {
            "table": table,
            "filter": filtered,
            "rows": rows,
            "nav": "home",
            "shows_demo": any(row["area"].is_demo for row in rows),
        },
    )


@area_view(can_view_area)
def dashboard(request, membership):
    data = summaries.area_dashboard(membership.area)
    # Criterion links are built from this prefix rather than reversed one by one.
    history_url = reverse("ratings:criterion", args=[membership.area.slug, "X"])[:-2]
    scrutiny = scrutiny_selectors.dashboard_summary(membership.area, shown=OVERDUE_SHOWN)
    return render(
        request,
        "sendready/dashboard.html",
        {
            "membership": membership,
            "area": membership.area,
            "nav": "dashboard",
            "dashboard": data,
            "actions": action_selectors.dashboard_summary(
                membership.area, latest_agreed_month=data.latest_agreed
            ),
            "scrutiny": scrutiny,
            "overdue_links": _overdue_links(scrutiny, membership.area),
            "follow_ups": action_selectors.latest_follow_ups(membership.area),
            "today": dt.date.today(),
            "self_evaluation": se.publication_status(membership.area, data.latest_agreed),
            "kpi_exceptions": kpis.open_exceptions(membership.area),
            "latest_rows": _latest_rows(data),
            "trend": _trend_tables(data),
            "persistent_months": summaries.PERSISTENT_RED_MONTHS,
            "history_url": history_url,
            "move_groups": _move_groups(data, history_url),
            "red_items": [_red_item(red, history_url) for red in data.persistent_reds],
            "charts": _chart_data(data),
        },
    )


@area_view(can_view_activity)
def activity(request, membership):
    """Every change in the area, newest first; older pages by `before`."""
    area = membership.area
    form = ActivityFilterForm(request.GET or None, area=area, kinds=KINDS)
    filters = Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = Filters(
            kind=data["kind"],
            record=data["record"] if data["kind"] else None,
            person=data["person"].pk if data["person"] else None,
            since=form.since(dt.date.today()),
            before=parse_datetime(request.GET.get("before", "")[:40]),
        )
    changes = area_activity(area, filters)
    older = request.GET.copy()
    if len(changes) == PAGE:
        older["before"] = changes[-1].when.isoformat()
    return render(
        request,
        "sendready/activity.html",
        {
            "membership": membership,
            "area": area,
            "nav": "activity",
            "form": form,
            "changes": changes,
            "older": older.urlencode() if len(changes) == PAGE else "",
        },
    )


@area_view(can_view_area)
def old_citations_page(request, membership):
    """What still cites only the criteria of a framework the area has moved on from."""
    area = membership.area
    switches = list(area.switches.select_related("from_framework", "to_framework"))
    return render(
        request,
        "sendready/old_citations.html",
        {
            "membership": membership,
            "area": area,
            "nav": "tracker",
            "switches": switches,
            "found": old_citations(area) if switches else None,
        },
    )


def _latest_rows(data: summaries.AreaDashboard) -> list:
    if data.latest_counts is None:
        return []
    counts = data.latest_counts
    return [(row.label, row) for row in counts.by_judgement_area] + [
        (counts.overall.label, counts.overall)
    ]


# The movement's and trend's rows are many (a criterion or a month each) and alike: built
# here with format_html, as the template would write them, rather than tag by tag.
PROVISIONAL = mark_safe(  # common/provisional.html
    ' <strong class="govuk-tag govuk-tag--yellow app-provisional">Provisional'
    '<span class="govuk-visually-hidden"> wording</span></strong>'
)


NUMERIC_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def _move_groups(data: summaries.AreaDashboard, history_url: str) -> list:
    """(group, [each move's <li>]) in the board paper's order."""
    if data.movement is None:
        return []
    return [
        (group, [_move_item(move, history_url) for move in group.moves])
        for group in data.movement.groups()
    ]


def _move_item(move: summaries.Move, history_url: str) -> SafeString:
    criterion = move.criterion
    return format_html(
        '<li class="app-move">\n'
        '      <p class="govuk-body govuk-!-margin-bottom-1"><a class="govuk-link'
        ' govuk-!-font-weight-bold" href="{}{}/">{}</a>\n        {}{}\n</p>\n'
        '      <p class="govuk-body govuk-!-margin-bottom-1">{}\n'
        '        <span aria-hidden="true">→</span><span class="govuk-visually-hidden"> to </span>\n'
        "        {}</p>\n      {}\n      {}\n    </li>",
        history_url,
        criterion.code,
        criterion.label,
        criterion.text,
        "" if criterion.confirmed else PROVISIONAL,
        _level_tag(move.before),
        _level_tag(move.after),
        _typed("Commentary", move.commentary, "govuk-body-s govuk-!-margin-bottom-1"),
        _typed("Next steps", move.next_steps, "govuk-body-s"),
    )


def _red_item(red: summaries.PersistentRed, history_url: str) -> SafeString:
    criterion = red.criterion
    return format_html(
        '<li><a class="govuk-link" href="{}{}/">{}</a> {}{}\n — <strong>red for {}{} agreed'
        " months</strong></li>",
        history_url,
        criterion.code,
        criterion.label,
        Truncator(criterion.text).words(20, truncate=" …"),  # truncatewords:20
        "" if criterion.confirmed else PROVISIONAL,
        "at least " if red.at_least else "",
        red.months,
    )


def _level_tag(level) -> SafeString:
    if level is None:
        return mark_safe("Not rated")
    return format_html(
        '<strong class="govuk-tag govuk-tag--{} app-level">{}</strong>', level.colour, level.label
    )


def _typed(heading: str, text: str, css_class: str) -> SafeString | str:
    if not text:
        return ""
    return format_html(
        '<div class="app-typed"><p class="govuk-body-s govuk-!-margin-bottom-1">'
        "<strong>{}:</strong></p>{}</div>",
        heading,
        typed_text(text, css_class),
    )


def _trend_tables(data: summaries.AreaDashboard) -> list[tuple]:
    """(judgement area, its trend table's body rows: a month each) for each."""
    headers = {
        month.assessment.pk: escape(date_format(month.assessment.month, "M Y"))
        + ("" if month.assessment.is_agreed else " (draft)")
        for month in data.trend
    }

    def row(assessment, counts) -> str:
        cells = "".join(f"{NUMERIC_CELL}{count}</td>" for count in counts.counts)
        return (
            '<tr class="govuk-table__row">\n'
            '            <th scope="row" class="govuk-table__header">'
            f"{headers[assessment.pk]}</th>\n            {cells}\n          </tr>"
        )

    # Escaped: the month's name; the counts are numbers.
    return [
        (ja, mark_safe("\n".join(row(*month) for month in months)))  # noqa: S308
        for ja, months in data.trend_by_judgement_area()
    ]


def _overdue_links(scrutiny, area) -> list[tuple]:
    """(recommendation, its get_absolute_url()), the review's URL reversed once."""
    reviews = url_before_last("scrutiny:review", area.slug)
    return [
        (rec, f"{reviews}{rec.review_id}/#recommendation-{rec.number}") for rec in scrutiny.overdue
    ]


def _chart_data(data: summaries.AreaDashboard) -> dict:
    """The figures the charts draw, the same as the tables beside them."""
    levels = [{"label": level.label, "colour": level.colour} for level in data.levels]
    latest = None
    if data.latest_counts:
        latest = {
            "labels": [row.label for row in data.latest_counts.by_judgement_area],
            "levels": levels,
            "series": [
                [row.counts[i] for row in data.latest_counts.by_judgement_area]
                for i in range(len(data.levels))
            ],
        }
    charts = {"latest-chart": latest}
    for index, (_, months) in enumerate(data.trend_by_judgement_area()):
        charts[f"trend-chart-{index}"] = {
            "labels": [assessment.month.strftime("%b %y") for assessment, _ in months],
            "levels": levels,
            "series": [[counts.counts[i] for _, counts in months] for i in range(len(data.levels))],
        }
    return charts
