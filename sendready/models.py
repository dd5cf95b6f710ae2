"""Meeting packs: the papers for one meeting as they were generated when a lead froze
them, with the figures they were built from. A pack never changes once frozen."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from areas.models import LocalArea
from common.errors import Refused
from common.querysets import AreaOwnedQuerySet


class Unchangeable(models.Model):
    """A record that is written once: saving it again, or deleting it, is refused."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise Refused("A frozen meeting pack cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise Refused("A frozen meeting pack cannot be deleted.")


class MeetingPack(Unchangeable):
    class Meeting(models.TextChoices):
        BOARD = "board", "Board"
        COMMITTEE = "committee", "Committee"

    area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="packs")
    meeting_kind = models.CharField(max_length=10, choices=Meeting.choices)
    meeting = models.CharField(max_length=200, help_text="e.g. SEND Partnership Board")
    meeting_date = models.DateField()
    month = models.DateField(help_text="The RAG month the papers report on.")
    frozen_at = models.DateTimeField()
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # What the papers were built from, to say what changed by the next pack: levels by
    # criterion, actions' statuses, recommendations' assessments, indicator exceptions.
    figures = models.JSONField()

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["figures"])

    class Meta:
        ordering = ["-frozen_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(month__day=1), name="pack_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}, {self.meeting_date:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("pack", args=[self.area.slug, self.pk])


class PackDocument(Unchangeable):
    pack = models.ForeignKey(MeetingPack, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=200)
    content = models.BinaryField()
    order = models.PositiveIntegerField()

    area_path = "pack__area"
    objects = AreaOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["pack", "order"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "order"], name="pack_document_order"),
        ]

    def __str__(self) -> str:
        return self.title
