"""Who may do what in a local area, decided from their role there."""

from .models import Membership

Role = Membership.Role

EDITORS = {Role.OFFICER, Role.LEAD}


def can_view_area(membership: Membership | None) -> bool:
    return membership is not None


def can_edit_ratings(membership: Membership) -> bool:
    return membership.role in EDITORS


def can_start_month(membership: Membership) -> bool:
    return membership.role in EDITORS


def can_agree_month(membership: Membership) -> bool:
    return membership.role == Role.LEAD


def can_reopen_month(membership: Membership) -> bool:
    return membership.role == Role.LEAD


def can_manage_members(membership: Membership) -> bool:
    return membership.role == Role.LEAD


def abilities(membership: Membership) -> dict[str, bool]:
    """What the templates need to show or hide, in one dict."""
    return {
        "edit_ratings": can_edit_ratings(membership),
        "start_month": can_start_month(membership),
        "agree_month": can_agree_month(membership),
        "reopen_month": can_reopen_month(membership),
        "manage_members": can_manage_members(membership),
    }


def can_edit_self_evaluation(membership: Membership) -> bool:
    return membership.role in EDITORS


def can_publish_self_evaluation(membership: Membership) -> bool:
    return membership.role == Role.LEAD
