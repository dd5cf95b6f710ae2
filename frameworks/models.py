"""An inspection framework held as data: questions, headings, criteria, rating scale."""

from typing import ClassVar

from django.db import models


class Framework(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    year = models.PositiveIntegerField()
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class JudgementArea(models.Model):
    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="judgement_areas"
    )
    code = models.CharField(max_length=10)
    label = models.CharField(max_length=20, blank=True, help_text="As printed, e.g. 'Q1'.")
    title = models.TextField(help_text="The inspection question.")
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
