import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from common.tables import QUICK_TEMPLATE, DateColumn, QuickTable

STALE_TAG = mark_safe('<strong class="govuk-tag govuk-tag--yellow">No – overdue</strong>')


class OverviewTable(QuickTable):
    """One local area a row; a column per judgement area is added by `for_columns`."""

    area = tables.Column(verbose_name="Local area", order_by=("area__name",))
    role = tables.Column(verbose_name="Your role")
    latest_agreed_month = DateColumn(format="M Y", verbose_name="Latest agreed")
    reds = tables.Column(verbose_name="Red now")
    red_change = tables.Column(verbose_name="Change in red")
    stale = tables.Column(verbose_name="Agreed recently")

    class Meta:
        attrs = {"class": "govuk-table app-overview"}
        orderable = True
        empty_text = "No local areas match these filters."
        sequence = ("area", "role", "latest_agreed_month", "...", "reds", "red_change", "stale")
        template_name = QUICK_TEMPLATE

    @classmethod
    def for_columns(cls, rows, columns, **kwargs):
        extra = [
            (
                column.key,
                # Sorts by the count at the worst level (red), the board's first question.
                tables.Column(verbose_name=column.label, order_by=(column.sort_key,)),
            )
            for column in columns
        ]
        table = cls(rows, extra_columns=extra, **kwargs)
        table.judgement_area_keys = [column.key for column in columns]
        return table

    def row_cells(self, record: dict) -> list[str]:
        """The cells the columns and render methods give, written directly (QuickTable):
        an empty value shows the table's default, as django-tables2 does."""
        if not hasattr(self, "dashboard_url"):
            # reverse() once a table: each area's URL is this prefix and its slug.
            self.dashboard_url = reverse("dashboard", args=["x"])[:-2]
        month, change = record["latest_agreed_month"], record["red_change"]
        return [
            self.render_area(record["area"]),
            self.text(record["role"]),
            self.render_latest_agreed_month(month) if month else self.default,
            *(self.text(record[key]) for key in self.judgement_area_keys),
            self.text(record["reds"]),
            self.render_red_change(change) if change is not None else self.default,
            self.render_stale(record["stale"]),
        ]

    def render_area(self, value):
        url = getattr(self, "dashboard_url", None)
        return format_html(
            '<a class="govuk-link" href="{}">{}</a>',
            f"{url}{value.slug}/" if url else reverse("dashboard", args=[value.slug]),
            value.name,
        )

    def render_latest_agreed_month(self, value):
        return value.strftime("%b %Y") if value else "None agreed"

    def render_red_change(self, value):
        if value == 0:
            return "No change"
        word = "more" if value > 0 else "fewer"
        return f"{abs(value)} {word}"

    def render_stale(self, value):
        if value:
            return STALE_TAG
        return "Yes"

    def value_stale(self, value):
        return "No" if value else "Yes"
