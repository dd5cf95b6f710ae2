"""The self-evaluation page's lists of points, written as HTML in Python: an include per
point, with a reverse() per link, was most of the page's time. Every text is escaped
here as the template engine would (tests/test_self_evaluation_rendering.py compares the
two with hostile texts)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape  # what django.utils.html.escape does, without its lazy wrapper

from django.template.defaultfilters import truncatewords, urlize
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from common.links import url_with_last

from .models import SelfEvaluationPoint as Point
from .selectors import Named, Section


@dataclass(frozen=True)
class PointLinks:
    """Where a page's points link to, each URL reversed once a page (escaped)."""

    criterion: Callable[[object], str]
    kpi: Callable[[str], str]
    edit: Callable[[object], str]
    withdraw: Callable[[object], str]
    create: str

    @classmethod
    def for_area(cls, slug: str) -> PointLinks:
        return cls(
            criterion=url_with_last("ratings:criterion", slug),
            kpi=to_kpi(escape(reverse("kpis:kpis", args=[slug]))),
            edit=url_with_last("self_evaluation:point_edit", slug),
            withdraw=url_with_last("self_evaluation:point_withdraw", slug),
            create=escape(reverse("self_evaluation:point_create", args=[slug])),
        )


@dataclass(frozen=True)
class PointList:
    """What one list of a section is drawn with, the same for every point on the page."""

    links: PointLinks
    editable: bool  # the version is a draft and the reader may edit it
    delivered_by_key: dict  # point key: the actions that deliver it
    # Criteria and KPIs recur from point to point: each link written once a page.
    written: dict = field(default_factory=dict)


def points_list(section: Section, kind: str, shown: PointList) -> SafeString:
    """A section's strengths or areas to develop, and the link to add one when editable."""
    points = section.strengths if kind == Point.Kind.STRENGTH else section.to_develop
    if points:
        items = "".join(point_item(p, section, shown) for p in points)
        html = f'<ul class="govuk-list app-points">{items}\n</ul>'
    else:
        html = '<p class="govuk-body-s">None yet.</p>'
    if shown.editable:
        html += add_link(section, kind, shown.links)
    return mark_safe(html)


def point_item(point: Point, section: Section, shown: PointList) -> str:
    label = escape(point.label)
    parts = [
        f'\n<li class="app-move" id="point-{point.pk}">',
        '<p class="govuk-body govuk-!-margin-bottom-1">'
        f"<strong>{label}</strong> – {escape(point.explanation)}</p>",
    ]
    links = shown.links
    criteria = section.criteria.get(point.pk)
    if criteria:
        parts.append(small("Criteria: ", named_links(criteria, links.criterion, shown), ", "))
    kpis = section.kpis.get(point.pk)
    if kpis:
        parts.append(small("KPIs: ", named_links(kpis, links.kpi, shown), ", "))
    actions = shown.delivered_by_key.get(point.key)
    if actions:
        parts.append(small("Actions: ", action_links(actions), "; "))
    if point.evidence:
        parts.append(small("Evidence: ", [evidence(point.evidence)], ""))
    if shown.editable:
        parts.append(edit_links(point.pk, label, links))
    parts.append("</li>")
    return "\n".join(parts)


def evidence(text: str) -> str:
    """As the urlize filter writes it; urlize looks for links only in words holding one
    of these characters, and is slow even when it finds none."""
    if "." in text or "@" in text or ":" in text:
        return urlize(text, autoescape=True)
    return escape(text)


def small(lead: str, items: Iterable[str], separator: str) -> str:
    return f'<p class="govuk-body-s govuk-!-margin-bottom-1">{lead}{separator.join(items)}</p>'


def link(href: str, text: str) -> str:
    """An <a>; both arguments already escaped."""
    return f'<a class="govuk-link" href="{href}">{text}</a>'


def to_kpi(kpis_url: str) -> Callable[[str], str]:
    # As the template wrote it: the code after the '#' escaped, not quoted.
    return lambda code: f"{kpis_url}#{escape(code)}"


def named_links(named: list[Named], url: Callable[[str], str], shown: PointList) -> list[str]:
    written = shown.written
    found = []
    for item in named:
        key = (url, item)
        if key not in written:
            written[key] = link(url(item.code), escape(item.name))
        found.append(written[key])
    return found


def action_links(actions) -> list[str]:
    return [
        link(escape(a.get_absolute_url()), escape(truncatewords(a.description, 8))) for a in actions
    ]


def edit_links(pk: int, label: str, links: PointLinks) -> str:
    hidden = f'<span class="govuk-visually-hidden"> “{label}”</span>'
    edit = link(links.edit(pk), f"Edit{hidden}")
    withdraw = link(links.withdraw(pk), f"Withdraw{hidden}")
    return f'<p class="govuk-body-s">{edit}\n  · {withdraw}</p>'


def add_link(section: Section, kind: str, links: PointLinks) -> str:
    question = section.judgement_area
    name = escape(question.label or question.code)
    href = f"{links.create}?question={question.pk}&amp;kind={escape(kind)}"
    hidden = f" to “{escape(Point.Kind(kind).label)}” for {name}"
    text = f'Add a point<span class="govuk-visually-hidden">{hidden}</span>'
    return f'\n<p class="govuk-body-s">{link(href, text)}</p>'
