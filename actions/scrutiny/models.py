"""Scrutiny: a panel's reviews, recommendations, the cabinet's responses and progress."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import In
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actions.plans.models import Action
from areas.members.models import LocalArea
from common.models import EditedBy, TimeStamped
from common.querysets import AreaOwnedQuerySet, flag
from common.withdrawal import STANDING, Withdrawable, WithdrawableQuerySet
from frameworks.models import Criterion


class ScrutinyReview(TimeStamped, EditedBy):
    """A scrutiny panel's review, its recommendations and the cabinet's responses."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "Review in progress"
        REPORTED = "reported", "Reported to cabinet"
        MONITORING = "monitoring", "Monitoring progress"
        CLOSED = "closed", "Closed"

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="reviews")
    panel = models.CharField("Panel or committee", max_length=200)
    title = models.CharField(max_length=200)
    scope = models.TextField(blank=True)
    started_on = models.DateField("Review started", null=True, blank=True)
    reported_on = models.DateField("Reported to cabinet", null=True, blank=True)
    cabinet_decision_on = models.DateField("Cabinet decision", null=True, blank=True)
    report_url = models.URLField("Report", blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_PROGRESS)
    is_demo = models.BooleanField(default=False)

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("scrutiny:review", args=[self.area.slug, self.pk])


class RecommendationQuerySet(AreaOwnedQuerySet):
    def with_current(self, today: dt.date | None = None, *, dated: bool = True):
        """Annotate `current_assessment` and `current_date` (the latest standing
        update's, or None: a withdrawn update never counts) and `overdue`, by the one
        rule (`Recommendation.overdue_when`). Without `dated`, no `current_date`: a
        page that never shows it saves a subquery a row."""
        latest = RecommendationUpdate.objects.filter(STANDING, recommendation=OuterRef("pk"))
        latest = latest.order_by("-date", "-recorded_at", "-pk")
        current = {"current_assessment": Subquery(latest.values("assessment")[:1])}
        if dated:
            current["current_date"] = Subquery(latest.values("date")[:1])
        return self.annotate(**current).annotate(overdue=flag(Recommendation.overdue_when(today)))


class Recommendation(EditedBy):
    review = models.ForeignKey(
        ScrutinyReview, on_delete=models.CASCADE, related_name="recommendations"
    )
    number = models.PositiveIntegerField()
    theme = models.CharField(max_length=200, blank=True)
    text = models.TextField("Recommendation")
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="+")
    actions = models.ManyToManyField(Action, blank=True, related_name="recommendations")
    is_demo = models.BooleanField(default=False)

    area_path = "review__area"
    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["criteria", "actions"])

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "number"], name="recommendation_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Recommendation {self.number}"

    @staticmethod
    def overdue_when(today: dt.date | None = None) -> Q:
        """The rule for overdue (on rows annotated with `current_assessment`): past its
        target date and neither implemented nor superseded; a recommendation the cabinet
        did not accept is never overdue."""
        # No assessment yet counts as not settled. Coalesce names the subquery behind
        # `current_assessment` once, not twice (its cost is a third of the dashboard's
        # and scrutiny tracker's slowest query).
        assessment = Coalesce("current_assessment", Value(""))
        return (
            Q(response__target_date__lt=today or dt.date.today())
            & ~Q(response__decision="not_accepted")
            & ~Q(In(assessment, RecommendationUpdate.SETTLED))
        )

    @staticmethod
    def is_overdue(
        target_date: dt.date | None, decision: str | None, current_assessment: str | None, today
    ) -> bool:
        """`overdue_when` for values already read (`with_current`'s `current_assessment`,
        the response's decision and target date; None where there is no response): the
        dashboard reads these anyway, and asking the database as well named the latest
        update's subquery a second time for every recommendation (a quarter of its
        slowest query). tests/test_scrutiny.py checks the two agree on every case."""
        return (
            target_date is not None
            and target_date < today
            and decision != Response.Decision.NOT_ACCEPTED
            and (current_assessment or "") not in RecommendationUpdate.SETTLED
        )

    def get_absolute_url(self) -> str:
        return f"{self.review.get_absolute_url()}#recommendation-{self.number}"

    @property
    def takes_progress(self) -> bool:
        """Progress is recorded on what the cabinet accepted (or has yet to decide):
        a recommendation it did not accept will not be implemented."""
        response = getattr(self, "response", None)
        return response is None or response.decision != Response.Decision.NOT_ACCEPTED

    @property
    def settled(self) -> bool:
        """Nothing more to follow (on rows annotated by `with_current`): implemented,
        superseded, or not accepted by the cabinet."""
        done = getattr(self, "current_assessment", None) in RecommendationUpdate.SETTLED
        return done or not self.takes_progress


class Response(EditedBy):
    """The executive's (cabinet's) response to one recommendation."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        PARTIALLY = "partially", "Partially accepted"
        NOT_ACCEPTED = "not_accepted", "Not accepted"
        DEFERRED = "deferred", "Deferred"

    recommendation = models.OneToOneField(
        Recommendation, on_delete=models.CASCADE, related_name="response"
    )
    decision = models.CharField(max_length=12, choices=Decision.choices)
    text = models.TextField("Response")
    implementation = models.TextField("How it will be implemented", blank=True)
    responsible = models.CharField("Who is responsible", max_length=200, blank=True)
    target_date = models.DateField("Target date", null=True, blank=True)
    timescale = models.CharField(
        "Timescale as written", max_length=200, blank=True, help_text="e.g. 'Spring 2020'"
    )
    decision_date = models.DateField("Decision date", null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    area_path = "recommendation__review__area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(target_date__isnull=True)
                | Q(decision_date__isnull=True)
                | Q(target_date__gte=models.F("decision_date")),
                name="response_target_after_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.recommendation}"


class RecommendationUpdate(Withdrawable):
    """The panel's assessment of a recommendation at a meeting."""

    class Assessment(models.TextChoices):
        IMPLEMENTED = "implemented", "Implemented"
        ON_TRACK = "on_track", "On track"
        BEHIND = "behind", "Behind"
        NOT_IMPLEMENTED = "not_implemented", "Not implemented"
        SUPERSEDED = "superseded", "Superseded"

    # No longer expected to be done, so never overdue.
    SETTLED = [Assessment.IMPLEMENTED, Assessment.SUPERSEDED]

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="updates"
    )
    date = models.DateField()
    meeting = models.CharField(max_length=200, blank=True, help_text="e.g. 'Panel, 12 March 2020'")
    text = models.TextField("Progress")
    assessment = models.CharField("Panel's assessment", max_length=16, choices=Assessment.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    area_path = "recommendation__review__area"
    objects = WithdrawableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Withdrawable.Meta):
        ordering = ["-date", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.get_assessment_display()}"
