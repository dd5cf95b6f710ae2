"""Who may change plans, inspections and actions: officers and leads of the area."""

from areas.models import Membership

EDITORS = {Membership.Role.OFFICER, Membership.Role.LEAD}


def can_edit_plans(membership: Membership) -> bool:
    return membership.role in EDITORS
