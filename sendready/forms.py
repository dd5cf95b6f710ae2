import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm

from common.filters import with_govuk_classes


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is inactive",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("username", field_width=Fixed.TWENTY, autocomplete="username"),
            Field.text("password", field_width=Fixed.TWENTY, autocomplete="current-password"),
            Button("submit", "Sign in"),
        )


PERIODS = {"7": 7, "30": 30, "365": 365}


class ActivityFilterForm(forms.Form):
    """What the activity page shows: one kind of record, one person, a recent period;
    `record` (with a kind) narrows it to one record's own history."""

    kind = forms.ChoiceField(required=False, label="Kind of record")
    person = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(), required=False, label="Who", empty_label="Anyone"
    )
    period = forms.ChoiceField(
        required=False,
        label="When",
        choices=[
            ("", "Any time"),
            ("7", "Last 7 days"),
            ("30", "Last 30 days"),
            ("365", "Last 12 months"),
        ],
    )
    record = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, area, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", "Any kind"), *((k.key, k.label) for k in kinds)]
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = (
            get_user_model().objects.filter(memberships__area=area).order_by("username")
        )
        with_govuk_classes(self)

    def since(self, today: dt.date) -> dt.date | None:
        days = PERIODS.get(self.cleaned_data.get("period") or "")
        return today - dt.timedelta(days=days) if days else None
