"""An improvement plan's progress report (a Written Statement of Action's, a priority
action plan's…) as a Word paper: per workstream with its lead partner, each action with
owner, dates, status in words, latest update and success measure — overdue and at-risk
actions first (templates/documents/plan-progress.docx)."""

from __future__ import annotations

import datetime as dt

from actions.models import Action, ImprovementPlan, ProgressUpdate
from common.word import text_block

from .selectors import plan_actions, plan_workstreams

# The order a progress report lists actions in: what needs the board's attention first.
ATTENTION = [Action.Status.OFF_TRACK, Action.Status.AT_RISK]


def plan_progress_context(plan: ImprovementPlan, today: dt.date) -> dict:
    actions = list(plan_actions(plan, today))
    latest = latest_updates(plan)
    workstreams = plan_workstreams(plan, actions)
    return {
        "area": plan.area.name,
        "title": plan.title,
        "kind": plan.get_kind_display(),
        "period": period(plan),
        "governance": plan.governance,
        "as_at": f"Progress as at {today:%-d %B %Y}",
        "demo_note": "Demonstration data." if plan.is_demo else "",
        "overdue": overdue_sentence(sum(summary.overdue for summary in workstreams)),
        "workstreams": [
            {
                "title": f"{s.workstream.code}. {s.workstream.title}",
                "lead": lead(s.workstream),
                "key_indicators": text_block(s.workstream.key_indicators)
                if s.workstream.key_indicators
                else "",
                "counts": ", ".join(f"{n} {label.lower()}" for label, n in s.counts)
                or "No actions",
                "actions": [action_row(a, latest.get(a.pk)) for a in attention_first(s.actions)],
            }
            for s in workstreams
        ],
    }


def overdue_sentence(count: int) -> str:
    if count == 0:
        return "No action is overdue."
    return "1 action is overdue." if count == 1 else f"{count} actions are overdue."


def latest_updates(plan: ImprovementPlan) -> dict[int, ProgressUpdate]:
    """Each action's latest standing update (one query)."""
    updates = (
        ProgressUpdate.objects.standing()
        .filter(action__workstream__plan=plan)
        .order_by("action_id", "-date", "-pk")
    )
    latest: dict[int, ProgressUpdate] = {}
    for update in updates:
        latest.setdefault(update.action_id, update)
    return latest


def attention_first(actions: list[Action]) -> list[Action]:
    def rank(action):
        if getattr(action, "overdue", False):
            return 0
        return 1 if action.status in ATTENTION else 2

    return sorted(actions, key=rank)  # stable: each group keeps the page's order


def action_row(action: Action, update: ProgressUpdate | None) -> dict:
    status = action.get_status_display()
    if getattr(action, "overdue", False):
        status += " (overdue)"
    return {
        "description": text_block(action.description),
        "owner": f"{action.owner} ({action.get_partner_display()})",
        "dates": dates(action),
        "status": status,
        "latest": text_block(f"{update.date:%-d %b %Y}: {update.text}" if update else "None yet"),
        "measure": text_block(action.success_measure),
    }


def dates(action: Action) -> str:
    due = f"Due {action.due_on:%-d %b %Y}"
    return f"From {action.starts_on:%-d %b %Y}. {due}" if action.starts_on else due


def period(plan: ImprovementPlan) -> str:
    if plan.ends_on:
        return f"{plan.starts_on:%B %Y} to {plan.ends_on:%B %Y}"
    return f"From {plan.starts_on:%B %Y}"


def lead(workstream) -> str:
    partner = workstream.get_lead_partner_display()
    return (
        f"Lead: {workstream.lead_officer}, {partner}"
        if workstream.lead_officer
        else f"Lead: {partner}"
    )
