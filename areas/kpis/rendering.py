"""Each KPI's section of the KPI page, written as HTML in Python: the template's tags and
filters, section by section, were most of the page's rendering time. Every text is
escaped here as the template engine would (tests/test_kpi_rendering.py compares the two,
with hostile texts, in every branch)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

from .selectors import KpiSummary

TENTH = Decimal("0.1")


def figure(value: Decimal | None) -> str:
    """`value|floatformat:"-1g"|default:"–"`: whole numbers without decimals, others to
    one place (half up), thousands grouped; "–" for none. Digits only: safe as HTML."""
    if value is None:
        return "–"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    rounded = value.quantize(TENTH, ROUND_HALF_UP)
    return f"{abs(rounded) if rounded == 0 else rounded:,}"  # never "-0.0"


RAG_COLOURS = {"Green": "green", "Amber": "orange"}  # anything else is red
QUARTILES = {1: "first (best)", 2: "second", 3: "third"}  # else "fourth (worst)"
NO_FIGURES = '  <p class="govuk-body">No figures yet.</p>\n'


@dataclass(frozen=True)
class SectionPage:
    """What every section of one page shares; URLs already escaped."""

    area_name: str  # escaped
    editable: bool  # the reader may enter figures and commentaries
    history_url: str  # a criterion's page is this and its code
    xlsx_url: str
    exception_url: Callable[[str], str]  # a KPI's code: its commentary form


def date(value, format_string: str) -> str:
    """The `date` filter: empty for no date."""
    return date_format(value, format_string) if value else ""


def kpi_section(summary: KpiSummary, rows_html: str, page: SectionPage) -> str:
    """One KPI's <section>: heading, warnings, summary list, chart and table."""
    kpi = summary.kpi
    code, name = escape(kpi.code), escape(kpi.name)
    rag = ""
    if summary.rag:
        colour = RAG_COLOURS.get(summary.rag, "red")
        rag = (
            f'<strong class="govuk-tag govuk-tag--{colour}">'
            f"{escape(summary.rag)} against target</strong>"
        )
    return "".join(
        [
            f'<section class="app-kpi app-page-break" aria-labelledby="kpi-{code}" id="{code}">\n'
            f'  <h2 class="govuk-heading-m" id="kpi-{code}">{name}\n    {rag}</h2>\n',
            overdue_warning(summary),
            exception_text(summary, page),
            summary_list(summary, page),
            figures(summary, rows_html, page) if summary.rows else NO_FIGURES,
            "</section>\n",
        ]
    )


def overdue_warning(summary: KpiSummary) -> str:
    if not summary.overdue:
        return ""
    due = date(summary.next_due, "j F Y")
    return (
        '  <div class="govuk-warning-text">'
        '<span class="govuk-warning-text__icon" aria-hidden="true">!</span>\n'
        '    <strong class="govuk-warning-text__text">'
        '<span class="govuk-visually-hidden">Warning</span>'
        f"A newer figure was due by {due}.</strong></div>\n"
    )


def exception_text(summary: KpiSummary, page: SectionPage) -> str:
    if not summary.is_exception:
        return ""
    latest, commentary = summary.latest, summary.commentary
    parts = [
        '  <div class="govuk-inset-text app-exception">\n'
        '    <p class="govuk-body"><strong>Exception:</strong>'
        f" in {escape(latest.label if latest else '')}"
        " this is worse than both its target and England.</p>\n"
    ]
    if commentary:
        parts.append(
            f'    <p class="govuk-body"><strong>What:</strong> {escape(commentary.what)}</p>\n'
            f'    <p class="govuk-body"><strong>Why:</strong> {escape(commentary.why)}</p>\n'
            '    <p class="govuk-body"><strong>Next:</strong>'
            f" {escape(commentary.next_steps)}</p>\n"
        )
    else:
        parts.append('    <p class="govuk-body">No commentary from its owner yet.</p>\n')
    if page.editable:
        verb = "Update" if commentary else "Write"
        hidden = f'<span class="govuk-visually-hidden"> on {escape(summary.kpi.name)}</span>'
        parts.append(
            f'    <a class="govuk-link" href="{page.exception_url(summary.kpi.code)}">'
            f"{verb} the commentary{hidden}</a>\n"
        )
    parts.append("  </div>\n")
    return "".join(parts)


def link(href: str, text: str) -> str:
    """An <a>; both arguments already escaped."""
    return f'<a class="govuk-link" href="{href}">{text}</a>'


def list_row(key: str, value: str) -> str:
    return (
        f'    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{key}</dt>'
        f'<dd class="govuk-summary-list__value">{value}</dd></div>\n'
    )


