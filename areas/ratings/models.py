"""The monthly RAG assessment of each criterion of an area's framework."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from areas.members.models import LocalArea
from common.models import EditedBy, TimeStamped
from common.months import previous_month, this_month
from common.querysets import AreaOwnedQuerySet
from frameworks.models import Criterion, Framework, RatingLevel

from .querysets import AssessmentQuerySet, RatingQuerySet


class Assessment(TimeStamped, EditedBy):
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

    area_path = "area"
    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        # No ordering on "area": it would join and sort by the area's name in every
        # query that orders by assessment (ratings included).
        ordering = ["-month"]
        constraints = [
            # One framework per month: an area that switches framework rates each
            # month against one of them, never both.
            models.UniqueConstraint(fields=["area", "month"], name="assessment_one_per_month"),
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
        return reverse("ratings:month", kwargs={"area": self.area.slug, "month": self.month_slug})

    @property
    def is_untouched(self) -> bool:
        """Nobody has saved, agreed or reopened it since it was started."""
        return self.version == 0

    @property
    def month_slug(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def is_agreed(self) -> bool:
        return self.status == self.Status.AGREED


def is_stale(latest_agreed_month: dt.date | None, today: dt.date | None = None) -> bool:
    """The rule for a stale area: no month agreed for this or the previous calendar
    month. The dashboard warning, the overview column and its filter all ask this."""
    if latest_agreed_month is None:
        return True
    return latest_agreed_month < previous_month(this_month(today))


class Reopening(models.Model):
    """A lead reopened an agreed month: who, when and why are kept."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reopenings")
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reopened_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()

    area_path = "assessment__area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

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
    # Set when the level was carried over from another framework's criteria by the
    # mapping, until someone reviews it: such a level is a starting point, not a view.
    carried_from = models.ForeignKey(
        Framework, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    area_path = "assessment__area"
    objects = RatingQuerySet.as_manager()
    history = HistoricalRecords()

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


class Agreement(models.Model):
    """One agreement of a month: what was agreed stays as it was, even after the month
    is reopened, changed and agreed again (each agreement keeps its own copy)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="agreements")
    number = models.PositiveIntegerField(help_text="1 for the first agreement of the month.")
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    agreed_at = models.DateTimeField()
    version = models.PositiveIntegerField(help_text="The month's version that was agreed.")

    area_path = "assessment__area"
    objects = AreaOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="agreement_number"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment}, agreement {self.number}"


class AgreedRating(models.Model):
    """A criterion's rating as it was agreed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(RatingLevel, on_delete=models.PROTECT, related_name="+")
    commentary = models.TextField(blank=True)
    next_steps = models.TextField(blank=True)
    evidence = models.TextField(blank=True)

    area_path = "agreement__assessment__area"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "criterion"], name="agreed_rating_one_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.level} (as agreed)"
