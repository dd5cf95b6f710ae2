"""Read a framework file, check it, and load it into the database in one transaction.

Every problem in a file is reported with its location before anything is written
(frameworks/checks.py says what a file must be).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone

from .checks import FrameworkChecker
from .citations import citations_of
from .files import FrameworkFileError, read_yaml_mapping
from .models import (
    WORDING_MODELS,
    ActivityType,
    Criterion,
    CriterionMapping,
    Framework,
    Heading,
    JudgementArea,
    Outcome,
    RatingLevel,
)

# The rows framework files and mapping files write: links among them are the frameworks'
# own structure, not citations (a criterion in its judgement area; an old wording of a
# criterion; a 2016 criterion informing a 2023 one).
LOADED: tuple[type[Model], ...] = (
    Framework,
    JudgementArea,
    Heading,
    Criterion,
    RatingLevel,
    Outcome,
    ActivityType,
    CriterionMapping,
    *WORDING_MODELS.values(),
)


class FrameworkLoadRefused(Exception):
    pass


@dataclass
class LoadSummary:
    # When the load takes effect: the moment replaced wording stopped being in force.
    loaded_at: datetime = field(default_factory=timezone.now)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reworded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        if self.reworded:
            text += f", reworded: {', '.join(self.reworded)}"
        if self.removed:
            text += f", removed: {', '.join(self.removed)}"
        return text


def read_framework_file(path: Path | str) -> dict[str, Any]:
    """Parse and validate a framework file; raise FrameworkFileError listing every problem."""
    path = Path(path)
    data = read_yaml_mapping(path, what="a framework file")
    problems = FrameworkChecker(path).check(data)
    if problems:
        raise FrameworkFileError(problems)
    return data


def _save(model: type[Model], summary: LoadSummary, lookup: dict, values: dict) -> Any:
    """Create or update one row, counting what changed."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        summary.created += 1
        return obj
    changed = {k: v for k, v in values.items() if getattr(obj, k) != v}
    if changed:
        _keep_old_wording(obj, changed, summary)
        for key, value in changed.items():
            setattr(obj, key, value)
        obj.full_clean()
        obj.save()
        summary.updated += 1
    else:
        summary.unchanged += 1
    return obj


def _keep_old_wording(obj: Model, changed: dict[str, Any], summary: LoadSummary) -> None:
    """Before a reload rewords a row, keep the wording it replaces and until when it was
    in force."""
    wording_model = WORDING_MODELS.get(type(obj))
    if wording_model is None or not changed.keys() & set(wording_model.worded_fields):
        return
    wording = wording_model(
        **{wording_model.owner_field: obj},
        **{name: getattr(obj, name) for name in wording_model.worded_fields},
        in_force_until=summary.loaded_at,
    )
    wording.full_clean()
    wording.save()
    summary.reworded.append(_reworded_name(obj))


def _reworded_name(obj: Model) -> str:
    if isinstance(obj, Criterion):
        return obj.code
    if isinstance(obj, Heading):
        return f"heading {obj.judgement_area.code}/{obj.code}"
    if isinstance(obj, JudgementArea):
        return f"{obj.framework.area_word} {obj.code}"
    return str(obj)


@transaction.atomic
def framework_load(
    *, data: dict[str, Any], now: datetime | None = None
) -> tuple[Framework, LoadSummary]:
    """Create or update a framework from checked file data, keeping replaced wording as
    in force until `now`; refuse, changing nothing, to remove anything that is cited."""
    summary = LoadSummary(loaded_at=now or timezone.now())
    framework = _save(
        Framework,
        summary,
        {"slug": data["slug"]},
        {
            "name": data["name"],
            "year": data["year"],
            "source": data.get("source", ""),
            "terms": data.get("terms", Framework.Terms.JUDGE),
            "after_every_inspection": data.get("after_every_inspection") or "",
        },
    )
    kept: dict[str, dict] = {"rating level": _save_levels(framework, summary, data["rating_scale"])}
    areas, headings = _save_judgement_areas(framework, summary, data["judgement_areas"])
    kept["criterion"] = _save_criteria(framework, summary, data["criteria"], areas, headings)
    kept["heading"], kept["judgement area"] = headings, areas
    kept["outcome"] = _save_outcomes(framework, summary, data.get("outcomes") or [])
    kept["activity type"] = _save_activity_types(
        framework, summary, data.get("activity_types") or []
    )
    _remove_missing(framework, summary, kept)
    return framework, summary


def _save_levels(framework, summary, scale) -> dict:
    levels = {}
    for order, level in enumerate(scale["levels"], start=1):
        levels[str(level["code"])] = _save(
            RatingLevel,
            summary,
            {"framework": framework, "code": str(level["code"])},
            {
                "label": level["label"],
                "colour": level["colour"],
                "definition": level["definition"],
                "order": order,
                "is_target": str(level["code"]) == str(scale.get("target")),
            },
        )
    return levels


