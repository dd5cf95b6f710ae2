"""Who may do what in a local area, decided from their role there.

This is the one place: views check these functions (through `area_view`), and
templates ask the same questions through `abilities`, e.g.
`{% if abilities.agree_month %}` — never by comparing role names."""

from .models import Membership

Role = Membership.Role

EDITORS = {Role.OFFICER, Role.LEAD}
SCRUTINY_EDITORS = {Role.SCRUTINY, Role.LEAD}


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


def can_delete_month(membership: Membership) -> bool:
    """Delete a month started by mistake (one nobody has saved)."""
    return membership.role == Role.LEAD


def can_switch_framework(membership: Membership) -> bool:
    """Move the area's tracker to another framework from a month on."""
    return membership.role == Role.LEAD


def can_import_tracker(membership: Membership) -> bool:
    """Import ratings from a spreadsheet the area kept before."""
    return membership.role in EDITORS


def can_freeze_pack(membership: Membership) -> bool:
    """Freeze the papers for a meeting, unchangeable from then on."""
    return membership.role == Role.LEAD


def can_manage_members(membership: Membership) -> bool:
    return membership.role == Role.LEAD


def can_edit_self_evaluation(membership: Membership) -> bool:
    return membership.role in EDITORS


def can_publish_self_evaluation(membership: Membership) -> bool:
    return membership.role == Role.LEAD


def can_edit_kpis(membership: Membership) -> bool:
    return membership.role in EDITORS


def can_edit_plans(membership: Membership) -> bool:
    return membership.role in EDITORS


def can_edit_scrutiny(membership: Membership) -> bool:
    return membership.role in SCRUTINY_EDITORS


def can_report_linked_progress(membership: Membership) -> bool:
    """Officers report progress on recommendations delivered through plan actions
    (that progress is theirs to report), as well as those who edit scrutiny."""
    return membership.role == Role.OFFICER or can_edit_scrutiny(membership)


def can_view_activity(membership: Membership) -> bool:
    """Everyone but scrutiny officers, who follow their own records."""
    return membership.role in {Role.OFFICER, Role.LEAD, Role.BOARD}


def can_record_recommendation_progress(membership: Membership, recommendation) -> bool:
    if can_edit_scrutiny(membership):
        return True
    return can_report_linked_progress(membership) and recommendation.actions.exists()


# Every ability a template may ask about, by the name it asks with.
ABILITIES = {
    "view_area": can_view_area,
    "edit_ratings": can_edit_ratings,
    "start_month": can_start_month,
    "agree_month": can_agree_month,
    "reopen_month": can_reopen_month,
    "delete_month": can_delete_month,
    "switch_framework": can_switch_framework,
    "import_tracker": can_import_tracker,
    "freeze_pack": can_freeze_pack,
    "manage_members": can_manage_members,
    "edit_self_evaluation": can_edit_self_evaluation,
    "publish_self_evaluation": can_publish_self_evaluation,
    "edit_kpis": can_edit_kpis,
    "edit_plans": can_edit_plans,
    "edit_scrutiny": can_edit_scrutiny,
    "report_linked_progress": can_report_linked_progress,
    "view_activity": can_view_activity,
}


def abilities(membership: Membership) -> dict[str, bool]:
    """What the templates may show, in one dict: `abilities.<name>`."""
    return {name: allowed(membership) for name, allowed in ABILITIES.items()}
