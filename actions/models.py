"""The app's models, one package per feature; imported here so that Django registers
them under the `actions` label (their tables keep their names)."""

from .plans.models import (
    Action,
    ActionPointLink,
    Finding,
    ImprovementPlan,
    Inspection,
    Milestone,
    Partner,
    ProgressUpdate,
    Workstream,
)
from .scrutiny.models import Recommendation, RecommendationUpdate, Response, ScrutinyReview

__all__ = [
    "Action",
    "ActionPointLink",
    "Finding",
    "ImprovementPlan",
    "Inspection",
    "Milestone",
    "Partner",
    "ProgressUpdate",
    "Recommendation",
    "RecommendationUpdate",
    "Response",
    "ScrutinyReview",
    "Workstream",
]
