"""Writes to who works in an area: invite someone, give a role, change it, remove it."""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from common.errors import Refused
from common.services import deleted, saved, validated_save
from frameworks.models import Framework

from .emails import AbsoluteUrl, role_email_send
from .models import LocalArea, Membership


@transaction.atomic
def area_save(
    *,
    by,
    slug: str,
    name: str,
    framework: Framework,
    ons_code: str = "",
    la_number: str = "",
    region: str = "",
    is_demo: bool = False,
    demo_note: str = "",
) -> LocalArea:
    """Create the local area with this slug, or bring the one that exists up to date.
    `framework` is only a new area's: an area changes framework by a switch, from a month
    on (areas.ratings.services.framework_switch), never by being saved again."""
    area = LocalArea.objects.select_for_update().filter(slug=slug).first() or LocalArea(slug=slug)
    if area.pk is None:
        area.framework = framework
    area.name, area.is_demo, area.demo_note = name, is_demo, demo_note
    area.ons_code, area.la_number, area.region = ons_code, la_number, region
    return validated_save(area, by=by)


@transaction.atomic
def membership_set(*, area: LocalArea, user, role: str, by) -> Membership:
    """Give `user` a role in `area`, or change the role they have."""
    membership = Membership.objects.select_for_update().filter(area=area, user=user).first()
    if membership and membership.role == Membership.Role.LEAD and role != Membership.Role.LEAD:
        refuse_if_last_lead(membership)
    membership = membership or Membership(area=area, user=user)
    membership.role = role
    return saved(membership, by=by)


@transaction.atomic
def member_invite(
    *, area: LocalArea, email: str, role: str, by, absolute_url: AbsoluteUrl
) -> Membership:
    """Give the person with this email address `role` in `area`, making their account
    (username the address, no password yet) if none has the address. Once saved, they
    are emailed: a link to set their password, or, if they have one, that they have the
    role. The caller says the same either way: whether an account existed stays unsaid."""
    LocalArea.objects.select_for_update().get(pk=area.pk)  # one change of people at a time
    user = account_for_email(email, by=by)
    membership = membership_set(area=area, user=user, role=role, by=by)
    # After the commit (nothing is emailed about a change that was undone). A mail server
    # that fails raises from here once the role is saved: the caller says so.
    send = partial(
        role_email_send, membership=membership, to=email, by=by, absolute_url=absolute_url
    )
    transaction.on_commit(send)
    return membership


def account_for_email(email: str, *, by):
    """The account using `email` (as its address or its username), or a new one named
    after it, which cannot sign in until its owner sets a password."""
    User = get_user_model()
    same = Q(email__iexact=email) | Q(**{f"{User.USERNAME_FIELD}__iexact": email})
    existing = User.objects.filter(same).order_by("pk").first()
    if existing is not None:
        return existing
    user = User(**{User.USERNAME_FIELD: email}, email=email)
    user.set_unusable_password()
    try:
        return validated_save(user, by=by)
    except Refused:
        # Made at the same moment by another invitation: use that one.
        found = User.objects.filter(same).order_by("pk").first()
        if found is None:
            raise
        return found


@transaction.atomic
def membership_remove(*, membership: Membership, by) -> None:
    # Who works in an area changes one request at a time (the area's row is the lock),
    # and the row is read again so that the history keeps what was removed.
    LocalArea.objects.select_for_update().get(pk=membership.area_id)
    current = Membership.objects.select_related("user", "area").filter(pk=membership.pk).first()
    if current is None:
        raise Refused(f"{membership.user.get_username()} has already been removed.")
    membership = current
    if membership.role == Membership.Role.LEAD:
        refuse_if_last_lead(membership)
    deleted(membership, by=by)


def refuse_if_last_lead(membership: Membership) -> None:
    # Lock the area first: two leads removing each other at once must take turns,
    # or each would see the other still there and the area would end with none.
    LocalArea.objects.select_for_update().get(pk=membership.area_id)
    leads = Membership.objects.filter(area_id=membership.area_id, role=Membership.Role.LEAD)
    if not leads.exclude(pk=membership.pk).exists():
        raise Refused(
            f"{membership.user.get_username()} is the only lead for {membership.area}; "
            "an area needs at least one lead."
        )
