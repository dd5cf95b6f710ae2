"""The front sheet of a paper, edited before it is downloaded."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from common.forms import date_field
from common.months import parse_month

SHORT, LONG = 200, 5000


def text(label: str, *, long=False, required=True, help_text="") -> forms.CharField:
    limit = LONG if long else SHORT
    return forms.CharField(
        label=label,
        max_length=limit,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}) if long else forms.TextInput,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "max_length": f"The {label.lower()} must be {limit} characters or fewer",
        },
    )


class ReadinessReportForm(forms.Form):
    month = forms.TypedChoiceField(
        label="Month reported on",
        coerce=parse_month,
        help_text="Compared with the month before it, against the same framework.",
        error_messages={"required": "Choose the month reported on"},
    )
    meeting = text("Meeting", help_text="For example, Children's Scrutiny Committee.")
    meeting_date = date_field("Meeting date")
    title = text("Title")
    author = text("Author", help_text="For example, Director of Education.")
    contact = text("Contact", required=False, help_text="A name, email or phone number.")
    purpose = text("Purpose of the report", long=True)
    recommendation = text("Recommendation", long=True)
    background = text("Background", long=True, required=False)
    cross_cutting = text(
        "Next steps across the criteria",
        long=True,
        required=False,
        help_text="Steps that apply to many criteria. Start a line with - for a bullet.",
    )

    def __init__(self, *args, months, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["month"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (f"{m.month:%Y-%m}", f"{m.month:%B %Y}{'' if m.is_agreed else ' (draft)'}")
            for m in months
        ]
        field.error_messages["invalid_choice"] = "Choose one of the area's months"
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.select("month", label_size=Size.SMALL),
            *(name for name in self.fields if name != "month"),
            Button("download", "Download the report (Word)"),
        )


class FreezePackForm(ReadinessReportForm):
    """The readiness report's front sheet, and which kind of meeting the pack is for."""

    meeting_kind = forms.ChoiceField(
        label="Kind of meeting",
        choices=[("board", "Board"), ("committee", "Committee")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "post"
        self.helper.layout = Layout(
            Field.radios("meeting_kind", legend_size=Size.SMALL, inline=True),
            Field.select("month", label_size=Size.SMALL),
            *(name for name in self.fields if name not in ("month", "meeting_kind")),
            Button("freeze", "Freeze the pack"),
        )
