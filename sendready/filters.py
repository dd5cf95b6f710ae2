import django_filters

from areas.models import Membership
from areas.ratings.models import is_stale
from common.filters import GovukFilterSet


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
        # Asks the one rule (`is_stale`) of each area rather than restating it in SQL:
        # a user's memberships are few.
        wanted = value == "yes"
        chosen = [m.pk for m in queryset if is_stale(m.latest_agreed_month) == wanted]
        return queryset.filter(pk__in=chosen)
