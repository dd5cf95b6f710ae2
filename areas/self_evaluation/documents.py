"""A self-evaluation version as a Word paper (templates/documents/self-evaluation.docx)."""

from __future__ import annotations

from common.word import text_block

from . import selectors as se
from .models import SelfEvaluationVersion as Version


def self_evaluation_context(version: Version) -> dict:
    area = version.area
    if version.is_published:
        state = f"Version {version.number}, published {version.published_at:%-d %B %Y}"
    else:
        state = f"Version {version.number}, a draft (not published)"
    return {
        "area": area.name,
        "framework": str(version.framework),
        "version": state,
        "demo_note": "Demonstration data, not a real self-evaluation." if area.is_demo else "",
        "sections": [
            {
                "title": section_title(section.judgement_area),
                "strengths": [point_dict(p, section) for p in section.strengths],
                "to_develop": [point_dict(p, section) for p in section.to_develop],
            }
            for section in se.sections(version)
        ],
    }


def section_title(judgement_area) -> str:
    name = judgement_area.label or judgement_area.code
    return f"{name}. {judgement_area.title}"


def point_dict(point, section: se.Section) -> dict:
    criteria = ", ".join(c.name for c in section.criteria.get(point.pk, []))
    kpis = ", ".join(k.name for k in section.kpis.get(point.pk, []))
    return {
        "label": point.label,
        "explanation": text_block(point.explanation),
        "evidence": text_block(point.evidence) if point.evidence.strip() else "",
        "kpis": text_block(kpis) if kpis else "",
        "criteria": text_block(criteria) if criteria else "",
    }
