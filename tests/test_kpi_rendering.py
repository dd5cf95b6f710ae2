"""The KPI page's sections, written in Python for speed, are what the template they
replaced wrote (the same but for white space between tags), in every branch: every text
escaped, every link the URL reverse() gives, whatever the texts hold."""

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from areas.kpis.models import KpiException, LocalComparator
from areas.kpis.rendering import SectionPage, kpi_sections
from areas.kpis.selectors import SHOWN_PERIODS, CriterionCited, KpiRow, KpiSummary
from frameworks.models import Kpi

# The page's loop over its sections before (as in kpis/kpis.html then).
BY_TEMPLATE = Template((Path(__file__).parent / "kpi_sections_before.html").read_text())

HOSTILE = '<b>"Tom & Jerry\'s"</b>'
SLUG = "x-1"


def squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def a_kpi(code: str, **fields) -> Kpi:
    return Kpi(
        code=code,
        name=f"KPI {code} {HOSTILE}",
        definition=f"Defined {HOSTILE}",
        direction=fields.pop("direction", "higher"),
        frequency=fields.pop("frequency", "annual"),
        unit=fields.pop("unit", "percent"),
        source=fields.pop("source", f"Source {HOSTILE}"),
        **fields,
    )


def rows(count: int, *, official: bool) -> list[KpiRow]:
    found = []
    for n in range(count):
        period = dt.date(2000 + n, 1, 1)
        found.append(
            KpiRow(
                period,
                f"{period.year} {HOSTILE}",
                area=Decimal("1234.56") + n,
                area_is_official=official,
                england=Decimal("50"),
                target=Decimal("-0.04") if n % 2 else None,
                entered_on=None if official else dt.date(2024, 3, 5),
            )
        )
    return found


def summaries() -> list[KpiSummary]:
    with_commentary = KpiSummary(
        kpi=a_kpi("send-eet"),
        rows=rows(3, official=False),
        rag="Red",
        quartile=4,
        areas_ranked=150,
        next_due=dt.date(2025, 1, 31),
        overdue=True,
        is_exception=True,
        commentary=KpiException(what=f"What {HOSTILE}", why=f"Why {HOSTILE}", next_steps=HOSTILE),
        criteria=[CriterionCited("A1", f"A1 {HOSTILE}"), CriterionCited("C11b", "Other")],
        entered_comparators=[
            LocalComparator(level="england", period=dt.date(2001, 1, 1), source=HOSTILE),
            LocalComparator(level="england", period=dt.date(2002, 1, 1), source=HOSTILE),
            LocalComparator(level="region", period=dt.date(2002, 1, 1), source="Other"),
        ],
    )
    no_commentary = KpiSummary(
        kpi=a_kpi("ep-waiting-list", unit="number", source="", direction="lower"),
        rows=rows(SHOWN_PERIODS + 3, official=True),
        rag="Amber",
        quartile=1,
        areas_ranked=12,
        next_due=dt.date(2026, 1, 31),
        is_exception=True,
    )
    green = KpiSummary(kpi=a_kpi("green"), rows=rows(1, official=True), rag="Green", quartile=2)
    quartile_three = KpiSummary(kpi=a_kpi("third"), rows=rows(2, official=False), quartile=3)
    for summary in (with_commentary, no_commentary, green, quartile_three):
        summary.latest = summary.rows[-1]
    empty = KpiSummary(kpi=a_kpi("empty", frequency="monthly"), rows=[])
    return [with_commentary, no_commentary, green, quartile_three, empty]


@pytest.mark.parametrize("editable", [True, False])
def test_the_sections_match_the_template_and_escape_every_text(editable):
    found = summaries()
    sections = [(s, mark_safe(f"<tr><td>{s.kpi.code}</td></tr>")) for s in found]
    area = SimpleNamespace(slug=SLUG, name=f"Area {HOSTILE}")
    history_url = reverse("ratings:criterion", args=[SLUG, "X"])[:-2]
    xlsx_url = reverse("kpis:kpis_xlsx", args=[SLUG])
    context = {
        "sections": sections,
        "area": area,
        "abilities": {"edit_kpis": editable},
        "history_url": history_url,
        "xlsx_url": xlsx_url,
    }
    page = SectionPage(
        area_name=escape(area.name),
        editable=editable,
        history_url=escape(history_url),
        xlsx_url=escape(xlsx_url),
        exception_url=lambda code: escape(reverse("kpis:exception", args=[SLUG, code])),
    )

    written = kpi_sections(sections, page)

    assert squeezed(written) == squeezed(BY_TEMPLATE.render(Context(context)))
    assert "<b>" not in written and "&lt;b&gt;" in written
    assert ("the commentary" in written) is editable
    for text in ("Warning", "No commentary", "fourth (worst)", "See all 27", "No figures yet"):
        assert text in written
