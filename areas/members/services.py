"""Writes to who works in an area: give a role, change it, remove it."""

from __future__ import annotations

from django.db import transaction

from common.errors import Refused

from .models import LocalArea, Membership


@transaction.atomic
def membership_set(*, area: LocalArea, user, role: str, by) -> Membership:
    """Give `user` a role in `area`, or change the role they have."""
    membership = Membership.objects.select_for_update().filter(area=area, user=user).first()
    if membership and membership.role == Membership.Role.LEAD and role != Membership.Role.LEAD:
        _refuse_if_last_lead(membership)
    membership = membership or Membership(area=area, user=user)
    membership.role = role
    membership.full_clean(validate_unique=False)
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    if membership.role == Membership.Role.LEAD:
        _refuse_if_last_lead(membership)
    membership.delete()


def _refuse_if_last_lead(membership: Membership) -> None:
    leads = Membership.objects.filter(area_id=membership.area_id, role=Membership.Role.LEAD)
    if not leads.exclude(pk=membership.pk).exists():
        raise Refused(
            f"{membership.user.get_username()} is the only lead for {membership.area}; "
            "an area needs at least one lead."
        )
