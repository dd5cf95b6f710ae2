"""Local areas, who works in them, and the monthly RAG assessment of each criterion."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from frameworks.models import Criterion, Framework, JudgementArea, Kpi, RatingLevel

from .querysets import AssessmentQuerySet, LocalAreaQuerySet, RatingQuerySet


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class LocalArea(TimeStamped):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    ons_code = models.CharField("ONS code", max_length=9, blank=True)
    la_number = models.CharField(
        "DfE number", max_length=3, blank=True, help_text="DfE's three-digit authority number."
    )
    region = models.CharField(max_length=100, blank=True)
    framework = models.ForeignKey(
        Framework,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The framework new months are rated against.",
    )
    is_demo = models.BooleanField(
        default=False, help_text="Holds generated demonstration data, not real ratings."
    )

    objects = LocalAreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dashboard", kwargs={"area": self.slug})


class Membership(TimeStamped):
    class Role(models.TextChoices):
        OFFICER = "officer", "SEND officer"
        LEAD = "lead", "Lead officer"
        BOARD = "board", "Board member"
        SCRUTINY = "scrutiny", "Scrutiny officer"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        ordering = ["area__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "area"], name="membership_one_role_per_area"),
            models.CheckConstraint(
                condition=models.Q(role__in=["officer", "lead", "board", "scrutiny"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.area}"


class Assessment(TimeStamped):
    """One month's RAG ratings of one area against one framework."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AGREED = "agreed", "Agreed"

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="assessments")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month assessed.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every save of the month's ratings, so a save made from an older
    # copy of the page can be recognised and refused.
    version = models.PositiveIntegerField(default=0)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        # No ordering on "area": it would join and sort by the area's name in every
        # query that orders by assessment (ratings included).
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "framework", "month"], name="assessment_one_per_area_month"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="assessment_month_is_first_day"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["draft", "agreed"]), name="assessment_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} — {self.month:%B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("areas:month", kwargs={"area": self.area.slug, "month": self.month_slug})

    @property
    def month_slug(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED


class Reopening(models.Model):
    """A lead reopened an agreed month: who, when and why are kept."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reopenings")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reopened_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    class Meta:
        ordering = ["-reopened_at"]

    def __str__(self) -> str:
        return f"{self.assessment} reopened {self.reopened_at:%d %b %Y}"


class Rating(models.Model):
    # No index of its own: the unique (assessment, criterion) index below leads with it,
    # and EXPLAIN shows every page's rating lookup using that one.
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="ratings", db_index=False
    )
    # PROTECT: a framework file may not remove a criterion or level that has ratings.
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    commentary = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="Where the evidence is: text and links.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    saved_in_version = models.PositiveIntegerField(default=0)

    objects = RatingQuerySet.as_manager()

    class Meta:
        # No default ordering: ratings are read in bulk and aggregated, and an
        # ordering through assessment and criterion would join both tables every time.
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="rating_one_per_criterion_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.level}"


# --- self-evaluation ---------------------------------------------------------------------


class SelfEvaluationVersion(TimeStamped):
    """One version of an area's self-evaluation against a framework.

    Officers edit the one draft; a lead publishes it, after which it never changes.
    A new draft starts as a copy of the latest published version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="self_evaluations")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["area", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "framework", "number"], name="self_evaluation_version_unique"
            ),
            models.UniqueConstraint(
                fields=["area", "framework"],
                condition=models.Q(status="draft"),
                name="self_evaluation_one_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} self-evaluation, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("self_evaluation_version", args=[self.area.slug, self.number])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class SelfEvaluationPoint(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "We have made improvements by"
        DEVELOP = "develop", "We can get better by"

    version = models.ForeignKey(
        SelfEvaluationVersion, on_delete=models.CASCADE, related_name="points"
    )
    # The same point keeps its key from version to version, so versions can be compared.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    judgement_area = models.ForeignKey(JudgementArea, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    label = models.CharField(max_length=200, help_text="A short label, e.g. 'Co-production'.")
    explanation = models.TextField()
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="+")
    kpis = models.ManyToManyField(Kpi, blank=True, related_name="+", verbose_name="KPIs")
    evidence = models.TextField(blank=True, help_text="Where the evidence is: links or documents.")
    order = models.PositiveIntegerField(default=0)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["version", "judgement_area__order", "kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="self_evaluation_point_key"),
        ]

    def __str__(self) -> str:
        return f"{self.label} – {self.explanation[:60]}"


# --- key performance indicators ----------------------------------------------------------


class KpiValue(models.Model):
    """An area's own figure for a KPI in one period."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="kpi_values")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="+")
    period = models.DateField(help_text="The first day of the period.")
    variant = models.CharField(max_length=100, blank=True, help_text="e.g. 'excluding exceptions'")
    vintage = models.CharField(
        max_length=100, blank=True, help_text="Which release or revision, e.g. 'SEN2 2023'."
    )
    value = models.DecimalField(max_digits=12, decimal_places=2)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    entered_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kpi", "period", "variant"], name="kpi_value_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.period:%Y-%m}: {self.value}"


class KpiTarget(models.Model):
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="kpi_targets")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="+")
    period = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kpi", "period"], name="kpi_target_one_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"Target {self.kpi} {self.period:%Y}: {self.value}"


class ComparatorValue(models.Model):
    """An official figure for England, a region or any local authority, as published."""

    class Level(models.TextChoices):
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        LOCAL_AUTHORITY = "local_authority", "Local authority"

    kpi = models.ForeignKey(Kpi, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=16, choices=Level.choices)
    code = models.CharField(max_length=100, help_text="ONS code, or the region's name.")
    la_number = models.CharField(max_length=3, blank=True, help_text="DfE number (authorities).")
    name = models.CharField(max_length=200)
    period = models.DateField()
    variant = models.CharField(max_length=100, blank=True)
    value = models.DecimalField(max_digits=14, decimal_places=2)
    vintage = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kpi", "level", "code", "period", "variant"],
                name="comparator_value_unique",
            ),
        ]
        indexes = [models.Index(fields=["kpi", "period"], name="comparator_kpi_period")]

    def __str__(self) -> str:
        return f"{self.name} {self.kpi} {self.period:%Y}: {self.value}"


class StatisticalNeighbour(models.Model):
    """DfE's statistical neighbours: for each authority (by DfE number), its ten closest."""

    la_number = models.CharField(max_length=3)
    neighbour_la_number = models.CharField(max_length=3)
    rank = models.PositiveSmallIntegerField()
    closeness = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["la_number", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["la_number", "rank"], name="neighbour_rank_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.la_number} → {self.neighbour_la_number} ({self.rank})"


class OfficialInspection(models.Model):
    """An area SEND inspection outcome as Ofsted published it (2016 framework)."""

    la_code = models.CharField(max_length=9)
    area_name = models.CharField(max_length=200)
    started_on = models.DateField()
    published_on = models.DateField(null=True, blank=True)
    wsoa_required = models.BooleanField()
    significant_weaknesses = models.PositiveSmallIntegerField(null=True, blank=True)
    revisit_started_on = models.DateField(null=True, blank=True)
    revisit_sufficient_progress = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["la_code", "started_on"]

    def __str__(self) -> str:
        return f"{self.area_name} {self.started_on:%Y}"


class KpiException(models.Model):
    """The owner's commentary on a KPI that is worse than both its target and England."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="kpi_exceptions")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="+")
    period = models.DateField()
    what = models.TextField("What is happening")
    why = models.TextField("Why")
    next_steps = models.TextField("What happens next")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "kpi", "period"], name="kpi_exception_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.period:%Y-%m}"
