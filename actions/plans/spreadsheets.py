"""An improvement plan's actions as an Excel workbook, one row per action."""

from __future__ import annotations

import datetime as dt

from openpyxl.workbook import Workbook

from actions.models import ImprovementPlan
from common.spreadsheets import table_sheet

from .documents import latest_updates
from .selectors import plan_actions

HEADERS = [
    "Workstream",
    "Action",
    "Owner",
    "Partner",
    "Start",
    "Due",
    "Status",
    "Overdue",
    "Latest update",
    "Update date",
    "Success measure",
    "Criteria",
]
WIDTHS = [14, 50, 22, 14, 11, 11, 12, 9, 50, 11, 40, 14]


def plan_workbook(plan: ImprovementPlan, today: dt.date) -> Workbook:
    latest = latest_updates(plan)
    rows = []
    for action in plan_actions(plan, today):
        update = latest.get(action.pk)
        rows.append(
            [
                f"{action.workstream.code}. {action.workstream.title}",
                action.description,
                action.owner,
                action.get_partner_display(),
                action.starts_on,
                action.due_on,
                action.get_status_display(),
                "Yes" if getattr(action, "overdue", False) else "No",
                update.text if update else "",
                update.date if update else None,
                action.success_measure,
                ", ".join(c.label for c in action.criteria.all()),
            ]
        )
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Actions"
    title = f"{plan.area.name}: {plan.title}, actions as at {today:%-d %B %Y}"
    table_sheet(sheet, title, HEADERS, rows, WIDTHS)
    return workbook
