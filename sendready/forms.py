import datetime as dt

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.validators import MaxLengthValidator

from common.filters import with_govuk_classes

USERNAME_MAX_LENGTH = 150
NUL_REFUSED = "Remove the NUL character: it cannot be part of a username or password"


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is inactive",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django sets the length without its validator: an over-long name would reach
        # authenticate() and django-axes' table of attempts.
        self.fields["username"].validators.append(MaxLengthValidator(USERNAME_MAX_LENGTH))
        self.fields["username"].error_messages.update(
            {
                "required": "Enter your username",
                "max_length": f"Your username is {USERNAME_MAX_LENGTH} characters or fewer",
                "null_characters_not_allowed": NUL_REFUSED,
            }
        )
        self.fields["password"].error_messages.update(
            {"required": "Enter your password", "null_characters_not_allowed": NUL_REFUSED}
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("username", field_width=Fixed.TWENTY, autocomplete="username"),
            Field.text("password", field_width=Fixed.TWENTY, autocomplete="current-password"),
            Button("submit", "Sign in"),
        )


# What AUTH_PASSWORD_VALIDATORS ask for, in words.
PASSWORD_RULES = (
    "At least 8 characters. Not a common password, not only numbers, "
    "and not like your username or email address."
)


def new_password_fields(form) -> None:
    """GOV.UK labels and messages for a form's new password, typed twice."""
    first, second = form.fields["new_password1"], form.fields["new_password2"]
    first.label, first.help_text = "New password", PASSWORD_RULES
    first.error_messages |= {"required": "Enter a new password"}
    second.label, second.help_text = "Confirm new password", ""
    second.error_messages |= {"required": "Enter the new password again"}
    for field in (first, second):
        field.error_messages["null_characters_not_allowed"] = NUL_REFUSED


def new_password_layout(*fields, button: str) -> Layout:
    return Layout(
        *fields,
        Field.text("new_password1", field_width=Fixed.TWENTY, autocomplete="new-password"),
        Field.text("new_password2", field_width=Fixed.TWENTY, autocomplete="new-password"),
        Button("submit", button),
    )


MISMATCH = {"password_mismatch": "Enter the same new password twice"}


class NewPasswordForm(SetPasswordForm):
    """A new password from an emailed link: a reset, or an invitation's first one."""

    error_messages = {**SetPasswordForm.error_messages, **MISMATCH}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        new_password_fields(self)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = new_password_layout(button="Save password")


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        **MISMATCH,
        "password_incorrect": "Your current password is not right: enter it again",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.fields["old_password"]
        current.label = "Current password"
        current.error_messages["required"] = "Enter your current password"
        new_password_fields(self)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = new_password_layout(
            Field.text("old_password", field_width=Fixed.TWENTY, autocomplete="current-password"),
            button="Change password",
        )


class ForgottenPasswordForm(PasswordResetForm):
    """Django's reset form: it answers the same whether or not an account has the
    address, so the page tells nobody who has an account."""

    def get_users(self, email):
        """Every active account with the address, those invited who have not yet set a
        password too (Django leaves them out): a lost invitation is found this way."""
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The address your SEND Ready account uses."
        email.error_messages.update(
            {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "The email address must be 254 characters or fewer",
            }
        )
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("email", field_width=Fixed.TWENTY, autocomplete="email", spellcheck="false"),
            Button("submit", "Send the link"),
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
