"""An area's scrutiny recommendations as an Excel workbook: the tracker committees keep."""

from __future__ import annotations

import datetime as dt

from openpyxl.workbook import Workbook

from common.spreadsheets import table_sheet

from .selectors import area_recommendations, assessment_label

HEADERS = [
    "Review",
    "No.",
    "Theme",
    "Recommendation",
    "Decision",
    "Cabinet response",
    "How",
    "Who",
    "When",
    "Target date",
    "Latest assessment",
    "Assessed on",
    "Overdue",
]
WIDTHS = [24, 5, 16, 45, 14, 45, 30, 18, 14, 11, 14, 11, 9]


def scrutiny_workbook(area, today: dt.date) -> Workbook:
    rows = []
    for recommendation in area_recommendations(area, today):
        response = getattr(recommendation, "response", None)
        rows.append(
            [
                recommendation.review.title,
                recommendation.number,
                recommendation.theme,
                recommendation.text,
                response.get_decision_display() if response else "No response yet",
                response.text if response else "",
                response.implementation if response else "",
                response.responsible if response else "",
                response.timescale if response else "",
                response.target_date if response else None,
                assessment_label(recommendation.current_assessment),
                recommendation.current_date,
                "Yes" if recommendation.overdue else "No",
            ]
        )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Recommendations"
    title = f"{area.name}: scrutiny recommendations as at {today:%-d %B %Y}"
    table_sheet(sheet, title, HEADERS, rows, WIDTHS)
    return workbook
