from html import escape

import django_tables2 as tables
from django.utils.safestring import mark_safe

from actions.models import Action, Partner
from common.tables import QUICK_TEMPLATE, DateColumn, QuickDates, QuickTable, url_before_last

DUE_FORMAT = "j M Y"


class ActionTable(QuickTable):
    workstream = tables.Column(accessor="workstream__code", verbose_name="Workstream")
    description = tables.Column(verbose_name="Action")
    owner = tables.Column()
    partner = tables.Column(accessor="get_partner_display", order_by=("partner",))
    due_on = DateColumn(verbose_name="Due", format=DUE_FORMAT)
    status = tables.Column()
    overdue = tables.Column(verbose_name="Overdue")
    criteria = tables.Column(verbose_name="Criteria", orderable=False, empty_values=())

    class Meta:
        model = Action
        fields = ()
        sequence = (
            "workstream",
            "description",
            "owner",
            "partner",
            "due_on",
            "status",
            "overdue",
            "criteria",
        )
        attrs = {"class": "govuk-table app-actions-table"}
        empty_text = "No actions match these filters."
        template_name = QUICK_TEMPLATE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.url_starts: dict[int, str] = {}  # plan pk: its actions' URL up to the pk
        self.due_dates = QuickDates(DUE_FORMAT)

    def action_url(self, action: Action) -> str:
        """action.get_absolute_url(), reversed once a plan rather than once a row."""
        plan = action.workstream.plan
        start = self.url_starts.get(plan.pk)
        if start is None:
            start = url_before_last("plans:action", plan.area.slug, plan.pk)
            self.url_starts[plan.pk] = start
        return f"{start}{action.pk}/"

    def row_cells(self, record: Action) -> list[str]:
        """The cells the render methods below give, written directly (see QuickTable)."""
        return [
            self.text(record.workstream.code),
            self.render_description(record.description, record),
            self.text(record.owner),
            self.text(PARTNERS.get(record.partner, record.partner)),
            self.due_dates(record.due_on),
            self.render_status(STATUSES.get(record.status, record.status), record),
            self.render_overdue(record.overdue),  # type: ignore[attr-defined]  # with_overdue()
            self.render_criteria(record),
        ]

    def render_description(self, value, record):
        short = value if len(value) < 120 else value[:117] + "…"
        url = escape(self.action_url(record))
        return mark_safe(f'<a class="govuk-link" href="{url}">{escape(short)}</a>')

    def value_description(self, value):
        return value  # in full in a download; the page shortens it

    def render_status(self, value, record):
        return status_tag(record.status, value)

    def render_overdue(self, value):
        return OVERDUE_TAG if value else "No"

    def render_criteria(self, record):
        # criteria_labels: set by selectors.plan_page_actions (one query for every action)
        return mark_safe(", ".join(map(escape, record.criteria_labels)) or "–")


# get_FOO_display() builds a dict of the choices on every call: once here instead.
PARTNERS = dict(Partner.choices)
STATUSES = dict(Action.Status.choices)
OVERDUE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--red">Overdue</strong>')


# Status tags carry the word; the colour only repeats it.
STATUS_TAG: dict[str, str] = {
    Action.Status.NOT_STARTED: "govuk-tag--grey",
    Action.Status.ON_TRACK: "govuk-tag--green",
    Action.Status.AT_RISK: "govuk-tag--orange",
    Action.Status.OFF_TRACK: "govuk-tag--red",
    Action.Status.COMPLETE: "govuk-tag--blue",
    Action.Status.CLOSED: "govuk-tag--grey",
}


def status_tag(status: str, label: str) -> str:
    """An action's status as a GOV.UK tag (plans/_status.html)."""
    return mark_safe(f'<strong class="govuk-tag {STATUS_TAG[status]}">{escape(label)}</strong>')
