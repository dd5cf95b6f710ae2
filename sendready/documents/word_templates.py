"""Builds the Word templates in templates/documents/ (run it after changing this file:
`.venv/bin/python -m sendready.documents.word_templates`). The .docx files are kept in the
repository so that a council's democratic services can restyle them in Word — fonts,
logo, house style — without touching code; the {{ … }} and {%p … %} tags are docxtpl's
(Jinja) and must stay as they are.

Every template: A4, real Word headings, tables whose header row repeats on each page,
and a footer naming the paper with "Page N of M"."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FOLDER = Path(__file__).resolve().parents[2] / "templates" / "documents"


def new_document(*, landscape: bool = False):
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    return document


def footer(document, text: str) -> None:
    """`text`, then "Page N of M" from Word's own fields."""
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = f"{text} · Page "
    field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    field(paragraph, "NUMPAGES")


def field(paragraph, instruction: str) -> None:
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def table(document, headers: list[str], cells: list[str], loop: str, widths: list[int]):
    """A table with a repeating header row and one row per item of `loop` (docxtpl's
    `{%tr for … %}`): `cells` are the row's cell contents."""
    grid = document.add_table(rows=4, cols=len(headers))
    grid.style = "Table Grid"
    for index, header in enumerate(headers):
        cell = grid.rows[0].cells[index]
        cell.text = header
        cell.paragraphs[0].runs[0].bold = True
    repeat_as_header(grid.rows[0])
    grid.rows[1].cells[0].text = "{%tr for " + loop + " %}"
    for index, content in enumerate(cells):
        grid.rows[2].cells[index].text = content
    grid.rows[3].cells[0].text = "{%tr endfor %}"
    grid.autofit = False
    for index, width in enumerate(widths):  # the grid (LibreOffice) and each cell (Word)
        grid.columns[index].width = Mm(width)
        for row in grid.rows:
            row.cells[index].width = Mm(width)
    return grid


def repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def lines(document, *texts: str, style: str | None = None) -> None:
    for text in texts:
        document.add_paragraph(text, style=style)


def readiness_report() -> None:
    """A board or committee report on readiness, in the shape of a council's paper."""
    document = new_document()
    lines(document, "{{ meeting }}", style="Title")
    lines(document, "{{ meeting_date }}")
    lines(document, "{{ title }}", style="Heading 1")
    lines(document, "Report of {{ author }}", "Contact: {{ contact }}")
    document.add_heading("Purpose of the report", level=2)
    lines(document, "{{r purpose }}")
    document.add_heading("Recommendation", level=2)
    lines(document, "{{r recommendation }}")
    lines(document, "{{ demo_note }}")
    document.add_page_break()
    readiness_body(document)
    footer(document, "{{ area }}: {{ title }}, {{ meeting_date }}")
    document.save(FOLDER / "readiness-report.docx")


def readiness_body(document) -> None:
    """The report after its front sheet: key, summary, progress, the rest in brief."""
    document.add_heading("Background", level=1)
    lines(document, "{{r background }}")
    document.add_heading("The RAG key", level=1)
    table(
        document,
        ["Level", "What it means"],
        ["{{ l.label }}", "{{ l.definition }}"],
        "l in levels",
        [35, 135],
    )
    document.add_heading("Summary", level=1)
    lines(document, "{{ summary_intro }}")
    table(
        document,
        ["{{ area_word }}", "{{ month }}", "{{ previous_month }}"],
        ["{{ s.label }}", "{{ s.now }}", "{{ s.before }}"],
        "s in summary",
        [70, 50, 50],
    )
    document.add_heading("Progress by criterion", level=1)
    lines(document, "{{ progress_intro }}")
    lines(document, "{%p for group in groups %}")
    document.add_heading("{{ group.title }} ({{ group.count }})", level=2)
    lines(document, "{%p if group.note %}", "{{ group.note }}", "{%p endif %}")
    lines(document, "{%p for move in group.moves %}")
    document.add_heading("{{ move.label }} {{ move.text }}", level=3)
    lines(document, "{{ move.levels }}")
    lines(
        document, "{%p if move.commentary %}", "Commentary: {{r move.commentary }}", "{%p endif %}"
    )
    lines(
        document, "{%p if move.next_steps %}", "Next steps: {{r move.next_steps }}", "{%p endif %}"
    )
    lines(document, "{%p endfor %}", "{%p if not group.moves %}", "None.", "{%p endif %}")
    lines(document, "{%p endfor %}")
    lines(document, "{%p if cross_cutting %}")
    document.add_heading("Next steps across the criteria", level=1)
    lines(document, "{{r cross_cutting }}", "{%p endif %}")
    document.add_heading("Action plan", level=1)
    lines(document, "{{ actions.summary }}", "{{ actions.overdue }}", "{{ actions.gaps }}")
    document.add_heading("Indicators worse than target and England", level=1)
    lines(document, "{%p for kpi in kpis %}", "{{ kpi.text }}", "{%p endfor %}")
    lines(
        document,
        "{%p if not kpis %}",
        "No indicator is worse than both its target and England.",
        "{%p endif %}",
    )
    document.add_heading("Scrutiny recommendations", level=1)
    lines(document, "{{ scrutiny }}")


