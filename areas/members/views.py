import logging
from smtplib import SMTPException

from django.contrib import messages
from django.db.models import Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.errors import Refused

from . import services
from .access import area_view
from .forms import InvitationForm
from .models import Membership
from .permissions import can_manage_members

logger = logging.getLogger(__name__)


@area_view(can_manage_members)
def members(request, membership):
    area = membership.area
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        try:
            services.member_invite(
                area=area,
                email=email,
                role=role,
                by=request.user,
                absolute_url=request.build_absolute_uri,
            )
        except Refused as refusal:
            messages.error(request, str(refusal))
        except (SMTPException, OSError):
            logger.exception("An invitation to %s was saved but its email was not sent", area)
            messages.warning(
                request,
                f"{email} has the role {Membership.Role(role).label} in {area}, but the email "
                "to them could not be sent. Invite them again later to send it.",
            )
        else:
            # The same words whether or not the address had an account.
            role_name = Membership.Role(role).label
            messages.success(
                request, f"{email} has the role {role_name} in {area}. We have emailed them."
            )
        return redirect("members:members", area=area.slug)
    return render(
        request,
        "members/members.html",
        {
            "membership": membership,
            "area": area,
            "nav": "members",
            "form": form,
            "members": members_as_shown(area),
        },
    )


def members_as_shown(area):
    """The area's people in the order of what the page shows of them (their email
    address, or username if they have none): never in an order the page does not show."""
    shown = Coalesce(NullIf("user__email", Value("")), "user__username")
    return Membership.objects.for_area(area).select_related("user").order_by(Lower(shown))


@area_view(can_manage_members)
@require_POST
def member_remove(request, membership, pk):
    target = get_object_or_404(
        Membership.objects.for_area(membership.area).select_related("user", "area"), pk=pk
    )
    try:
        services.membership_remove(membership=target, by=request.user)
    except Refused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{target.user.get_username()} removed from {target.area}.")
    return redirect("members:members", area=membership.area.slug)
