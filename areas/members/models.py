"""Local areas and who works in them, with one role per area."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from common.models import EditedBy, TimeStamped
from common.querysets import AreaOwnedQuerySet
from frameworks.models import Framework


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
        help_text="The framework the area works to now (each month keeps its own).",
    )
    is_demo = models.BooleanField(
        default=False, help_text="Holds generated demonstration data, not real ratings."
    )
    demo_note = models.TextField(
        blank=True,
        help_text="For a demonstration area: which published paper its content comes from "
        "and what is invented.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("dashboard", kwargs={"area": self.slug})


class FrameworkSwitch(TimeStamped, EditedBy):
    """An area's tracker moved to another framework from a month on: earlier months
    stay rated against the framework they were rated against."""

    area = models.ForeignKey(LocalArea, on_delete=models.CASCADE, related_name="switches")
    from_framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    to_framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    from_month = models.DateField(help_text="The first month rated against the new framework.")

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["from_month"]
        constraints = [
            models.UniqueConstraint(fields=["area", "from_month"], name="switch_one_per_month"),
            models.CheckConstraint(
                condition=models.Q(from_month__day=1), name="switch_month_is_first_day"
            ),
            models.CheckConstraint(
                condition=~models.Q(from_framework=models.F("to_framework")),
                name="switch_to_another_framework",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} moved to {self.to_framework} from {self.from_month:%B %Y}"


def framework_in_force(area: LocalArea, month: dt.date, switches: list[FrameworkSwitch]) -> int:
    """The id of the framework `area` rates `month` against, given its switches
    (oldest first): before the first switch, the framework it switched from."""
    if not switches:
        return area.framework_id
    framework_id = switches[0].from_framework_id
    for switch in switches:
        if switch.from_month <= month:
            framework_id = switch.to_framework_id
    return framework_id


class Membership(TimeStamped, EditedBy):
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

    area_path = "area"
    objects = AreaOwnedQuerySet.as_manager()
    history = HistoricalRecords()

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
