"""The part of the criterion page that shows self-evaluation points (see AreasConfig)."""

from common.slots import Section

from . import selectors


def points_on_criterion(*, area, criterion) -> Section:
    return Section(
        "self_evaluation/_criterion_points.html",
        {"points": selectors.points_for_criterion(area, criterion)},
        order=2,
    )
