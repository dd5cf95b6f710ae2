"""Reads about an area itself: the frameworks it works to over time."""

import datetime as dt

from frameworks.models import Kpi

from .models import FrameworkSwitch, LocalArea, framework_in_force


def area_framework_ids(area: LocalArea) -> list[int]:
    """The frameworks the area has been rated against or works to, current first."""
    switched = FrameworkSwitch.objects.filter(area=area).values_list(
        "from_framework_id", "to_framework_id"
    )
    return list(dict.fromkeys([area.framework_id, *(pk for pair in switched for pk in pair)]))


def area_kpis_queryset(area: LocalArea):
    """The indicators in the catalogues of the frameworks the area works or worked to:
    moving to a new framework keeps the figures it has been collecting."""
    return Kpi.objects.filter(framework_id__in=area_framework_ids(area))


def framework_for_month(area: LocalArea, month: dt.date) -> int:
    """The id of the framework the area rates `month` against."""
    return framework_in_force(area, month, list(FrameworkSwitch.objects.filter(area=area)))
