"""What the month page shows: the framework's judgement areas as sections, a contents
list to jump between them, and which criteria are shown when an officer asks for one
area, only the levels changed since last month, or only the worst level.

Criteria not shown stay in the form, inside an element with the `hidden` attribute:
the month is one form and every save sends every criterion, so the month's rules
(a reason for each change, the clash check, the version) hold whatever is shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.text import slugify

from frameworks.models import Criterion, Heading, JudgementArea, RatingLevel

CHANGED = "changed"
WORST = "red"  # the word in the address; the page names the level itself


@dataclass
class MonthRow:
    criterion: Criterion
    form: Any  # the criterion's RatingForm
    shown: bool
    new_heading: Heading | None = None  # set on the first shown row under a heading


@dataclass
class MonthSection:
    judgement_area: JudgementArea
    rows: list[MonthRow] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"area-{slugify(self.judgement_area.code)}"

    @property
    def show_key(self) -> str:
        return self.judgement_area.code

    @property
    def shown(self) -> bool:
        return any(row.shown for row in self.rows)

    @property
    def shown_count(self) -> int:
        return sum(row.shown for row in self.rows)


@dataclass(frozen=True)
class MonthView:
    """The sections, and what the contents list offers."""

    sections: list[MonthSection]
    show: str  # "" for every criterion
    changed_count: int
    worst_count: int
    worst: RatingLevel | None

    @property
    def filtered(self) -> bool:
        return bool(self.show)

    @property
    def shown_count(self) -> int:
        return sum(section.shown_count for section in self.sections)


def month_view(criteria, forms, levels, *, show: str, has_errors: bool) -> MonthView:
    """Group the month's forms by judgement area and mark which are shown. An unknown
    `show` shows everything; a row with an error is always shown, so that the error
    summary's links reach it."""
    worst = levels[0] if levels else None
    show = chosen_show(criteria, show)
    sections: list[MonthSection] = []
    changed_count = worst_count = 0
    for criterion, form in zip(criteria, forms, strict=True):
        changed, at_worst = level_changed(form), at_level(form, worst)
        changed_count += changed
        worst_count += at_worst
        shown = (
            not show
            or (show == CHANGED and changed)
            or (show == WORST and at_worst)
            or show == criterion.judgement_area.code
            or (has_errors and bool(form.errors))
        )
        if not sections or sections[-1].judgement_area.pk != criterion.judgement_area_id:
            sections.append(MonthSection(criterion.judgement_area))
        sections[-1].rows.append(MonthRow(criterion, form, shown))
    for section in sections:
        mark_headings(section)
    return MonthView(sections, show, changed_count, worst_count, worst)


def chosen_show(criteria, show: str) -> str:
    """`show` if it names a judgement area of these criteria or a filter, else ""."""
    known = {criterion.judgement_area.code for criterion in criteria} | {CHANGED, WORST}
    return show if show in known else ""


def level_changed(form) -> bool:
    """Whether the level saved this month differs from last month's (there was one)."""
    if form.previous is None:
        return False
    return getattr(form.current, "level_id", None) != form.previous.level_id


def at_level(form, level: RatingLevel | None) -> bool:
    return level is not None and getattr(form.current, "level_id", None) == level.pk


def mark_headings(section: MonthSection) -> None:
    """A heading above the first shown criterion under it, so a filtered page still
    says where each criterion sits."""
    last = None
    for row in section.rows:
        if not row.shown:
            continue
        heading = row.criterion.heading
        if heading is not None and (last is None or heading.pk != last.pk):
            row.new_heading = heading
        last = heading
