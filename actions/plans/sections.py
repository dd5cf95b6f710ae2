"""The parts of `areas` pages that show plan actions (registered in ActionsConfig)."""

from django.urls import reverse

from common.slots import Section

from . import selectors

# Stands for a plan's and an action's ids in a reversed URL.
PLACEHOLDER = 9876543210


def actions_on_criterion(*, area, criterion) -> Section:
    """Each action with its `url` and `status_label`, the URL reversed once a page
    (not once an action) with placeholders for the ids."""
    actions = list(selectors.criterion_actions(area, criterion))
    if actions:
        url = reverse("plans:action", args=[area.slug, PLACEHOLDER, PLACEHOLDER])
        before, middle, after = url.rsplit(str(PLACEHOLDER), 2)
        labels = dict(selectors.STATUSES)
        for action in actions:
            action["url"] = f"{before}{action['plan_pk']}{middle}{action['pk']}{after}"
            action["status_label"] = labels[action["status"]]
    return Section("plans/_criterion_actions.html", {"actions": actions}, order=1)


def actions_delivering_points(*, area, keys) -> Section:
    return Section("", {"by_key": selectors.actions_by_point_key(area, keys)})
