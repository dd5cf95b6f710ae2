"""An inspection framework held as data: questions, headings, criteria, rating scale."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from django.db import models

from common.months import months_after

CONFIRMED_HELP = (
    "False while the wording is provisional: transcribed from one source and not yet "
    "found word for word in a second."
)


class Framework(models.Model):
    class Terms(models.TextChoices):
        JUDGE = "judge", "Judgement areas and judgements (2016)"
        EVALUATE = "evaluate", "Evaluation areas and outcomes (area SEND, from June 2025)"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    year = models.PositiveIntegerField()
    source = models.TextField(blank=True)
    terms = models.CharField(
        max_length=10,
        choices=Terms.choices,
        default=Terms.JUDGE,
        help_text="The framework's own words for its areas and results.",
    )
    after_every_inspection = models.TextField(
        blank=True, help_text="What every inspection asks of the area, whatever its outcome."
    )

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def short_name(self) -> str:
        """How pages tell frameworks apart in a sentence: "the 2016 framework"."""
        return f"the {self.year} framework"

    # The framework's words, for pages: "{{ framework.area_word|capfirst }}".
    @property
    def area_word(self) -> str:
        return TERM_WORDS[self.terms]["area"]

    @property
    def areas_word(self) -> str:
        return TERM_WORDS[self.terms]["areas"]

    @property
    def result_word(self) -> str:
        return TERM_WORDS[self.terms]["result"]

    @cached_property
    def has_provisional_wording(self) -> bool:
        """Whether any of its wording is still provisional (one query, once)."""
        from .selectors import provisional_counts  # the selector reads this model

        return bool(provisional_counts(self))


# What a framework calls its areas and the result of an inspection, by Framework.terms.
TERM_WORDS: dict[str, dict[str, str]] = {
    Framework.Terms.JUDGE: {
        "area": "judgement area",
        "areas": "judgement areas",
        "result": "judgement",
    },
    Framework.Terms.EVALUATE: {
        "area": "evaluation area",
        "areas": "evaluation areas",
        "result": "outcome",
    },
}


class JudgementArea(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="judgement_areas"
    )
    code = models.CharField(max_length=10)
    label = models.CharField(
        max_length=20, blank=True, help_text="As printed, e.g. 'Q1' or 'Evaluation area 1'."
    )
    title = models.TextField(help_text="The inspection question.")
    confirmed = models.BooleanField(default=True, help_text=CONFIRMED_HELP)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="judgement_area_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.title}"


class Heading(models.Model):
    """A group of criteria inside a judgement area, e.g. 'Quality of identification'."""

    judgement_area = models.ForeignKey(
        JudgementArea, on_delete=models.CASCADE, related_name="headings"
    )
    code = models.CharField(max_length=50)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    confirmed = models.BooleanField(default=True, help_text=CONFIRMED_HELP)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["judgement_area", "order"]
        constraints = [
            models.UniqueConstraint(fields=["judgement_area", "code"], name="heading_code_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    judgement_area = models.ForeignKey(
        JudgementArea, on_delete=models.CASCADE, related_name="criteria"
    )
    heading = models.ForeignKey(
        Heading, on_delete=models.SET_NULL, null=True, blank=True, related_name="criteria"
    )
    code = models.CharField(max_length=20, help_text="Unique within the framework.")
    label = models.CharField(max_length=20, help_text="As printed in the source, e.g. 'C 14'.")
    text = models.TextField()
    confirmed = models.BooleanField(default=True, help_text=CONFIRMED_HELP)
    order = models.PositiveIntegerField(help_text="Position within the whole framework.")

    class Meta:
        ordering = ["framework", "order"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="criterion_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class RatingLevel(models.Model):
    """One step of a framework's rating scale (Red, Amber, Green in 2016)."""

    class Colour(models.TextChoices):
        RED = "red", "Red"
        ORANGE = "orange", "Orange"
        YELLOW = "yellow", "Yellow"
        GREEN = "green", "Green"
        BLUE = "blue", "Blue"
        GREY = "grey", "Grey"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(max_length=20)
    label = models.CharField(max_length=50)
    colour = models.CharField(max_length=10, choices=Colour.choices)
    definition = models.TextField()
    order = models.PositiveIntegerField(help_text="Worst first: a higher order is better.")
    is_target = models.BooleanField(
        default=False, help_text="The level an area is working towards (Green in 2016)."
    )

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="rating_level_code_unique"),
        ]

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class FollowUps:
    """When what an outcome sets in motion falls due, from the final report's date."""

    monitoring_inspection_by: dt.date | None
    full_inspection_by: dt.date | None


