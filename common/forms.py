"""GOV.UK form building blocks every feature's forms use."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Layout
from django import forms


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
