from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from common.errors import Refused

from . import services
from .access import area_view
from .forms import MembershipForm
from .models import Membership
from .permissions import can_manage_members


@area_view(can_manage_members)
def members(request, membership):
    area = membership.area
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set(
                area=area,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except Refused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{form.cleaned_data['username']} now has that role here.")
        return redirect("members:members", area=area.slug)
    return render(
        request,
        "members/members.html",
        {
            "membership": membership,
            "area": area,
            "nav": "members",
            "form": form,
            "members": Membership.objects.for_area(area).select_related("user"),
        },
    )


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