def self_evaluation() -> None:
    """A self-evaluation in the shape councils publish: per judgement area, what has
    improved and what can get better, point by point."""
    document = new_document()
    lines(document, "{{ area }}: self-evaluation", style="Title")
    lines(document, "{{ framework }}", "{{ version }}", "{{ demo_note }}")
    lines(document, "{%p for section in sections %}")
    document.add_heading("{{ section.title }}", level=1)
    for heading, points in (
        ("We have made improvements by", "section.strengths"),
        ("We can get better by", "section.to_develop"),
    ):
        document.add_heading(heading, level=2)
        lines(document, "{%p for point in " + points + " %}")
        document.add_heading("{{ point.label }}", level=3)
        lines(document, "{{r point.explanation }}")
        for name, label in (
            ("evidence", "Evidence"),
            ("kpis", "Indicators"),
            ("criteria", "Criteria"),
        ):
            lines(
                document,
                "{%p if point." + name + " %}",
                label + ": {{r point." + name + " }}",
                "{%p endif %}",
            )
        lines(
            document,
            "{%p endfor %}",
            "{%p if not " + points + " %}",
            "None recorded.",
            "{%p endif %}",
        )
    lines(document, "{%p endfor %}")
    footer(document, "{{ area }}: self-evaluation, {{ version }}")
    document.save(FOLDER / "self-evaluation.docx")


def scrutiny_action_plan() -> None:
    """The annex a committee receives: per theme, each recommendation with the cabinet's
    response, how, who and when, and its latest assessment (A4 landscape)."""
    document = new_document(landscape=True)
    lines(document, "{{ title }}", style="Title")
    lines(document, "{{ panel }}", "{{ dates }}", "{{ demo_note }}")
    lines(document, "{%p for theme in themes %}")
    document.add_heading("{{ theme.name }}", level=1)
    table(
        document,
        ["No.", "Recommendation", "Cabinet response", "How", "Who", "When", "Latest assessment"],
        [
            "{{ r.number }}",
            "{{r r.text }}",
            "{{r r.response }}",
            "{{r r.how }}",
            "{{ r.who }}",
            "{{ r.when }}",
            "{{r r.assessment }}",
        ],
        "r in theme.rows",
        [12, 55, 55, 45, 30, 25, 35],
    )
    lines(document, "{%p endfor %}")
    footer(document, "{{ area }}: {{ title }}, action plan")
    document.save(FOLDER / "scrutiny-action-plan.docx")


def plan_progress() -> None:
    """An improvement plan's progress report: per workstream, its actions, those that
    need attention first (A4 landscape)."""
    document = new_document(landscape=True)
    lines(document, "{{ title }}", style="Title")
    lines(document, "{{ kind }}, {{ period }}", "{{ governance }}", "{{ as_at }}")
    lines(document, "{{ overdue }}", "{{ demo_note }}")
    lines(document, "{%p for w in workstreams %}")
    document.add_heading("{{ w.title }}", level=1)
    lines(document, "{{ w.lead }}. Actions: {{ w.counts }}.")
    lines(
        document, "{%p if w.key_indicators %}", "What success looks like: {{r w.key_indicators }}"
    )
    lines(document, "{%p endif %}")
    table(
        document,
        ["Action", "Owner", "Dates", "Status", "Latest update", "Success measure"],
        [
            "{{r a.description }}",
            "{{ a.owner }}",
            "{{ a.dates }}",
            "{{ a.status }}",
            "{{r a.latest }}",
            "{{r a.measure }}",
        ],
        "a in w.actions",
        [70, 35, 28, 22, 60, 42],
    )
    lines(document, "{%p endfor %}")
    footer(document, "{{ area }}: {{ title }}, {{ as_at }}")
    document.save(FOLDER / "plan-progress.docx")


if __name__ == "__main__":
    FOLDER.mkdir(exist_ok=True)
    readiness_report()
    self_evaluation()
    scrutiny_action_plan()
    plan_progress()
