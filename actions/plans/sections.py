"""The parts of `areas` pages that show plan actions (registered in ActionsConfig)."""

from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from common.slots import Section

from . import selectors
from .tables import DUE_FORMAT, OVERDUE_TAG, STATUSES, status_tag


def actions_on_criterion(*, area, criterion) -> Section:
    """Each action as a list item (`items`), its URL reversed once a page (not once an
    action) with placeholders for the ids."""
    actions = selectors.criterion_actions(area, criterion)
    items = ""
    if actions:
        url = selectors.action_url(area.slug)
        items = mark_safe("".join(action_item(action, url) for action in actions))  # noqa: S308 - each item built by format_html
    return Section("plans/_criterion_actions.html", {"actions": actions, "items": items}, order=1)


def action_item(action: dict, url) -> str:
    """One action on the criterion page, as the template's loop wrote it (written here:
    a template include an action was a twentieth of the page)."""
    return format_html(
        '\n  <li><a class="govuk-link" href="{}">{}</a>\n    {}\n    {}\n'
        '    <span class="govuk-body-s">— {}, due {}</span></li>\n  ',
        url(action["plan_pk"], action["pk"]),
        Truncator(action["description"]).words(16, truncate=" …"),  # truncatewords:16
        status_tag(action["status"], STATUSES[action["status"]]),
        OVERDUE_TAG if action["overdue"] else "",
        action["plan_title"],
        date_format(action["due_on"], DUE_FORMAT),
    )


def actions_delivering_points(*, area, keys) -> Section:
    return Section("", {"by_key": selectors.actions_by_point_key(area, keys)})
