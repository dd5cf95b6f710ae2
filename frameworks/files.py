"""Reading the YAML files frameworks are loaded from (a framework file, a mapping between
two frameworks) and reporting every problem in one, each with its line, before anything
is written."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Model

LINE = "__line__"


class FrameworkFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems

    def report(self) -> str:
        """'2 problems found; nothing was loaded:' and the problems, one a line."""
        count = len(self.problems)
        return f"{count} problem{'s' if count != 1 else ''} found; nothing was loaded:\n" + (
            "\n".join(f"  - {problem}" for problem in self.problems)
        )


class LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line each mapping starts on (under LINE)."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


def read_yaml_mapping(path: Path, *, what: str) -> dict[str, Any]:
    """The file's YAML mapping, each mapping in it with its line; FrameworkFileError if it
    cannot be read, is not YAML or is not a mapping (`what` names the kind of file)."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506
    except OSError as error:
        raise FrameworkFileError([f"{path}: cannot be read ({error.strerror})."]) from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark else str(path)
        reason = getattr(error, "problem", None) or "not valid YAML"
        raise FrameworkFileError([f"{where}: not valid YAML ({reason})."]) from error
    if not isinstance(data, dict):
        raise FrameworkFileError([f"{path}: not {what} (expected a YAML mapping)."])
    return data


class FileChecker:
    """Collects the problems of one file: 'path, line 12: criterion 3 (A3): missing text.'"""

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

    def known_keys(self, item: dict, where: str, allowed: Collection[str]) -> None:
        """A misspelt key would otherwise be ignored (a 'confimed: false' would leave
        provisional wording marked as confirmed)."""
        for key in item:
            if key != LINE and key not in allowed:
                self.problem(
                    item, where, f"unknown key {key!r} (use {', '.join(sorted(allowed))})."
                )

    def fits(self, item: dict, where: str, model: type[Model], *keys: str) -> None:
        """Each of `keys` no longer than its field in `model` allows."""
        for key in keys:
            limit = getattr(model._meta.get_field(key), "max_length", None)
            value = item.get(key)
            if limit and value is not None and len(str(value)) > limit:
                self.problem(item, where, f"{key} is longer than {limit} characters.")

    def flag(self, item: dict, where: str, key: str) -> None:
        if key in item and not isinstance(item[key], bool):
            self.problem(item, where, f"{key} must be true or false.")

    def text(self, item: dict, where: str, key: str) -> None:
        if key in item and item[key] is not None and not isinstance(item[key], str):
            self.problem(item, where, f"{key} must be text.")

    def whole_number(self, item: dict, where: str, key: str, *, minimum: int = 1) -> None:
        """Absent, empty or a whole number from `minimum` (YAML's true is not a number)."""
        value = item.get(key)
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(item, where, f"{key} must be a whole number (got {value!r}).")
        elif value < minimum:
            self.problem(item, where, f"{key} must be at least {minimum}.")

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
            if isinstance(code, bool | float) or not isinstance(code, str | int):
                # YAML reads 1.10 as the number 1.1 and yes as true: a code is text.
                self.problem(
                    item, f"{where} {index}", f"code {code!r} is not text: put it in quotes."
                )
            code = str(code)
            if code in seen:
                self.problem(item, f"{where} {index}", f"duplicate code {code!r}.")
            seen.add(code)
        return seen
