import datetime as dt

from django import forms

from areas.members.selectors import area_kpis_queryset
from common.forms import GovukModelForm, date_field

from .imports import SIZE_LIMIT, text_size
from .models import KpiException, KpiTarget, KpiValue, LocalComparator
from .rules import figure_problems
from .selectors import local_kpis

PERIOD_HELP = (
    "A year starts on 1 January, a month on its 1st, terms on 1 September, 1 January and 1 April"
)


def kpi_choices(field, area) -> None:
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = area_kpis_queryset(area).order_by("order")
    field.error_messages["invalid_choice"] = "Choose one of the framework's indicators"


def add_figure_problems(form, *, today: dt.date | None) -> None:
    """The one set of KPI rules (`rules.figure_problems`), shown against the fields."""
    data = form.cleaned_data
    if data.get("kpi") is None:
        return
    problems = figure_problems(
        data["kpi"], period=data.get("period"), value=data.get("value"), today=today
    )
    for name, problem in problems.items():
        form.add_error(name, problem)


class KpiValueForm(GovukModelForm):
    period = date_field("Start of the period", help_text=PERIOD_HELP)

    class Meta:
        model = KpiValue
        fields = ["kpi", "period", "value", "variant", "vintage"]
        labels = {
            "kpi": "Indicator",
            "value": "Figure",
            "variant": "Version of the measure (optional)",
            "vintage": "Publication or revision (optional)",
        }
        help_texts = {
            "variant": "Only when the same indicator is counted in more than one way for one "
            "period, for example 'excluding exceptions'. Leave it blank otherwise.",
            "vintage": "Which release the figure comes from, for example 'SEN2 2023' or "
            "'revised March 2024', so a revised figure can be told from the first one.",
        }

    def __init__(self, *args, area, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.today = today or dt.date.today()
        kpi_choices(self.fields["kpi"], area)
        self.fields["value"].error_messages["invalid"] = "Enter the figure as a number"

    def clean(self):
        data = super().clean() or {}
        add_figure_problems(self, today=self.today)
        return data


class KpiTargetForm(GovukModelForm):
    period = date_field("Start of the period")

    class Meta:
        model = KpiTarget
        fields = ["kpi", "period", "value"]
        labels = {"kpi": "Indicator", "value": "Target"}
        help_texts = {
            "value": "A period that has a target already gets this one instead; "
            "the history keeps the old one."
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        kpi_choices(self.fields["kpi"], area)
        self.fields["value"].error_messages["invalid"] = "Enter the target as a number"

    def clean(self):
        data = super().clean() or {}
        add_figure_problems(self, today=None)
        return data


class LocalComparatorForm(GovukModelForm):
    """England's, the region's or the neighbours' figure for a local indicator."""

    period = date_field("Start of the period", help_text=PERIOD_HELP)

    class Meta:
        model = LocalComparator
        fields = ["kpi", "level", "period", "value", "source"]
        labels = {"kpi": "Local indicator", "value": "Figure"}
        widgets = {"level": forms.RadioSelect}
        help_texts = {
            "value": "A period that has this comparator already gets this figure instead; "
            "the history keeps the old one."
        }

    def __init__(self, *args, area, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or dt.date.today()
        field = self.fields["kpi"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = local_kpis(area)
        field.error_messages["invalid_choice"] = "Choose one of the area's local indicators"
        field.empty_label = "Choose an indicator"
        self.fields["value"].error_messages["invalid"] = "Enter the figure as a number"
        self.fields["level"].error_messages["invalid_choice"] = "Choose what the figure is for"

    def clean(self):
        data = super().clean() or {}
        add_figure_problems(self, today=self.today)
        return data


class KpiExceptionForm(GovukModelForm):
    submit_label = "Save the commentary"

    class Meta:
        model = KpiException
        fields = ["what", "why", "next_steps"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3}) for name in ["what", "why", "next_steps"]
        }


class KpiImportForm(forms.Form):
    """A CSV file to preview; the preview carries its text so confirming re-checks it.
    One size limit holds for both: a hand-made POST of a huge `content` is refused too."""

    file = forms.FileField(
        label="CSV file",
        required=False,
        help_text="Columns: kpi, period, value, and optionally variant and vintage.",
        error_messages={"empty": "The file is empty: choose a CSV file with a row of headings"},
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    too_big = f"The file is too big: the limit is {SIZE_LIMIT / 1_000_000:g} MB"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The text is judged row by row as an uploaded file is (a NUL character where a
        # figure would store it is a row error), not refused whole by CharField's check.
        self.fields["content"].validators = []

    def clean(self):
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            if upload.size > SIZE_LIMIT:
                raise forms.ValidationError(self.too_big)
            try:
                data["content"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file must be a CSV saved as UTF-8") from error
        if text_size(data.get("content") or "") > SIZE_LIMIT:
            raise forms.ValidationError(self.too_big)
        if not data.get("content") and "file" not in self.errors:  # one error, not two
            self.add_error("file", "Choose a CSV file to import")
        return data

    def text(self) -> str:
        return self.cleaned_data["content"]
