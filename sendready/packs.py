"""Freezing a meeting pack, and what changed between one pack and the one before.

A pack holds the papers as generated at the moment of freezing and the figures they were
built from. "Changed since the last pack" compares those figures with the previous pack's
(each pack's figures are what the record said when it was frozen, so the comparison does
not move when the record is edited later)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from actions.models import Action, ImprovementPlan, ScrutinyReview
from actions.plans.documents import plan_progress_context
from actions.scrutiny import selectors as scrutiny
from actions.scrutiny.documents import action_plan_context
from areas.kpis import selectors as kpis
from areas.models import Assessment, LocalArea, Rating
from areas.ratings.spreadsheets import tracker_workbook
from areas.self_evaluation import selectors as self_evaluation
from areas.self_evaluation.documents import self_evaluation_context
from common.errors import Refused
from common.services import validated_save
from common.spreadsheets import XLSX
from common.word import DOCX, paper

from .documents.readiness import FrontSheet, readiness_context
from .models import MeetingPack, PackDocument


@transaction.atomic
def pack_freeze(
    *, area: LocalArea, month: Assessment, meeting_kind: str, front: FrontSheet, by
) -> MeetingPack:
    """Generate every paper now and keep them, with the figures, unchangeable."""
    if month.area_id != area.pk:
        raise Refused("That month belongs to another area.")
    now = timezone.now()
    pack = MeetingPack(
        area=area,
        meeting_kind=meeting_kind,
        meeting=front.meeting,
        meeting_date=front.meeting_date,
        month=month.month,
        frozen_at=now,
        frozen_by=by,
        figures=figures(area, month, timezone.localdate(now)),
    )
    validated_save(pack, by=by)
    for order, (title, filename, content_type, content) in enumerate(
        papers(area, month, front, timezone.localdate(now)), start=1
    ):
        PackDocument.objects.create(
            pack=pack,
            title=title,
            filename=filename,
            content_type=content_type,
            content=content,
            order=order,
        )
    return pack


def papers(area: LocalArea, month: Assessment, front: FrontSheet, today: dt.date):
    """(title, filename, type, bytes) of each paper in the pack."""
    slug, label = area.slug, f"{month.month:%Y-%m}"
    yield (
        "Readiness report",
        f"{slug}-readiness-{label}.docx",
        DOCX,
        paper("readiness-report.docx", readiness_context(area, month, front)),
    )
    workbook = tracker_workbook(area, today)
    yield "RAG tracker (Excel)", f"{slug}-rag-tracker.xlsx", XLSX, workbook
    for plan in (
        ImprovementPlan.objects.for_area(area).exclude(status="closed").select_related("area")
    ):
        yield (
            f"{plan.title}: progress report",
            f"{slug}-plan-{plan.pk}-progress.docx",
            DOCX,
            paper("plan-progress.docx", plan_progress_context(plan, today)),
        )
    for review in ScrutinyReview.objects.for_area(area):
        item, groups, _, _ = scrutiny.review_with_recommendations(area, review.pk, today)
        yield (
            f"{item.title}: scrutiny action plan",
            f"{slug}-scrutiny-{item.pk}.docx",
            DOCX,
            paper("scrutiny-action-plan.docx", action_plan_context(item, groups)),
        )
    published = self_evaluation.latest_published(area)
    if published is not None:
        yield (
            f"Self-evaluation, version {published.number}",
            f"{slug}-self-evaluation-v{published.number}.docx",
            DOCX,
            paper("self-evaluation.docx", self_evaluation_context(published)),
        )


def figures(area: LocalArea, month: Assessment, today: dt.date) -> dict:
    """What the papers say, in a form the next pack can be compared with."""
    ratings = Rating.objects.filter(assessment=month).select_related("criterion", "level")
    actions = Action.objects.for_area(area).with_overdue(today).select_related("workstream")
    recommendations = scrutiny.area_recommendations(area, today).select_related("review")
    return {
        "month": f"{month.month:%Y-%m}",
        "framework": month.framework_id,
        "levels": {
            r.criterion.code: {"level": r.level.label, "order": r.level.order} for r in ratings
        },
        "actions": {
            str(a.pk): {
                "name": f"{a.workstream.code}: {a.description[:120]}",
                "status": a.get_status_display(),
                "overdue": bool(a.overdue),
            }
            for a in actions
        },
        "recommendations": {
            str(r.pk): {
                "name": f"{r.review.title}, recommendation {r.number}",
                "assessment": scrutiny.assessment_label(r.current_assessment),
            }
            for r in recommendations
        },
        "exceptions": {s.kpi.code: s.kpi.name for s in kpis.open_exceptions(area, today)},
    }


@dataclass
class Changes:
    """What moved between the previous pack and this one, in words."""

    previous: MeetingPack | None
    levels: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def any(self) -> bool:
        return bool(self.levels or self.actions or self.recommendations or self.exceptions)


def previous_pack(pack: MeetingPack) -> MeetingPack | None:
    return (
        MeetingPack.objects.filter(area_id=pack.area_id, frozen_at__lt=pack.frozen_at)
        .order_by("-frozen_at", "-pk")
        .first()
    )


def changes_since(pack: MeetingPack, previous: MeetingPack | None) -> Changes:
    changes = Changes(previous)
    if previous is None:
        return changes
    now, then = pack.figures, previous.figures
    if now["framework"] == then["framework"]:
        changes.levels = moved_levels(now["levels"], then["levels"])
    else:
        changes.note = (
            "The criteria were of another framework last time, so levels are not compared."
        )
    changes.actions = moved_actions(now["actions"], then["actions"])
    changes.recommendations = [
        f"{item['name']}: {then['recommendations'][pk]['assessment']} → {item['assessment']}"
        for pk, item in now["recommendations"].items()
        if pk in then["recommendations"]
        and then["recommendations"][pk]["assessment"] != item["assessment"]
    ]
    changes.exceptions = [
        f"New: {name}" for code, name in now["exceptions"].items() if code not in then["exceptions"]
    ] + [
        f"Cleared: {name}"
        for code, name in then["exceptions"].items()
        if code not in now["exceptions"]
    ]
    return changes


def moved_levels(now: dict, then: dict) -> list[str]:
    moved = []
    for code, item in now.items():
        before = then.get(code)
        if before and before["level"] != item["level"]:
            way = "up" if item["order"] > before["order"] else "down"
            moved.append(f"{code}: {before['level']} → {item['level']} ({way})")
    return moved


def moved_actions(now: dict, then: dict) -> list[str]:
    moved = []
    for pk, item in now.items():
        before = then.get(pk)
        if before is None:
            moved.append(f"{item['name']}: new, {item['status'].lower()}")
        elif before["status"] != item["status"]:
            moved.append(f"{item['name']}: {before['status']} → {item['status']}")
        elif item["overdue"] and not before["overdue"]:
            moved.append(f"{item['name']}: now overdue")
    return moved
