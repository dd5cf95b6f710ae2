import datetime as dt
from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout, Size
from django import forms
from django.contrib.auth import get_user_model

from frameworks.models import Criterion, JudgementArea, Kpi

from .kpis import period_fits
from .models import KpiException, KpiTarget, KpiValue, Membership, SelfEvaluationPoint
from .services import RatingEntry

# --- GOV.UK building blocks shared by the apps' forms --------------------------------


class DateField(DateInputField):
    """A GOV.UK date input that words an impossible date (31 February) as an error."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError as error:  # the library words it as Python does
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


def date_field(label: str, *, required: bool = True, help_text: str = "") -> DateInputField:
    field = DateField(
        label=label, required=required, help_text=help_text or "For example, 27 3 2026"
    )
    field.error_messages["required"] = f"Enter the {label.lower()}"
    field.error_messages["incomplete"] = f"Enter the {label.lower()} as a day, month and year"
    field.error_messages["invalid"] = f"Enter a real date for the {label.lower()}"
    return field


class GovukModelForm(forms.ModelForm):
    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.RadioSelect) and isinstance(field, forms.ChoiceField):
                # Radios need no "---------" choice: not choosing one is the blank.
                choices = list(field.choices)  # type: ignore[arg-type]
                field.choices = [(value, label) for value, label in choices if value != ""]
            label = str(field.label or name.replace("_", " ")).lower()
            if isinstance(field, DateInputField):
                continue  # date_field() words its own messages
            if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
                field.error_messages["required"] = f"Choose the {label}"
            else:
                field.error_messages["required"] = f"Enter the {label}"

    @property
    def helper(self) -> FormHelper:
        # Built when rendered, after subclasses have added or replaced fields.
        helper = FormHelper()
        helper.attrs = {"novalidate": ""}
        helper.layout = Layout(*self.fields, Button.primary("submit", self.submit_label))
        return helper


def criteria_choices(area) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        queryset=Criterion.objects.filter(framework_id=area.framework_id).order_by("order"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Inspection criteria it addresses",
        error_messages={"invalid_choice": "Choose criteria from this area's framework"},
    )


def question_label(judgement_area) -> str:
    return f"{judgement_area.label or judgement_area.code}. {judgement_area.title}"


class PointForm(GovukModelForm):
    class Meta:
        model = SelfEvaluationPoint
        fields = ["judgement_area", "kind", "label", "explanation", "criteria", "kpis", "evidence"]
        labels = {"kind": "Which list", "judgement_area": "Inspection question"}
        widgets = {
            "kind": forms.RadioSelect,
            "explanation": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        question = self.fields["judgement_area"]
        assert isinstance(question, forms.ModelChoiceField)
        question.queryset = JudgementArea.objects.filter(framework_id=area.framework_id).order_by(
            "order"
        )
        question.label_from_instance = question_label  # type: ignore[method-assign,assignment]
        question.error_messages["invalid_choice"] = "Choose one of the framework's questions"
        self.fields["criteria"] = criteria_choices(area)
        self.fields["kpis"] = forms.ModelMultipleChoiceField(
            queryset=Kpi.objects.filter(framework_id=area.framework_id).order_by("order"),
            widget=forms.CheckboxSelectMultiple,
            required=False,
            label="Key performance indicators that show it",
            error_messages={"invalid_choice": "Choose KPIs from this area's framework"},
        )


TEXTAREA = forms.Textarea(attrs={"rows": 2})


class RatingForm(forms.Form):
    """One criterion's row on the month page. The month page renders these by hand."""

    level = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    commentary = forms.CharField(required=False, widget=TEXTAREA, strip=True)
    next_steps = forms.CharField(required=False, widget=TEXTAREA, strip=True)
    evidence = forms.CharField(
        required=False,
        widget=TEXTAREA,
        help_text="Where the evidence is: documents, links, data.",
    )

    def __init__(self, *args, criterion, levels, previous, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.levels = {level.code: level for level in levels}
        self.previous = previous  # last month's Rating, or None
        self.current = current  # this month's Rating, or None
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.choices = [(level.code, level.label) for level in levels]
        level_field.error_messages["invalid_choice"] = (
            f"{criterion.code}: choose one of {', '.join(lv.label for lv in levels)}"
        )

    def clean(self):
        data = super().clean() or {}
        code = data.get("level")
        if "level" in self.errors:
            return data
        level = self.levels.get(code) if code else None
        has_text = any(data.get(name) for name in ("commentary", "next_steps", "evidence"))
        if level is None and (has_text or self.current is not None):
            self.add_error("level", f"{self.criterion.code}: choose a level")
        if (
            level is not None
            and self.previous is not None
            and self.previous.level_id != level.pk
            and not data.get("commentary")
        ):
            self.add_error(
                "commentary",
                f"{self.criterion.code}: say why the level has changed from "
                f"{self.previous.level.label} to {level.label}",
            )
        data["level_obj"] = level
        return data

    def entry(self) -> RatingEntry:
        data = self.cleaned_data
        return RatingEntry(
            criterion=self.criterion,
            level=data["level_obj"],
            commentary=data["commentary"],
            next_steps=data["next_steps"],
            evidence=data["evidence"],
        )


class BaseRatingFormSet(forms.BaseFormSet):
    def __init__(self, *args, criteria, levels, previous, current, **kwargs):
        self.criteria = list(criteria)
        self.levels = levels
        self.previous = previous
        self.current = current
        kwargs.setdefault("initial", [self.initial_for(c) for c in self.criteria])
        super().__init__(*args, **kwargs)

    def initial_for(self, criterion):
        rating = self.current.get(criterion.pk)
        if rating is None:
            return {}
        return {
            "level": rating.level.code,
            "commentary": rating.commentary,
            "next_steps": rating.next_steps,
            "evidence": rating.evidence,
        }

    def get_form_kwargs(self, index):
        criterion = self.criteria[index]
        return {
            "criterion": criterion,
            "levels": self.levels,
            "previous": self.previous.get(criterion.pk),
            "current": self.current.get(criterion.pk),
        }

    def entries(self) -> list[RatingEntry]:
        return [form.entry() for form in self.forms]


def rating_formset_class(count: int):
    return forms.formset_factory(
        RatingForm,
        formset=BaseRatingFormSet,
        extra=0,
        min_num=count,
        max_num=count,
        absolute_max=count,
        validate_min=True,
        validate_max=True,
    )


class VersionForm(forms.Form):
    """The month's version when the page was loaded, to catch a stale save."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Why is this month being reopened?",
        help_text="The board will see this reason in the month's history.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the month is being reopened"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.textarea("reason", label_size=Size.MEDIUM),
            Button("submit", "Reopen month", css_class="govuk-button--warning"),
        )


class MembershipForm(forms.Form):
    username = forms.CharField(
        label="Username",
        help_text="The person must already have a SEND Ready account.",
        error_messages={"required": "Enter the username of the person to add"},
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a role"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("username", field_width=Fixed.TWENTY),
            Field.radios("role", legend_size=Size.SMALL),
            Button("submit", "Save role"),
        )

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(f"There is no active account called {username}")
        self.cleaned_data["user"] = user
        return username


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
