"""A scrutiny review's action plan as a Word paper, in the shape of the annex a committee
receives (templates/documents/scrutiny-action-plan.docx)."""

from __future__ import annotations

from common.word import text_block

from .selectors import assessment_label


def action_plan_context(review, groups) -> dict:
    """`groups` are the review's recommendations by theme, each annotated with its
    current assessment (selectors.review_with_recommendations)."""
    dates = [
        f"Reported {review.reported_on:%-d %B %Y}" if review.reported_on else "",
        f"Cabinet decision {review.cabinet_decision_on:%-d %B %Y}"
        if review.cabinet_decision_on
        else "",
    ]
    return {
        "area": review.area.name,
        "title": review.title,
        "panel": review.panel,
        "dates": ". ".join(d for d in dates if d),
        "demo_note": "Demonstration data." if review.area.is_demo else "",
        "themes": [
            {
                "name": group.theme or "Recommendations",
                "rows": [row(r) for r in group.recommendations],
            }
            for group in groups
        ],
    }


def row(recommendation) -> dict:
    response = getattr(recommendation, "response", None)
    assessment = assessment_label(recommendation.current_assessment)
    if recommendation.current_date:
        assessment += f" ({recommendation.current_date:%-d %b %Y})"
    return {
        "number": recommendation.number,
        "text": text_block(recommendation.text),
        "response": text_block(
            f"{response.get_decision_display()}. {response.text}" if response else "No response yet"
        ),
        "how": text_block(response.implementation if response else ""),
        "who": response.responsible if response else "",
        "when": when(response),
        "assessment": text_block(assessment),
    }


def when(response) -> str:
    if response is None:
        return ""
    if response.timescale:
        return response.timescale
    return f"{response.target_date:%B %Y}" if response.target_date else ""
