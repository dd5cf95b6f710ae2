from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout, Size
from django import forms
from django.contrib.auth import get_user_model

from .models import Membership


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