def _save_judgement_areas(framework, summary, specs) -> tuple[dict, dict]:
    areas, headings = {}, {}
    for order, spec in enumerate(specs, start=1):
        area = _save(
            JudgementArea,
            summary,
            {"framework": framework, "code": str(spec["code"])},
            {
                "label": spec.get("label", ""),
                "title": spec["title"],
                "confirmed": spec.get("confirmed", True),
                "order": order,
            },
        )
        areas[area.code] = area
        for h_order, h_spec in enumerate(spec.get("headings") or [], start=1):
            heading = _save(
                Heading,
                summary,
                {"judgement_area": area, "code": str(h_spec["code"])},
                {
                    "title": h_spec["title"],
                    "description": h_spec.get("description", ""),
                    "confirmed": h_spec.get("confirmed", True),
                    "order": h_order,
                },
            )
            headings[(area.code, heading.code)] = heading
    return areas, headings


def _save_criteria(framework, summary, specs, areas, headings) -> dict:
    criteria = {}
    for order, spec in enumerate(specs, start=1):
        code, area_code = str(spec["code"]), str(spec["area"])
        heading_code = spec.get("heading")
        criteria[code] = _save(
            Criterion,
            summary,
            {"framework": framework, "code": code},
            {
                "judgement_area": areas[area_code],
                "heading": headings[(area_code, str(heading_code))] if heading_code else None,
                "label": str(spec.get("label", code)),
                "text": spec["text"],
                "confirmed": spec.get("confirmed", True),
                "order": order,
            },
        )
    return criteria


def _save_outcomes(framework, summary, specs) -> dict:
    outcomes = {}
    for order, spec in enumerate(specs, start=1):
        code = str(spec["code"])
        outcomes[code] = _save(
            Outcome,
            summary,
            {"framework": framework, "code": code},
            {
                "label": spec.get("label") or "",
                "text": spec["text"],
                "confirmed": spec.get("confirmed", True),
                "notes": spec.get("notes") or "",
                "order": order,
                **{name: spec.get(name) for name in Outcome.PERIODS},
                **{name: spec.get(name, False) for name in Outcome.FLAGS},
            },
        )
    return outcomes


def _save_activity_types(framework, summary, specs) -> dict:
    activity_types = {}
    for order, spec in enumerate(specs, start=1):
        code = str(spec["code"])
        activity_types[code] = _save(
            ActivityType,
            summary,
            {"framework": framework, "code": code},
            {"name": spec["name"], "description": spec.get("description") or "", "order": order},
        )
    return activity_types


def _remove_missing(framework: Framework, summary: LoadSummary, kept: dict[str, dict]) -> None:
    """Delete what the file no longer has, unless anything cites it: then nothing."""
    stale = _stale(framework, kept)
    refusals = [reason for kind, rows in stale for reason in _cited(kind, rows)]
    if refusals:
        it = "it" if len(refusals) == 1 else "them"
        raise FrameworkLoadRefused(
            f"Refused: the file removes {'; '.join(refusals)}. Nothing was changed. "
            f"Keep {it} in the file, or retire {it} in a new framework version."
        )
    for kind, rows in stale:
        names = [f"{kind} {row.code}" for row in rows]
        try:
            type(rows[0])._default_manager.filter(pk__in=[row.pk for row in rows]).delete()
        except ProtectedError as error:  # cited since the check above, by a concurrent write
            raise FrameworkLoadRefused(
                f"Refused: {', '.join(names)} became cited while loading. Nothing was "
                f"changed. Try again."
            ) from error
        summary.removed.extend(names)


def _stale(framework: Framework, kept: dict[str, dict]) -> list[tuple[str, list[Any]]]:
    """(kind, rows) the file no longer has, criteria first: deleting a judgement area
    would delete its criteria too. Kinds are named in the framework's words."""
    loaded = {
        "criterion": framework.criteria.all(),
        "heading": Heading.objects.filter(judgement_area__framework=framework),
        "judgement area": framework.judgement_areas.all(),
        "rating level": framework.levels.all(),
        "outcome": framework.outcomes.all(),
        "activity type": framework.activity_types.all(),
    }
    found = [
        (
            framework.area_word if kind == "judgement area" else kind,
            list(rows.exclude(pk__in=[row.pk for row in kept[kind].values()])),
        )
        for kind, rows in loaded.items()
    ]
    return [(kind, rows) for kind, rows in found if rows]


def _cited(kind: str, rows: list[Any]) -> list[str]:
    """'criterion A7, cited by 2 ratings, 1 action (Kent)' for each cited row."""
    citations = citations_of(type(rows[0]), [row.pk for row in rows], ignore=LOADED)
    return [
        f"{kind} {row.code}, cited by {citations[row.pk]}" for row in rows if row.pk in citations
    ]
