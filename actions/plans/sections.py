"""The parts of `areas` pages that show plan actions (registered in ActionsConfig)."""

from common.slots import Section

from . import selectors


def actions_on_criterion(*, area, criterion) -> Section:
    return Section(
        "plans/_criterion_actions.html",
        {"actions": selectors.criterion_actions(area, criterion)},
        order=1,
    )


def actions_delivering_points(*, area, keys) -> Section:
    return Section("", {"by_key": selectors.actions_by_point_key(area, keys)})
