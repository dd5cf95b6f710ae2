"""GOV.UK form building blocks every feature's forms use."""

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone

# The years a date may have. Far wider than any real inspection, plan or figure, and
# narrow enough that what follows a date (the next month, the next period) still exists.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


class DateField(DateInputField):
    """A GOV.UK date input that words an impossible date (31 February, year 0 or a
    year of twenty digits) as an error, and refuses a year out of the range above."""

    default_error_messages = {
        "invalid": "Enter a real date",
        "year": f"Enter a year from {EARLIEST_YEAR} to {LATEST_YEAR}",
    }

    def compress(self, data_list):
        if not all(data_list):
            return None  # blank: `required` has had its say
        try:
            day, month, year = (int(part) for part in data_list)
        except ValueError as error:  # more digits than int() reads
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            raise forms.ValidationError(self.error_messages["year"], code="year")
        try:
            return dt.date(year, month, day)
        except (ValueError, OverflowError) as error:  # 31 February; a day of twenty digits
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


def not_after_today(message: str):
    """A validator for dates that cannot be true yet (what happened, when it happened)."""

    def validate(value: dt.date | None) -> None:
        if value is not None and value > timezone.localdate():
            raise forms.ValidationError(message, code="future")

    return validate


def date_field(
    label: str, *, required: bool = True, help_text: str = "", past_only: bool = False
) -> DateInputField:
    """A GOV.UK date input; `past_only` refuses a date after today."""
    field = DateField(
        label=label, required=required, help_text=help_text or "For example, 27 3 2026"
    )
    name = label.lower()
    field.error_messages["required"] = f"Enter the {name}"
    field.error_messages["incomplete"] = f"Enter the {name} as a day, month and year"
    field.error_messages["invalid"] = f"Enter a real date for the {name}"
    field.error_messages["year"] = (
        f"Enter a year from {EARLIEST_YEAR} to {LATEST_YEAR} for the {name}"
    )
    for part in field.fields:  # day, month and year: digits only, else "Enter a real date…"
        part.validators = [RegexValidator(r"^[0-9]+\Z", field.error_messages["invalid"])]
    if past_only:
        field.validators.append(not_after_today(f"The {name} cannot be in the future"))
    return field


MAX_ID = 2**63 - 1  # the largest id a database here holds (a 64-bit integer)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id too large for any table before the database is asked:
    SQLite cannot even compare a twenty-digit number, and Django's lookups guard `pk=`
    from one but not the `pk__in=` this field asks."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else []
        beyond = [pk for pk in values if beyond_any_id(pk)]
        if beyond:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": beyond[0]},
            )
        return super().clean(value)


def beyond_any_id(value) -> bool:
    try:
        return abs(int(str(value))) > MAX_ID
    except ValueError:  # not a number at all: Django refuses it itself
        return False


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
