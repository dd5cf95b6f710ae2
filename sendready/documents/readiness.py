"""The board or committee report on readiness, in the shape councils write by hand: a
front sheet (meeting, date, title, author, purpose, recommendation — edited before
download), the RAG key, a summary per judgement area for the chosen month and the one
before, progress per criterion in the paper's groups, then the action plan, indicators
and scrutiny in brief."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from actions.plans import selectors as plans
from actions.scrutiny import selectors as scrutiny
from areas.kpis import selectors as kpis
from areas.models import Assessment, LocalArea
from areas.ratings.selectors import previous_assessment
from areas.ratings.summaries import Move, count_levels, movement_between, ratings_of
from common.word import text_block
from frameworks.models import Criterion, JudgementArea, RatingLevel


@dataclass
class FrontSheet:
    meeting: str
    meeting_date: dt.date
    title: str
    author: str
    contact: str
    purpose: str
    recommendation: str
    background: str = ""
    cross_cutting: str = ""


def default_front_sheet(area: LocalArea, month: Assessment, today: dt.date) -> FrontSheet:
    return FrontSheet(
        meeting="SEND Partnership Board",
        meeting_date=today,
        title=f"SEND inspection readiness: {month.month:%B %Y}",
        author="",
        contact="",
        purpose=(
            f"To update the Board on {area.name}'s preparation for the local area SEND "
            f"inspection, from the RAG rating of {month.month:%B %Y}."
        ),
        recommendation="That the Board consider and comment on the progress being made.",
        background=(
            "Partners rate each inspection criterion red, amber or green every month, with "
            "commentary, evidence and next steps, and the SEND lead agrees the ratings."
        ),
    )


def readiness_context(area: LocalArea, month: Assessment, front: FrontSheet) -> dict:
    previous = previous_assessment(month)
    framework = month.framework
    levels = list(RatingLevel.objects.filter(framework=framework).order_by("order"))
    judgement_areas = list(JudgementArea.objects.filter(framework=framework).order_by("order"))
    criteria = list(Criterion.objects.filter(framework=framework).order_by("order"))
    shown = [month, *([previous] if previous else [])]
    rated = ratings_of(shown, framework.pk)
    counts = count_levels(shown, judgement_areas, levels, framework.pk)
    movement = movement_between(previous, month, criteria, levels, rated)
    return {
        **asdict(front),
        "meeting_date": f"{front.meeting_date:%-d %B %Y}",
        "purpose": text_block(front.purpose),
        "recommendation": text_block(front.recommendation),
        "background": text_block(front.background),
        "cross_cutting": optional_block(front.cross_cutting),
        "area": area.name,
        "demo_note": "Demonstration data, not real ratings." if area.is_demo else "",
        "month": month_name(month),
        "previous_month": month_name(previous) if previous else "No earlier month",
        "area_word": framework.area_word.capitalize(),
        "levels": [{"label": lv.label, "definition": lv.definition} for lv in levels],
        "summary_intro": (
            f"Criteria at each level in {month.month:%B %Y}"
            + (f" and {previous.month:%B %Y}" if previous else "")
            + f", by {framework.area_word}, against {framework}."
        ),
        "summary": summary_rows(counts, month, previous, levels),
        "progress_intro": progress_intro(month, previous),
        "groups": move_groups(movement, criteria, levels, rated, month, previous),
        **others(area, month),
    }


def month_name(month: Assessment) -> str:
    return f"{month.month:%B %Y}{'' if month.is_agreed else ' (draft)'}"


def summary_rows(counts, month, previous, levels) -> list[dict]:
    now = counts[month.pk]
    before = counts[previous.pk] if previous else None
    rows = []
    for index, row in enumerate([*now.by_judgement_area, now.overall]):
        then = ([*before.by_judgement_area, before.overall][index]) if before else None
        rows.append(
            {"label": row.label, "now": in_words(row, levels), "before": in_words(then, levels)}
        )
    return rows


def in_words(row, levels) -> str:
    """ "3 Red, 10 Amber, 5 Green" for one row of counts."""
    if row is None:
        return "–"
    return ", ".join(f"{n} {lv.label}" for n, lv in zip(row.counts, levels, strict=True))


def progress_intro(month, previous) -> str:
    if previous is None:
        return f"{month.month:%B %Y} is the first month rated against this framework."
    return (
        f"How each criterion moved between {previous.month:%B %Y} and {month.month:%B %Y}, "
        "with the commentary and next steps agreed for it."
    )


def move_groups(movement, criteria, levels, rated, month, previous) -> list[dict]:
    """The paper's groups, and the criteria that kept an amber or green level where the
    month says something about them (a paper reports those too)."""
    groups = [
        {"title": g.title, "note": g.note, "moves": [move_dict(m) for m in g.moves]}
        for g in movement.groups()
    ]
    kept = kept_with_commentary(movement, criteria, levels, rated, month, previous)
    groups.append(
        {
            "title": "Kept an amber or green level, with commentary",
            "note": "",
            "moves": [move_dict(m) for m in kept],
        }
    )
    for group in groups:
        group["count"] = len(group["moves"])
    return groups


def kept_with_commentary(movement, criteria, levels, rated, month, previous) -> list[Move]:
    if previous is None:
        return []
    reported = {m.criterion.pk for g in movement.groups() for m in g.moves}
    level_by_id = {level.pk: level for level in levels}
    kept = []
    for criterion in criteria:
        now, then = rated.get((month.pk, criterion.pk)), rated.get((previous.pk, criterion.pk))
        if criterion.pk in reported or not now or not then or now[0] != then[0] or not now[1]:
            continue
        level = level_by_id[now[0]]
        kept.append(Move(criterion, level, level, now[1], now[2]))
    return kept


def move_dict(move: Move) -> dict:
    before = move.before.label if move.before else "Not rated"
    after = move.after.label if move.after else "Not rated"
    return {
        "label": move.criterion.label,
        "text": move.criterion.text,
        "levels": f"{before} in the month before, {after} now",
        "commentary": optional_block(move.commentary),
        "next_steps": optional_block(move.next_steps),
    }


def optional_block(text: str):
    """The text as a block, or "" (which a template's `{%p if %}` leaves out)."""
    return text_block(text) if text.strip() else ""


def others(area: LocalArea, month: Assessment) -> dict:
    """The action plan, indicators and scrutiny, in the dashboard's words."""
    actions = plans.dashboard_summary(area, latest_agreed_month=month)
    by_status = ", ".join(f"{n} {label.lower()}" for _, label, n in actions.counts if n)
    recommendations = scrutiny.dashboard_summary(area)
    by_assessment = ", ".join(f"{n} {label.lower()}" for _, label, n in recommendations.counts if n)
    return {
        "actions": {
            "summary": f"Actions by status: {by_status or 'none recorded'}.",
            "overdue": f"{actions.overdue} open actions are overdue.",
            "gaps": (
                f"{actions.criteria_gaps} red or amber criteria have no open action, and "
                f"{actions.weakness_gaps} inspection weaknesses have no action."
            ),
        },
        "kpis": [{"text": kpi_text(summary)} for summary in kpis.open_exceptions(area)],
        "scrutiny": (
            f"Recommendations by latest assessment: {by_assessment}; "
            f"{len(recommendations.overdue)} past their target date."
            if by_assessment
            else "No scrutiny recommendations recorded."
        ),
    }


def kpi_text(summary) -> str:
    latest, unit = summary.latest, "%" if summary.kpi.unit == "percent" else ""
    text = (
        f"{summary.kpi.name}: {latest.area:g}{unit} in {latest.label}, against a target of "
        f"{latest.target:g}{unit} and England's {latest.england:g}{unit}."
    )
    if summary.commentary:
        text += f" Why: {summary.commentary.why} Next: {summary.commentary.next_steps}"
    return text
