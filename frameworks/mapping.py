"""A mapping between two loaded frameworks (fixtures/frameworks/mapping-*.yaml): which
criteria of the earlier one inform each criterion of the later one.

    from: send-2016
    to: area-send-2023
    mappings:
    - to: "1.1"
      from: [A1, A2, A6]
      why: Identification and timely assessment of needs.

Every criterion of the later framework is listed once (`from: []` where nothing informs
it), so that a criterion left out is a decision, not an oversight. The file is checked
against the loaded frameworks and every problem reported with its line; loading it
writes the pairs in one transaction, removes pairs the file no longer has, and changes
nothing when loaded again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from .files import FileChecker, FrameworkFileError, read_yaml_mapping
from .models import Criterion, CriterionMapping, Framework

FILE_KEYS = {"from", "to", "mappings"}
ENTRY_KEYS = {"to", "from", "why"}


@dataclass
class MappingSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed"
        )


def read_mapping_file(path: Path | str) -> dict[str, Any]:
    """Parse a mapping file and check it against the loaded frameworks; raise
    FrameworkFileError listing every problem."""
    path = Path(path)
    data = read_yaml_mapping(path, what="a mapping file")
    problems = MappingChecker(path).check(data)
    if problems:
        raise FrameworkFileError(problems)
    return data


class MappingChecker(FileChecker):
    def check(self, data: dict) -> list[str]:
        self.known_keys(data, "mapping", FILE_KEYS)
        self.require(data, "mapping", "from", "to")
        self.slugs = {side: str(data.get(side)) for side in ("from", "to")}
        # Each side's criterion codes with their order; None where the framework is unknown.
        self.codes = {side: self.framework_codes(data, side) for side in ("from", "to")}
        if data.get("from") is not None and data.get("from") == data.get("to"):
            self.problem(data, "mapping", "from and to are the same framework.")
        entries = self.items(data, "mappings", "mapping")
        listed: dict[str, int] = {}
        for index, entry in enumerate(entries, start=1):
            self.check_entry(entry, index, listed)
        to_codes = self.codes["to"]
        if to_codes is not None and entries:
            for code in sorted(to_codes.keys() - listed.keys(), key=to_codes.__getitem__):
                self.problem(
                    data,
                    "mapping",
                    f"{self.slugs['to']} criterion {code!r} is not listed (give it from: [] "
                    f"if nothing informs it).",
                )
        return self.problems

    def framework_codes(self, data: dict, side: str) -> dict[str, int] | None:
        if data.get(side) is None:
            return None
        framework = Framework.objects.filter(slug=self.slugs[side]).first()
        if framework is None:
            self.problem(
                data,
                "mapping",
                f"{side}: unknown framework {self.slugs[side]!r} (load its file first).",
            )
            return None
        return dict(framework.criteria.values_list("code", "order"))

    def check_entry(self, entry: dict, index: int, listed: dict[str, int]) -> None:
        to_code = None if entry.get("to") is None else str(entry["to"])
        where = f"mapping {index}" + (f" (to {to_code})" if to_code is not None else "")
        self.known_keys(entry, where, ENTRY_KEYS)
        self.require(entry, where, "to")
        self.text(entry, where, "why")
        if to_code is not None:
            self.known_code(entry, where, "to", to_code)
            if to_code in listed:
                first = listed[to_code]
                self.problem(entry, where, f"{to_code!r} is listed already (mapping {first}).")
            listed.setdefault(to_code, index)
        from_codes = entry.get("from")
        if not isinstance(from_codes, list):
            self.problem(entry, where, "from must be a list of criterion codes ([] for none).")
            return
        for position, code in enumerate(from_codes):
            self.known_code(entry, where, "from", str(code))
            if str(code) in map(str, from_codes[:position]):
                self.problem(entry, where, f"{str(code)!r} is listed twice.")

    def known_code(self, entry: dict, where: str, side: str, code: str) -> None:
        codes = self.codes[side]
        if codes is not None and code not in codes:
            self.problem(entry, where, f"unknown {self.slugs[side]} criterion {code!r}.")


@transaction.atomic
def mapping_load(*, data: dict[str, Any]) -> tuple[Framework, Framework, MappingSummary]:
    """Write the pairs of checked mapping data (read_mapping_file) between its two
    frameworks: create the new, update a changed `why`, delete the pairs the file no
    longer has. Loading the same data again changes nothing."""
    from_framework = Framework.objects.get(slug=str(data["from"]))
    to_framework = Framework.objects.get(slug=str(data["to"]))
    from_criteria = {c.code: c for c in from_framework.criteria.all()}
    to_criteria = {c.code: c for c in to_framework.criteria.all()}
    existing = {
        (row.from_criterion_id, row.to_criterion_id): row
        for row in CriterionMapping.objects.filter(
            from_criterion__framework=from_framework, to_criterion__framework=to_framework
        )
    }
    summary = MappingSummary()
    for entry in data["mappings"]:
        to_criterion = to_criteria[str(entry["to"])]
        for code in entry.get("from") or []:
            row = existing.pop((from_criteria[str(code)].pk, to_criterion.pk), None)
            _save_pair(row, from_criteria[str(code)], to_criterion, entry.get("why") or "", summary)
    stale = [row.pk for row in existing.values()]
    summary.removed = CriterionMapping.objects.filter(pk__in=stale).delete()[0] if stale else 0
    return from_framework, to_framework, summary


def _save_pair(
    row: CriterionMapping | None,
    from_criterion: Criterion,
    to_criterion: Criterion,
    why: str,
    summary: MappingSummary,
) -> None:
    if row is None:
        row = CriterionMapping(from_criterion=from_criterion, to_criterion=to_criterion, why=why)
        summary.created += 1
    elif row.why != why:
        row.why = why
        summary.updated += 1
    else:
        summary.unchanged += 1
        return
    row.full_clean()
    row.save()
