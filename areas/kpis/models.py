"""An area's KPI figures, targets and commentary, and the official series they are
compared with (England, regions, every authority; statistical neighbours; inspections)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from areas.members.models import LocalArea
from common.models import EditedBy
from common.querysets import AreaOwnedQuerySet
from frameworks.models import Kpi


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

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kpi", "period", "variant"], name="kpi_value_one_per_period"
            ),
            # The ranges `rules.figure_problems` checks that need no other table.
            models.CheckConstraint(
                condition=models.Q(period__day=1), name="kpi_value_period_starts_on_first"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="kpi_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.period:%Y-%m}: {self.value}"


class KpiTarget(EditedBy):
    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="kpi_targets")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="+")
    period = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kpi", "period"], name="kpi_target_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period__day=1), name="kpi_target_period_starts_on_first"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="kpi_target_not_negative"
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


class LocalComparator(EditedBy):
    """A comparator the area enters itself, for an indicator with no official series (a
    local indicator): England's, its region's or its statistical neighbours' figure, as a
    published source gave it. The source is shown beside the figure."""

    class Level(models.TextChoices):
        ENGLAND = "england", "England"
        REGION = "region", "Region"
        NEIGHBOURS = "neighbours", "Statistical neighbours (average)"

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="kpi_comparators")
    kpi = models.ForeignKey(Kpi, on_delete=models.PROTECT, related_name="+")
    level = models.CharField("Compared with", max_length=12, choices=Level.choices)
    period = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(
        max_length=300,
        help_text="Where the figure was published, for example 'DfE SEN2 2023, table 3'.",
    )

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["kpi", "period", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "kpi", "level", "period"], name="local_comparator_one_per_period"
            ),
            models.CheckConstraint(
                condition=models.Q(period__day=1), name="local_comparator_period_starts_on_first"
            ),
            models.CheckConstraint(
                condition=models.Q(value__gte=0), name="local_comparator_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.kpi} {self.period:%Y-%m}: {self.value}"


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

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "kpi", "period"], name="kpi_exception_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} {self.period:%Y-%m}"
