"""The parts of `areas` pages that show plan actions (registered in ActionsConfig)."""

from common.slots import Section

from . import selectors


def actions_on_criterion(*, area, criterion) -> Section:
    """Each action with its `url` and `status_label`, the URL reversed once a page
    (not once an action) with placeholders for the ids."""
    actions = list(selectors.criterion_actions(area, criterion))
    if actions:
        url = selectors.action_url(area.slug)
        labels = dict(selectors.STATUSES)
        for action in actions:
            action["url"] = url(action["plan_pk"], action["pk"])
            action["status_label"] = labels[action["status"]]
    return Section("plans/_criterion_actions.html", {"actions": actions}, order=1)


def actions_delivering_points(*, area, keys) -> Section:
    return Section("", {"by_key": selectors.actions_by_point_key(area, keys)})
