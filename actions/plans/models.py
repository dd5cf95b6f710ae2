"""Inspections and their findings, improvement plans (a Written Statement of Action
and its successors), workstreams, actions, milestones and progress."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from areas.members.models import LocalArea
from common.models import EditedBy, TimeStamped
from common.querysets import AreaOwnedQuerySet, flag
from common.withdrawal import Withdrawable, WithdrawableQuerySet
from frameworks.models import Criterion, Framework


class Partner(models.TextChoices):
    COUNCIL = "council", "Council"
    HEALTH = "health", "Health"
    JOINT = "joint", "Council and health jointly"
    EDUCATION = "education", "Education settings"
    PARENT_CARER_FORUM = "forum", "Parent carer forum"


# Engagement meetings and thematic visits (Inspection.Kind) have no outcome of their own;
# named here as well as in the model's rules because its database check needs them too.
KINDS_WITHOUT_OUTCOME = ["engagement", "thematic"]


class Inspection(TimeStamped, EditedBy):
    class Kind(models.TextChoices):
        FULL = "full", "Full inspection"
        REVISIT = "revisit", "Revisit"
        MONITORING = "monitoring", "Monitoring visit"
        # Area SEND (2023) activities that are not full inspections: recorded with their
        # dates and what was said, with no outcome of their own.
        ENGAGEMENT_MEETING = "engagement", "Engagement meeting"
        THEMATIC_VISIT = "thematic", "Thematic visit"

    class Outcome(models.TextChoices):
        WSOA_REQUIRED = "wsoa", "Written statement of action required"
        NO_WSOA = "no_wsoa", "No written statement of action"
        SUFFICIENT_PROGRESS = "progress", "Sufficient progress"
        INSUFFICIENT_PROGRESS = "no_progress", "Not sufficient progress"
        POSITIVE = "positive", "Typically positive experiences and outcomes"
        INCONSISTENT = "inconsistent", "Inconsistent experiences and outcomes"
        SYSTEMIC_FAILINGS = "systemic", "Widespread and/or systemic failings"
        OTHER = "other", "Other"

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="inspections")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.FULL)
    started_on = models.DateField("Inspection started")
    published_on = models.DateField("Report published", null=True, blank=True)
    outcome_category = models.CharField(
        "Outcome",
        max_length=12,
        choices=Outcome.choices,
        blank=True,
        help_text="Not for an engagement meeting or a thematic visit, which have none.",
    )
    outcome = models.TextField("Outcome in the report's words", blank=True)
    report_url = models.URLField("Published report", blank=True)
    is_demo = models.BooleanField(default=False)

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    WITHOUT_OUTCOME = KINDS_WITHOUT_OUTCOME

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome_category="") | models.Q(kind__in=KINDS_WITHOUT_OUTCOME),
                name="inspection_has_an_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.started_on:%B %Y}"

    def clean(self):
        if not self.outcome_category and self.kind not in self.WITHOUT_OUTCOME:
            raise ValidationError({"outcome_category": "Choose the outcome"})

    def get_absolute_url(self) -> str:
        return reverse("plans:inspection", args=[self.area.slug, self.pk])


class Finding(Withdrawable):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        SIGNIFICANT_WEAKNESS = "weakness", "Significant weakness"
        AREA_FOR_IMPROVEMENT = "improvement", "Area for improvement"
        PRIORITY_ACTION = "priority", "Priority action"

    WEAKNESSES = [Kind.SIGNIFICANT_WEAKNESS, Kind.AREA_FOR_IMPROVEMENT, Kind.PRIORITY_ACTION]

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    number = models.PositiveIntegerField(default=1, help_text="Its order in the report.")
    text = models.TextField()
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="+")
    is_demo = models.BooleanField(default=False)

    area_path = "inspection__area"
    objects = WithdrawableQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["criteria"])

    class Meta(Withdrawable.Meta):
        ordering = ["inspection", "kind", "number"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}: {self.text[:60]}"

    @property
    def is_weakness(self) -> bool:
        return self.kind in self.WEAKNESSES


class ImprovementPlan(TimeStamped, EditedBy):
    class Kind(models.TextChoices):
        WSOA = "wsoa", "Written statement of action"
        PRIORITY_ACTION_PLAN = "priority", "Priority action plan"
        IMPROVEMENT_PLAN = "improvement", "SEND improvement plan"
        SELF_DIRECTED = "self", "Self-directed plan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="plans")
    inspection = models.ForeignKey(
        Inspection, on_delete=models.SET_NULL, null=True, blank=True, related_name="plans"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    starts_on = models.DateField("Start date")
    ends_on = models.DateField("End date", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    governance = models.CharField(
        max_length=200, blank=True, help_text="The board or group that owns the plan."
    )
    budget = models.DecimalField(
        "Budget (£)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    is_demo = models.BooleanField(default=False)

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:plan", args=[self.area.slug, self.pk])


class Workstream(EditedBy):
    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="workstreams")
    code = models.CharField(max_length=10, help_text="e.g. A")
    title = models.CharField(max_length=200)
    lead_partner = models.CharField(max_length=10, choices=Partner.choices)
    lead_officer = models.CharField(
        max_length=200, blank=True, help_text="A job title or a member of staff — never a child."
    )
    key_indicators = models.TextField(
        "Key indicators of what success looks like",
        blank=True,
        help_text="For a priority action plan: how the partnership will know this priority "
        "has been met.",
    )

    area_path = "plan__area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="workstream_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ActionQuerySet(AreaOwnedQuerySet):
    def open(self):
        return self.exclude(status__in=Action.FINISHED)

    def overdue(self, today: dt.date | None = None):
        return self.filter(Action.overdue_when(today))

    def with_overdue(self, today: dt.date | None = None):
        """Annotate each action's `overdue` (True or False), by the one rule."""
        return self.annotate(overdue=flag(Action.overdue_when(today)))