def summary_list(summary: KpiSummary, page: SectionPage) -> str:
    kpi = summary.kpi
    measures = (
        f"{escape(kpi.definition)} {escape(kpi.get_direction_display())}. "
        f"{escape(kpi.get_frequency_display())}."
    )
    rows = [list_row("What it measures", measures)]
    latest = summary.latest
    if latest:
        rows.append(list_row("Latest figure", latest_figure(summary, page)))
        if summary.quartile:
            which = QUARTILES.get(summary.quartile, "fourth (worst)")
            rows.append(
                list_row(
                    "Among all areas",
                    f"In the {which} quartile (of {summary.areas_ranked} areas; 1st is best)",
                )
            )
    rows.append(list_row("Source", escape(kpi.source) if kpi.source else "–"))
    if summary.criteria:
        links = ", ".join(
            link(f"{page.history_url}{escape(c.code)}/", escape(c.label)) for c in summary.criteria
        )
        rows.append(list_row("Criteria", links))
    return (
        '  <dl class="govuk-summary-list govuk-summary-list--no-border">\n'
        + "".join(rows)
        + "  </dl>\n"
    )


def latest_figure(summary: KpiSummary, page: SectionPage) -> str:
    latest = summary.latest
    assert latest is not None
    percent = "%" if summary.kpi.unit == "percent" else ""
    if latest.area_is_official:
        how = "official figure"
    else:
        how = f"entered {date(latest.entered_on, 'j F Y')}"
    target = f", target {figure(latest.target)}" if latest.target is not None else ""
    return (
        f"{figure(latest.area)}{percent} for {escape(latest.label)} ({how}){target}"
        f" · next figure due by {date(summary.next_due, 'j F Y')}"
    )


def figures(summary: KpiSummary, rows_html: str, page: SectionPage) -> str:
    """The chart's place, the table of figures and its footnotes."""
    kpi = summary.kpi
    code, name, area = escape(kpi.code), escape(kpi.name), page.area_name
    percent = " (%)" if kpi.unit == "percent" else ""
    headers = "".join(
        '\n          <th scope="col" class="govuk-table__header govuk-table__header--numeric">'
        f"{column}</th>"
        for column in (area, "England", "Region", "Neighbours", "Target")
    )
    parts = [
        '  <div class="govuk-grid-row app-keep-together">\n'
        '    <div class="govuk-grid-column-full">\n'
        f'      <figure class="app-chart" data-chart="kpi-chart-{code}" data-chart-kind="line"'
        ' aria-hidden="true"></figure>\n'
        "    </div>\n"
        '    <div class="govuk-grid-column-full">\n'
        '      <div class="app-table-scroll" tabindex="0" role="region"'
        f' aria-labelledby="kpi-table-{code}">\n'
        '      <table class="govuk-table app-counts">\n'
        '        <caption class="govuk-table__caption govuk-table__caption--s"'
        f' id="kpi-table-{code}">{name}{percent}</caption>\n'
        '        <thead class="govuk-table__head"><tr class="govuk-table__row">\n'
        '          <th scope="col" class="govuk-table__header">Period</th>'
        f"{headers}\n"
        "        </tr></thead>\n"
        '        <tbody class="govuk-table__body">\n'
        f"        {rows_html}\n"
        "        </tbody>\n"
        "      </table>\n"
        "      </div>\n"
    ]
    if summary.has_official:
        parts.append(
            '      <p class="govuk-body-s app-footnotes">'
            '<sup class="app-footnote" aria-hidden="true">[a]</sup>'
            f" Official figure for {area}, as the Department for Education published it."
            f" {area}'s figures without a mark were entered by the area.</p>\n"
        )
    if summary.entered_comparators:
        parts.append(entered_sources(summary, area))
    if summary.hidden_periods:
        shown, every = len(summary.shown_rows), len(summary.rows)
        parts.append(
            f'      <p class="govuk-body-s app-no-print">The latest {shown} of {every} periods.'
            f' <a class="govuk-link" href="{page.xlsx_url}" download>See all {every}'
            f'<span class="govuk-visually-hidden"> periods of {name}</span>'
            " in the Excel workbook</a></p>\n"
        )
    parts.append("    </div>\n  </div>\n")
    return "".join(parts)


def entered_sources(summary: KpiSummary, area: str) -> str:
    items = []
    for level, first, last, source in summary.comparator_sources:
        span = date(first, "F Y") + (f" to {date(last, 'F Y')}" if last != first else "")
        items.append(f"<li>{escape(level)}, {span}: {escape(source)}</li>")
    return (
        '      <div class="govuk-body-s app-footnotes">'
        '<p class="govuk-body-s govuk-!-margin-bottom-1">'
        '<sup class="app-footnote" aria-hidden="true">[b]</sup>'
        f" Entered by {area}, from these sources:</p>\n"
        '      <ul class="govuk-list govuk-list--bullet govuk-body-s">'
        f"{''.join(items)}</ul></div>\n"
    )


def kpi_sections(sections: Iterable[tuple[KpiSummary, str]], page: SectionPage) -> SafeString:
    # Escaped above: every text from the database; figures are digits.
    return mark_safe("".join(kpi_section(s, rows, page) for s, rows in sections))  # noqa: S308