class Outcome(models.Model):
    """One possible result of a full inspection, in the framework's words, with what it
    sets in motion (the area SEND framework has three)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="outcomes")
    code = models.CharField(max_length=20)
    label = models.CharField(max_length=100, blank=True, help_text="A short name for tables.")
    text = models.TextField(help_text="The outcome as the framework words it.")
    confirmed = models.BooleanField(default=True, help_text=CONFIRMED_HELP)
    notes = models.TextField(blank=True, help_text="What else follows, in words.")
    order = models.PositiveIntegerField(help_text="Best first.")
    next_full_inspection_within_years = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The next full inspection is usually within this."
    )
    monitoring_inspection_after_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="A monitoring inspection usually follows this long after the final report.",
    )
    areas_for_improvement = models.BooleanField(default=False)
    areas_for_priority_action = models.BooleanField(default=False)
    priority_action_plan = models.BooleanField(default=False)
    engagement_meetings = models.BooleanField(default=False)

    # What an outcome triggers, as the file names them: periods (whole numbers or
    # nothing) and flags (yes or no).
    PERIODS: ClassVar[tuple[str, ...]] = (
        "next_full_inspection_within_years",
        "monitoring_inspection_after_months",
    )
    FLAGS: ClassVar[tuple[str, ...]] = (
        "areas_for_improvement",
        "areas_for_priority_action",
        "priority_action_plan",
        "engagement_meetings",
    )

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="outcome_code_unique"),
            models.CheckConstraint(
                condition=models.Q(next_full_inspection_within_years__isnull=True)
                | models.Q(next_full_inspection_within_years__gte=1),
                name="outcome_full_inspection_years_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(monitoring_inspection_after_months__isnull=True)
                | models.Q(monitoring_inspection_after_months__gte=1),
                name="outcome_monitoring_months_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.label or self.text

    def follow_ups(self, report_published: dt.date) -> FollowUps:
        """The usual dates of the monitoring and the next full inspection."""
        months = self.monitoring_inspection_after_months
        years = self.next_full_inspection_within_years
        return FollowUps(
            monitoring_inspection_by=months_after(report_published, months) if months else None,
            full_inspection_by=months_after(report_published, 12 * years) if years else None,
        )

    def triggers(self) -> list[str]:
        """What follows this outcome, in words, in the order it happens."""
        found = [
            text
            for flag, text in (
                (self.areas_for_priority_action, "areas for priority action"),
                (self.areas_for_improvement, "areas for improvement"),
                (self.priority_action_plan, "a priority action plan"),
                (self.engagement_meetings, "engagement meetings"),
            )
            if flag
        ]
        if self.monitoring_inspection_after_months:
            found.append(
                f"a monitoring inspection, usually {self.monitoring_inspection_after_months} "
                f"months after the final report"
            )
        if self.next_full_inspection_within_years:
            found.append(
                f"a full inspection, usually within {self.next_full_inspection_within_years} years"
            )
        return found


class ActivityType(models.Model):
    """A kind of inspection activity the framework has: full inspection, monitoring
    inspection, engagement meeting, thematic visit."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="activity_types"
    )
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="activity_type_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class CriterionMapping(models.Model):
    """A criterion of one framework that informs a criterion of another (2016 → 2023),
    so that an area moving on can carry its ratings' evidence across. Loaded from a
    mapping file; part of the frameworks' own data, not a citation of either."""

    from_criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="informs")
    to_criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="informed_by"
    )
    why = models.TextField(blank=True, help_text="Why the earlier criteria inform this one.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_criterion", "to_criterion"], name="criterion_mapping_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_criterion=models.F("to_criterion")),
                name="criterion_mapping_not_to_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_criterion.code} → {self.to_criterion.code}"


class Kpi(models.Model):
    """A key performance indicator in a framework's catalogue (loaded from a file)."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage"
        COUNT = "count", "Count"
        DAYS = "days", "Days"
        RATE = "rate_10k", "Rate per 10,000"

    class Direction(models.TextChoices):
        HIGHER = "higher", "Higher is better"
        LOWER = "lower", "Lower is better"
        CONTEXT = "context", "Context (no better direction)"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        TERMLY = "termly", "Termly"
        ANNUAL = "annual", "Annual"

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="kpis")
    code = models.SlugField()
    name = models.CharField(max_length=200)
    definition = models.TextField()
    unit = models.CharField(max_length=10, choices=Unit.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    source = models.TextField(blank=True)
    tolerance = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=0,
        help_text="How far from target (in the KPI's unit) still counts as Amber.",
    )
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="kpis")
    order = models.PositiveIntegerField()

    class Meta:
        ordering = ["framework", "order"]
        verbose_name = "KPI"
        verbose_name_plural = "KPIs"
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="kpi_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER

    @property
    def is_rated(self) -> bool:
        return self.direction != self.Direction.CONTEXT


class Wording(models.Model):
    """Wording that a reload of the framework file replaced, kept with the moment it
    stopped being in force: a month agreed before then still shows what was agreed.
    The current wording stays on the row itself."""

    in_force_until = models.DateTimeField(help_text="When a reload replaced this wording.")

    # The field naming the row this is a wording of, and the fields it keeps.
    owner_field: ClassVar[str]
    worded_fields: ClassVar[tuple[str, ...]]

    class Meta:
        abstract = True


class CriterionWording(Wording):
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="wordings")
    text = models.TextField()

    owner_field = "criterion"
    worded_fields = ("text",)

    class Meta:
        ordering = ["criterion", "in_force_until"]

    def __str__(self) -> str:
        return f"{self.criterion.code} until {self.in_force_until:%d %b %Y %H:%M}"


class JudgementAreaWording(Wording):
    judgement_area = models.ForeignKey(
        JudgementArea, on_delete=models.CASCADE, related_name="wordings"
    )
    title = models.TextField()

    owner_field = "judgement_area"
    worded_fields = ("title",)

    class Meta:
        ordering = ["judgement_area", "in_force_until"]

    def __str__(self) -> str:
        return f"{self.judgement_area.code} until {self.in_force_until:%d %b %Y %H:%M}"


class HeadingWording(Wording):
    heading = models.ForeignKey(Heading, on_delete=models.CASCADE, related_name="wordings")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    owner_field = "heading"
    worded_fields = ("title", "description")

    class Meta:
        ordering = ["heading", "in_force_until"]

    def __str__(self) -> str:
        return f"{self.heading.code} until {self.in_force_until:%d %b %Y %H:%M}"


# Which model keeps the old wording of each loaded model.
WORDING_MODELS: dict[type[models.Model], type[Wording]] = {
    Criterion: CriterionWording,
    JudgementArea: JudgementAreaWording,
    Heading: HeadingWording,
}
