"""Load the local area named in a URL for the signed-in user, checking their role.

An area the user has no role in is a 404 (its existence is not confirmed);
a role without the right to do something is a 403.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from areas.members.permissions import abilities
from areas.models import Membership

Permission = Callable[[Membership], bool]


def membership_or_404(user, area_slug: str) -> Membership:
    """With `holds_another_area` (in the same query), so pages can leave out a link to
    "your areas" for someone who has only this one. The area's framework is not joined:
    few pages show more of it than its id, and reading it on every page cost more than
    the few extra queries."""
    another = Membership.objects.filter(user_id=OuterRef("user_id")).exclude(
        area_id=OuterRef("area_id")
    )
    return get_object_or_404(
        Membership.objects.select_related("area").annotate(holds_another_area=Exists(another)),
        user=user,
        area__slug=area_slug,
    )


def area_view(permission: Permission | None = None, *, write_permission: Permission | None = None):
    """Decorate a view taking `area` (a slug) from the URL.

    The view receives `membership` instead of the slug. `permission` must hold
    for every request; `write_permission` must hold for POSTs.
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, area, *args, **kwargs):
            membership = membership_or_404(request.user, area)
            if permission is not None and not permission(membership):
                raise PermissionDenied("Your role in this area cannot do this.")
            if (
                request.method == "POST"
                and write_permission is not None
                and not write_permission(membership)
            ):
                raise PermissionDenied("Your role in this area cannot change this.")
            request.area_membership = membership
            request.area_abilities = abilities(membership)
            return view(request, *args, membership=membership, **kwargs)

        return wrapped

    return decorator
