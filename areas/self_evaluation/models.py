"""An area's self-evaluation: versions, each a list of points per inspection question."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from areas.members.models import LocalArea
from common.models import EditedBy, TimeStamped
from common.querysets import AreaOwnedQuerySet
from common.withdrawal import Withdrawable, WithdrawableQuerySet
from frameworks.models import Criterion, Framework, JudgementArea, Kpi


class SelfEvaluationVersion(TimeStamped, EditedBy):
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

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

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
        return reverse("self_evaluation:version", args=[self.area.slug, self.number])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class SelfEvaluationPoint(Withdrawable):
    """A point of one version. In a draft it can be corrected, deleted (if it was never
    published) or withdrawn; in a published version it never changes."""

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

    area_path = "version__area"
    objects = WithdrawableQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["criteria", "kpis"])

    class Meta(Withdrawable.Meta):
        ordering = ["version", "judgement_area__order", "kind", "order", "pk"]
        constraints = [
            *Withdrawable.Meta.constraints,
            models.UniqueConstraint(fields=["version", "key"], name="self_evaluation_point_key"),
        ]

    def __str__(self) -> str:
        return f"{self.label} – {self.explanation[:60]}"
