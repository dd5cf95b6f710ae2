"""Read a framework file, check it, and load it into the database in one transaction.

Every problem in a file is reported with its location before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils import timezone

from .citations import citations_of
from .models import WORDING_MODELS, Criterion, Framework, Heading, JudgementArea, RatingLevel

LINE = "__line__"
COLOURS = set(RatingLevel.Colour.values)
# The rows this loader writes: links among them are the framework's own structure, not
# citations (a criterion in its judgement area; an old wording of a criterion).
LOADED: tuple[type[Model], ...] = (
    Framework,
    JudgementArea,
    Heading,
    Criterion,
    RatingLevel,
    *WORDING_MODELS.values(),
)


class FrameworkFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class FrameworkLoadRefused(Exception):
    pass


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line each mapping starts on."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


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
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)  # noqa: S506
    except OSError as error:
        raise FrameworkFileError([f"{path}: cannot be read ({error.strerror})."]) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark else str(path)
        reason = getattr(error, "problem", None) or "not valid YAML"
        raise FrameworkFileError([f"{where}: not valid YAML ({reason})."]) from error
    if not isinstance(data, dict):
        raise FrameworkFileError([f"{path}: not a framework file (expected a YAML mapping)."])
    problems = _FrameworkChecker(path).check(data)
    if problems:
        raise FrameworkFileError(problems)
    return data


class _FrameworkChecker:
    def __init__(self, path: Path):
        self.path = path
        self.problems: list[str] = []

    def problem(self, item: dict | None, where: str, message: str) -> None:
        line = f", line {item[LINE]}" if isinstance(item, dict) and LINE in item else ""
        self.problems.append(f"{self.path}{line}: {where}: {message}")

    def require(self, item: dict, where: str, *keys: str) -> None:
        for key in keys:
            value = item.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                self.problem(item, where, f"missing {key}.")

    def items(self, parent: dict, key: str, where: str, required: bool = True) -> list[dict]:
        value = parent.get(key)
        if value is None:
            if required:
                self.problem(parent, where, f"missing {key} (a list).")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(parent, where, f"{key} must be a list of mappings.")
            return []
        return value

    def unique_codes(self, items: list[dict], where: str) -> set[str]:
        seen: set[str] = set()
        for index, item in enumerate(items, start=1):
            code = item.get("code")
            if code is None:
                continue
            code = str(code)
            if code in seen:
                self.problem(item, f"{where} {index}", f"duplicate code {code!r}.")
            seen.add(code)
        return seen

    def check(self, data: dict) -> list[str]:
        self.require(data, "framework", "slug", "name", "year")
        if data.get("year") is not None and not isinstance(data.get("year"), int):
            self.problem(data, "framework", "year must be a whole number.")
        self.check_scale(data)
        area_headings = self.check_judgement_areas(data)
        self.check_criteria(data, area_headings)
        return self.problems

    def check_scale(self, data: dict) -> None:
        scale = data.get("rating_scale")
        if not isinstance(scale, dict):
            self.problem(data, "framework", "missing rating_scale (a mapping with levels).")
            return
        levels = self.items(scale, "levels", "rating_scale")
        for index, level in enumerate(levels, start=1):
            self.require(level, f"rating level {index}", "code", "label", "colour", "definition")
            colour = level.get("colour")
            if colour is not None and colour not in COLOURS:
                self.problem(
                    level,
                    f"rating level {index}",
                    f"unknown colour {colour!r} (use one of {', '.join(sorted(COLOURS))}).",
                )
        codes = self.unique_codes(levels, "rating level")
        target = scale.get("target")
        if target is not None and str(target) not in codes:
            self.problem(scale, "rating_scale", f"target is an unknown rating level {target!r}.")

    def check_judgement_areas(self, data: dict) -> dict[str, set[str]]:
        areas = self.items(data, "judgement_areas", "framework")
        headings_by_area: dict[str, set[str]] = {}
        for index, area in enumerate(areas, start=1):
            self.require(area, f"judgement area {index}", "code", "title")
            headings = self.items(area, "headings", f"judgement area {index}", required=False)
            for h_index, heading in enumerate(headings, start=1):
                self.require(heading, f"judgement area {index}, heading {h_index}", "code", "title")
            codes = self.unique_codes(headings, f"judgement area {index}, heading")
            if area.get("code") is not None:
                headings_by_area[str(area["code"])] = codes
        self.unique_codes(areas, "judgement area")
        return headings_by_area

    def check_criteria(self, data: dict, headings_by_area: dict[str, set[str]]) -> None:
        criteria = self.items(data, "criteria", "framework")
        for index, criterion in enumerate(criteria, start=1):
            where = f"criterion {index}" + (
                f" ({criterion['code']})" if criterion.get("code") is not None else ""
            )
            self.require(criterion, where, "code", "area", "text")
            area = criterion.get("area")
            if area is not None and str(area) not in headings_by_area:
                self.problem(criterion, where, f"unknown judgement area {area!r}.")
            heading = criterion.get("heading")
            area_known = str(area) in headings_by_area
            if (
                heading is not None
                and area_known
                and str(heading) not in headings_by_area[str(area)]
            ):
                self.problem(
                    criterion, where, f"unknown heading {heading!r} in judgement area {area}."
                )
        self.unique_codes(criteria, "criterion")


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
        return f"judgement area {obj.code}"
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
        {"name": data["name"], "year": data["year"], "source": data.get("source", "")},
    )
    levels = _save_levels(framework, summary, data["rating_scale"])
    areas, headings = _save_judgement_areas(framework, summary, data["judgement_areas"])
    criteria = {}
    for order, spec in enumerate(data["criteria"], start=1):
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
                "order": order,
            },
        )
    _remove_missing(framework, summary, criteria, headings, areas, levels)
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
            {"label": spec.get("label", ""), "title": spec["title"], "order": order},
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
                    "order": h_order,
                },
            )
            headings[(area.code, heading.code)] = heading
    return areas, headings


def _remove_missing(framework, summary, criteria, headings, areas, levels) -> None:
    """Delete what the file no longer has, unless anything cites it: then nothing."""
    stale = _stale(framework, criteria, headings, areas, levels)
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


def _stale(framework, criteria, headings, areas, levels) -> list[tuple[str, list[Any]]]:
    """(kind, rows) the file no longer has, criteria first: deleting a judgement area
    would delete its criteria too."""

    def missing(queryset, kept: dict) -> list[Any]:
        return list(queryset.exclude(pk__in=[row.pk for row in kept.values()]))

    found = [
        ("criterion", missing(framework.criteria.all(), criteria)),
        ("heading", missing(Heading.objects.filter(judgement_area__framework=framework), headings)),
        ("judgement area", missing(framework.judgement_areas.all(), areas)),
        ("rating level", missing(framework.levels.all(), levels)),
    ]
    return [(kind, rows) for kind, rows in found if rows]


def _cited(kind: str, rows: list[Any]) -> list[str]:
    """'criterion A7, cited by 2 ratings, 1 action (Kent)' for each cited row."""
    citations = citations_of(type(rows[0]), [row.pk for row in rows], ignore=LOADED)
    return [
        f"{kind} {row.code}, cited by {citations[row.pk]}" for row in rows if row.pk in citations
    ]
