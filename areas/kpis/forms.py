import datetime as dt
from decimal import Decimal

from django import forms

from common.forms import GovukModelForm, date_field
from frameworks.models import Kpi

from .models import KpiException, KpiTarget, KpiValue
from .selectors import period_fits


class KpiValueForm(GovukModelForm):
    period = date_field(
        "Start of the period",
        help_text="A year starts on 1 January, a month on its 1st, "
        "terms on 1 September, 1 January and 1 April",
    )

    class Meta:
        model = KpiValue
        fields = ["kpi", "period", "value", "variant", "vintage"]
        labels = {"kpi": "Indicator", "value": "Figure"}

    def __init__(self, *args, area, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.today = today or dt.date.today()
        kpi = self.fields["kpi"]
        assert isinstance(kpi, forms.ModelChoiceField)
        kpi.queryset = Kpi.objects.filter(framework_id=area.framework_id).order_by("order")
        kpi.error_messages["invalid_choice"] = "Choose one of the framework's indicators"
        self.fields["value"].error_messages["invalid"] = "Enter the figure as a number"

    def clean(self):
        data = super().clean() or {}
        kpi, period, value = data.get("kpi"), data.get("period"), data.get("value")
        if kpi and period:
            if period > self.today:
                self.add_error("period", "The period cannot be in the future")
            elif not period_fits(kpi, period):
                frequency = kpi.get_frequency_display().lower()
                self.add_error(
                    "period",
                    f"A {frequency} figure's period must start on {PERIOD_RULE[kpi.frequency]}",
                )
            clash = KpiValue.objects.filter(
                area=self.area, kpi=kpi, period=period, variant=data.get("variant", "")
            )
            if clash.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "period", "There is already a figure for this indicator, period and variant"
                )
        if kpi and value is not None:
            if kpi.unit == Kpi.Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
                self.add_error("value", "A percentage must be between 0 and 100")
            elif value < 0:
                self.add_error("value", "The figure cannot be negative")
        return data


PERIOD_RULE = {
    Kpi.Frequency.ANNUAL: "1 January",
    Kpi.Frequency.TERMLY: "1 September, 1 January or 1 April",
    Kpi.Frequency.MONTHLY: "the 1st of a month",
}


class KpiTargetForm(GovukModelForm):
    period = date_field("Start of the period")

    class Meta:
        model = KpiTarget
        fields = ["kpi", "period", "value"]
        labels = {"kpi": "Indicator", "value": "Target"}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        kpi = self.fields["kpi"]
        assert isinstance(kpi, forms.ModelChoiceField)
        kpi.queryset = Kpi.objects.filter(framework_id=area.framework_id).order_by("order")

    def clean(self):
        data = super().clean() or {}
        kpi, period, value = data.get("kpi"), data.get("period"), data.get("value")
        if kpi and period and not period_fits(kpi, period):
            self.add_error("period", f"The period must start on {PERIOD_RULE[kpi.frequency]}")
        if kpi and value is not None:
            if kpi.unit == Kpi.Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
                self.add_error("value", "A percentage must be between 0 and 100")
            elif value < 0:
                self.add_error("value", "The target cannot be negative")
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
    """A CSV file to preview; the preview carries its text so confirming re-checks it."""

    file = forms.FileField(
        label="CSV file",
        required=False,
        help_text="Columns: kpi, period, value, and optionally variant and vintage.",
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            if upload.size > 1_000_000:
                raise forms.ValidationError("The file is too big: the limit is 1 MB")
            try:
                data["content"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise forms.ValidationError("The file must be a CSV saved as UTF-8") from error
        if not data.get("content"):
            self.add_error("file", "Choose a CSV file to import")
        return data

    def text(self) -> str:
        return self.cleaned_data["content"]
