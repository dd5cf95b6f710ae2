"""The self-evaluation's lists of points, written in Python for speed, are what the
template they replaced wrote (the same but for white space between tags): every text
escaped, every link the URL reverse() gives, whatever the texts hold."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from areas.self_evaluation.rendering import PointLinks, PointList, points_list
from areas.self_evaluation.selectors import Named, Section

# The template the page included for each list before (self_evaluation/_points.html).
BY_TEMPLATE = Template((Path(__file__).parent / "self_evaluation_points_before.html").read_text())

HOSTILE = '<b>"Tom & Jerry\'s"</b>'


def squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def point(pk, *, criteria=(), kpis=(), evidence=""):
    return SimpleNamespace(
        pk=pk,
        key=f"key-{pk}",
        label=f"Label {pk} {HOSTILE}",
        explanation=f"Explained {HOSTILE}\nover two lines",
        evidence=evidence,
        criteria=SimpleNamespace(
            all=[SimpleNamespace(code=c, label=f"{c} {HOSTILE}") for c in criteria]
        ),
        kpis=SimpleNamespace(all=[SimpleNamespace(code=k, name=f"KPI {HOSTILE}") for k in kpis]),
    )


def a_section(label: str) -> Section:
    points = [
        point(
            1,
            criteria=["A1", "C11b", "A<1>&\"'%"],
            kpis=["send-eet", 'x"<y>'],
            evidence=f"See https://example.org/a?b=1&c=2 and {HOSTILE}",
        ),
        point(2, evidence="Board minutes; audit 6 <i>"),
        point(3, kpis=["k"], evidence="write to someone@example.org."),
    ]
    section = Section(SimpleNamespace(pk=7, label=label, code="A"))  # type: ignore[arg-type]
    section.strengths = points  # type: ignore[assignment]
    for p in points:
        section.criteria[p.pk] = [Named(c.code, c.label) for c in p.criteria.all]
        section.kpis[p.pk] = [Named(k.code, k.name) for k in p.kpis.all]
    return section


ACTIONS = {
    "key-1": [
        SimpleNamespace(
            get_absolute_url=lambda: "/plans/1/?a=1&b=<2>",
            description=f"one two three four five six seven eight nine {HOSTILE}",
        ),
        SimpleNamespace(get_absolute_url=lambda: "/plans/2/", description="Short"),
    ]
}


@pytest.mark.parametrize("editable", [True, False])
@pytest.mark.parametrize("kind", ["strength", "develop"])
@pytest.mark.parametrize("label", ["", f"Q1 {HOSTILE}"])
def test_points_list_matches_the_template_and_escapes_every_text(editable, kind, label):
    section = a_section(label)
    if kind == "develop":
        section.to_develop, section.strengths = section.strengths, []
    context = {
        "points": section.strengths or section.to_develop,
        "area": SimpleNamespace(slug="x-1"),
        "abilities": {"edit_self_evaluation": editable},
        "version": SimpleNamespace(is_published=False),
        "delivered_by_key": ACTIONS,
        "section": section,
        "kind": kind,
    }
    shown = PointList(links=PointLinks.for_area("x-1"), editable=editable, delivered_by_key=ACTIONS)

    written = points_list(section, kind, shown)

    assert squeezed(written) == squeezed(BY_TEMPLATE.render(Context(context)))
    assert "<b>" not in written and "&lt;b&gt;" in written
    assert 'href="https://example.org/a?b=1&amp;c=2"' in written  # urlize still links
    assert "mailto:someone@example.org" in written


@pytest.mark.parametrize("editable", [True, False])
def test_an_empty_list_says_none_yet(editable):
    section = a_section("Q2")
    section.strengths = []
    shown = PointList(links=PointLinks.for_area("x-1"), editable=editable, delivered_by_key={})
    context = {
        "points": [],
        "area": SimpleNamespace(slug="x-1"),
        "abilities": {"edit_self_evaluation": editable},
        "version": SimpleNamespace(is_published=False),
        "section": section,
        "kind": "strength",
    }

    written = points_list(section, "strength", shown)

    assert squeezed(written) == squeezed(BY_TEMPLATE.render(Context(context)))
    assert "None yet." in written
