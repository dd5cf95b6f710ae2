"""Who may change plans, inspections and actions: officers and leads of the area."""

from areas.models import Membership

EDITORS = {Membership.Role.OFFICER, Membership.Role.LEAD}


def can_edit_plans(membership: Membership) -> bool:
    return membership.role in EDITORS


SCRUTINY_EDITORS = {Membership.Role.SCRUTINY, Membership.Role.LEAD}


def can_edit_scrutiny(membership: Membership) -> bool:
    return membership.role in SCRUTINY_EDITORS


def can_record_recommendation_progress(membership: Membership, recommendation) -> bool:
    """Scrutiny officers and leads; officers too when the recommendation is delivered
    through an improvement-plan action (its progress is theirs to report)."""
    if can_edit_scrutiny(membership):
        return True
    return membership.role == Membership.Role.OFFICER and recommendation.actions.exists()
