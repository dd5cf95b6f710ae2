from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator

from .models import Membership

# An invited person's username is their email address, so it must fit a username.
EMAIL_MAX_LENGTH = 150
USERNAME_CHARACTERS = UnicodeUsernameValidator(
    message="Enter an email address using only letters, numbers and @ . + - _"
)


class InvitationForm(forms.Form):
    """Invite a person by email address, or change the role of someone already here.
    Whether the address already has an account anywhere is never said."""

    email = forms.EmailField(
        label="Email address",
        max_length=EMAIL_MAX_LENGTH,
        help_text="Their work email address. We will email them to say what role they have.",
        error_messages={
            "required": "Enter the email address of the person to invite",
            "invalid": "Enter an email address in the correct format, like name@example.com",
            "max_length": f"The email address must be {EMAIL_MAX_LENGTH} characters or fewer",
            "null_characters_not_allowed": "The email address must not contain a NUL character",
        },
    )
    role = forms.ChoiceField(
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a role",
            "invalid_choice": "Choose one of the roles listed",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("email", autocomplete="off", spellcheck="false"),
            Field.radios("role", legend_size=Size.SMALL),
            Button("submit", "Send invitation"),
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        USERNAME_CHARACTERS(email)
        return email
