import django_tables2 as tables
from django.utils.html import format_html, format_html_join

from actions.models import Action
from common.tables import DateColumn, QuickTable


class ActionTable(QuickTable):
    workstream = tables.Column(accessor="workstream__code", verbose_name="Workstream")
    description = tables.Column(verbose_name="Action")
    owner = tables.Column()
    partner = tables.Column(accessor="get_partner_display", order_by=("partner",))
    due_on = DateColumn(verbose_name="Due", format="j M Y")
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

    def render_description(self, value, record):
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            record.get_absolute_url(),
            value if len(value) < 120 else value[:117] + "…",
        )

    def value_description(self, value):
        return value  # in full in a download; the page shortens it

    def render_status(self, value, record):
        return format_html(
            '<strong class="govuk-tag {}">{}</strong>', STATUS_TAG[record.status], value
        )

    def render_overdue(self, value):
        return (
            format_html('<strong class="govuk-tag govuk-tag--red">Overdue</strong>')
            if value
            else "No"
        )

    def render_criteria(self, record):
        return format_html_join(", ", "{}", ((c.label,) for c in record.criteria.all())) or "–"


# Status tags carry the word; the colour only repeats it.
STATUS_TAG = {
    Action.Status.NOT_STARTED: "govuk-tag--grey",
    Action.Status.ON_TRACK: "govuk-tag--green",
    Action.Status.AT_RISK: "govuk-tag--orange",
    Action.Status.OFF_TRACK: "govuk-tag--red",
    Action.Status.COMPLETE: "govuk-tag--blue",
    Action.Status.CLOSED: "govuk-tag--grey",
}
