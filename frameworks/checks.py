"""What a framework file must be (fixtures/frameworks/*.yaml): every problem is reported
with its line, and nothing is loaded from a file that has any."""

from __future__ import annotations

from .files import FileChecker
from .models import (
    TERM_WORDS,
    ActivityType,
    Criterion,
    Framework,
    Heading,
    JudgementArea,
    Outcome,
    RatingLevel,
)

COLOURS = set(RatingLevel.Colour.values)
TERMS = set(Framework.Terms.values)

FRAMEWORK_KEYS = {
    "slug",
    "name",
    "year",
    "source",
    "terms",
    "after_every_inspection",
    "rating_scale",
    "judgement_areas",
    "criteria",
    "outcomes",
    "activity_types",
}
SCALE_KEYS = {"target", "levels"}
LEVEL_KEYS = {"code", "label", "colour", "definition"}
AREA_KEYS = {"code", "label", "title", "confirmed", "headings"}
HEADING_KEYS = {"code", "title", "description", "confirmed"}
CRITERION_KEYS = {"code", "area", "heading", "label", "text", "confirmed"}
OUTCOME_KEYS = {"code", "label", "text", "confirmed", "notes", *Outcome.PERIODS, *Outcome.FLAGS}
ACTIVITY_TYPE_KEYS = {"code", "name", "description"}


class FrameworkChecker(FileChecker):
    # What the file calls its areas in messages ("evaluation area 2: missing title.").
    area_word = TERM_WORDS[Framework.Terms.JUDGE]["area"]

    def check(self, data: dict) -> list[str]:
        self.known_keys(data, "framework", FRAMEWORK_KEYS)
        self.require(data, "framework", "slug", "name", "year")
        self.fits(data, "framework", Framework, "slug", "name")
        if data.get("year") is not None and not isinstance(data.get("year"), int):
            self.problem(data, "framework", "year must be a whole number.")
        terms = data.get("terms", Framework.Terms.JUDGE)
        if terms in TERMS:
            self.area_word = TERM_WORDS[terms]["area"]
        else:
            self.problem(data, "framework", f"terms must be one of {', '.join(sorted(TERMS))}.")
        self.text(data, "framework", "after_every_inspection")
        self.check_scale(data)
        area_headings = self.check_judgement_areas(data)
        self.check_criteria(data, area_headings)
        self.check_outcomes(data)
        self.check_activity_types(data)
        return self.problems

    def check_scale(self, data: dict) -> None:
        scale = data.get("rating_scale")
        if not isinstance(scale, dict):
            self.problem(data, "framework", "missing rating_scale (a mapping with levels).")
            return
        self.known_keys(scale, "rating_scale", SCALE_KEYS)
        levels = self.items(scale, "levels", "rating_scale")
        for index, level in enumerate(levels, start=1):
            where = f"rating level {index}"
            self.known_keys(level, where, LEVEL_KEYS)
            self.require(level, where, "code", "label", "colour", "definition")
            self.fits(level, where, RatingLevel, "code", "label")
            colour = level.get("colour")
            if colour is not None and colour not in COLOURS:
                self.problem(
                    level,
                    where,
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
            where = f"{self.area_word} {index}"
            self.known_keys(area, where, AREA_KEYS)
            self.require(area, where, "code", "title")
            self.fits(area, where, JudgementArea, "code", "label")
            self.flag(area, where, "confirmed")
            headings = self.items(area, "headings", where, required=False)
            for h_index, heading in enumerate(headings, start=1):
                h_where = f"{where}, heading {h_index}"
                self.known_keys(heading, h_where, HEADING_KEYS)
                self.require(heading, h_where, "code", "title")
                self.fits(heading, h_where, Heading, "code", "title")
                self.flag(heading, h_where, "confirmed")
            codes = self.unique_codes(headings, f"{where}, heading")
            if area.get("code") is not None:
                headings_by_area[str(area["code"])] = codes
        self.unique_codes(areas, self.area_word)
        return headings_by_area

    def check_criteria(self, data: dict, headings_by_area: dict[str, set[str]]) -> None:
        criteria = self.items(data, "criteria", "framework")
        for index, criterion in enumerate(criteria, start=1):
            where = f"criterion {index}" + (
                f" ({criterion['code']})" if criterion.get("code") is not None else ""
            )
            self.known_keys(criterion, where, CRITERION_KEYS)
            self.require(criterion, where, "code", "area", "text")
            self.fits(criterion, where, Criterion, "code", "label")
            self.flag(criterion, where, "confirmed")
            area = criterion.get("area")
            if area is not None and str(area) not in headings_by_area:
                self.problem(criterion, where, f"unknown {self.area_word} {area!r}.")
            heading = criterion.get("heading")
            area_known = str(area) in headings_by_area
            if (
                heading is not None
                and area_known
                and str(heading) not in headings_by_area[str(area)]
            ):
                self.problem(
                    criterion, where, f"unknown heading {heading!r} in {self.area_word} {area}."
                )
        self.unique_codes(criteria, "criterion")

    def check_outcomes(self, data: dict) -> None:
        """The inspection's possible results (optional: the 2016 file has none)."""
        outcomes = self.items(data, "outcomes", "framework", required=False)
        for index, outcome in enumerate(outcomes, start=1):
            where = f"outcome {index}"
            self.known_keys(outcome, where, OUTCOME_KEYS)
            self.require(outcome, where, "code", "text")
            self.fits(outcome, where, Outcome, "code", "label")
            self.text(outcome, where, "notes")
            for name in ("confirmed", *Outcome.FLAGS):
                self.flag(outcome, where, name)
            for name in Outcome.PERIODS:
                self.whole_number(outcome, where, name)
        self.unique_codes(outcomes, "outcome")

    def check_activity_types(self, data: dict) -> None:
        activity_types = self.items(data, "activity_types", "framework", required=False)
        for index, activity_type in enumerate(activity_types, start=1):
            where = f"activity type {index}"
            self.known_keys(activity_type, where, ACTIVITY_TYPE_KEYS)
            self.require(activity_type, where, "code", "name")
            self.fits(activity_type, where, ActivityType, "code", "name")
            self.text(activity_type, where, "description")
        self.unique_codes(activity_types, "activity type")
