"""Load the local area named in a URL for the signed-in user, checking their role.

An area the user has no role in is a 404 (its existence is not confirmed);
a role without the right to do something is a 403.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404

from areas.members.permissions import abilities
from areas.models import LocalArea, Membership
from common.rows import columns_of, instance_from_row

Permission = Callable[[Membership], bool]


def membership_or_404(user, area_slug: str) -> Membership:
    """The user's membership of the area, with the area and `holds_another_area` (so
    pages can leave out a link to "your areas" for someone who has only this one), in
    one query. Written by hand: every area page asks it, and the ORM took 2 ms of its
    2.6 ms to build it. The area's framework is not joined: few pages show more of it
    than its id."""
    found = membership_row(user.pk, area_slug)
    if found is None:
        raise Http404("You have no role in an area of that name.")
    membership_values, area_values, holds_another_area = found
    membership = instance_from_row(Membership, membership_values)
    membership.area = instance_from_row(LocalArea, area_values)
    membership.holds_another_area = bool(holds_another_area)  # type: ignore[attr-defined]
    return membership


def membership_row(user_id: int, area_slug: str):
    """(the membership's values, the area's values, holds another area) or None."""
    quote = connection.ops.quote_name
    memberships, areas = quote(Membership._meta.db_table), quote(LocalArea._meta.db_table)
    sql = (
        f"SELECT {columns_of(Membership, 'm')}, {columns_of(LocalArea, 'a')}, "  # noqa: S608 - names from the models
        f"EXISTS (SELECT 1 FROM {memberships} o WHERE o.user_id = m.user_id "
        "AND o.area_id <> m.area_id) "
        f"FROM {memberships} m JOIN {areas} a ON a.id = m.area_id "
        "WHERE m.user_id = %s AND a.slug = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, area_slug])
        row = cursor.fetchone()
    if row is None:
        return None
    split = len(Membership._meta.concrete_fields)
    return row[:split], row[split:-1], row[-1]


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
