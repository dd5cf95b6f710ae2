"""The app's models, one package per feature; imported here so that Django registers
them under the `areas` label (their tables keep their names)."""

from .kpis.models import (
    ComparatorValue,
    KpiException,
    KpiTarget,
    KpiValue,
    LocalComparator,
    OfficialInspection,
    StatisticalNeighbour,
)
from .members.models import FrameworkSwitch, LocalArea, Membership
from .ratings.models import (
    AgreedRating,
    Agreement,
    Assessment,
    Rating,
    Reopening,
)
from .self_evaluation.models import SelfEvaluationPoint, SelfEvaluationVersion

__all__ = [
    "AgreedRating",
    "Agreement",
    "Assessment",
    "ComparatorValue",
    "FrameworkSwitch",
    "KpiException",
    "KpiTarget",
    "KpiValue",
    "LocalArea",
    "LocalComparator",
    "Membership",
    "OfficialInspection",
    "Rating",
    "Reopening",
    "SelfEvaluationPoint",
    "SelfEvaluationVersion",
    "StatisticalNeighbour",
]