class Action(TimeStamped, EditedBy):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        OFF_TRACK = "off_track", "Off track"
        COMPLETE = "complete", "Complete"
        CLOSED = "closed", "Closed"

    FINISHED = [Status.COMPLETE, Status.CLOSED]

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.CharField(max_length=200, help_text="A job title or team.")
    partner = models.CharField(max_length=10, choices=Partner.choices)
    starts_on = models.DateField("Start date", null=True, blank=True)
    due_on = models.DateField("Due date")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    success_measure = models.TextField(blank=True)
    weaknesses = models.ManyToManyField(Finding, blank=True, related_name="actions")
    criteria = models.ManyToManyField(Criterion, blank=True, related_name="+")
    is_demo = models.BooleanField(default=False)

    area_path = "workstream__plan__area"
    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["criteria", "weaknesses"])

    class Meta:
        ordering = ["workstream", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(due_on__gte=models.F("starts_on")),
                name="action_due_after_start",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "not_started",
                        "on_track",
                        "at_risk",
                        "off_track",
                        "complete",
                        "closed",
                    ]
                ),
                name="action_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @classmethod
    def overdue_when(cls, today: dt.date | None = None) -> Q:
        """The rule for overdue: past its due date and neither complete nor closed.
        Due today is not overdue. Every page and count asks this."""
        return Q(due_on__lt=today or dt.date.today()) & ~Q(status__in=cls.FINISHED)

    def get_absolute_url(self) -> str:
        plan = self.workstream.plan
        return reverse("plans:action", args=[plan.area.slug, plan.pk, self.pk])

    @property
    def is_open(self) -> bool:
        return self.status not in self.FINISHED


class Milestone(EditedBy):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField("Due date")
    done_on = models.DateField("Done", null=True, blank=True)

    area_path = "action__workstream__plan__area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on"]

    def __str__(self) -> str:
        return self.title


class ProgressUpdate(Withdrawable):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    text = models.TextField()
    status_after = models.CharField(max_length=12, choices=Action.Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    area_path = "action__workstream__plan__area"
    objects = WithdrawableQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta(Withdrawable.Meta):
        ordering = ["-date", "-recorded_at"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.get_status_after_display()}"


class ActionPointLink(models.Model):
    """An action that delivers a self-evaluation point. It holds the point's key, which
    every version of the self-evaluation keeps, so the link survives new drafts."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="point_links")
    point_key = models.UUIDField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "point_key"], name="action_point_link_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action} → {self.point_key}"
