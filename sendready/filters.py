import django_filters
from django.db.models import Q

from areas.models import Membership
from common.filters import GovukFilterSet
from common.months import previous_month, this_month


class OverviewFilter(GovukFilterSet):
    """Filters for the overview of the user's areas (on annotated memberships)."""

    area = django_filters.CharFilter(
        field_name="area__name", lookup_expr="icontains", label="Area name contains"
    )
    role = django_filters.ChoiceFilter(
        choices=Membership.Role.choices, label="Your role", empty_label="Any role"
    )
    stale = django_filters.ChoiceFilter(
        label="Agreed recently",
        choices=[("yes", "No month agreed in the last two months"), ("no", "Agreed recently")],
        empty_label="Any",
        method="filter_stale",
    )

    class Meta:
        model = Membership
        fields = ["area", "role", "stale"]

    def filter_stale(self, queryset, name, value):
        cutoff = previous_month(this_month())
        stale = Q(latest_agreed_month__isnull=True) | Q(latest_agreed_month__lt=cutoff)
        return queryset.filter(stale) if value == "yes" else queryset.exclude(stale)
