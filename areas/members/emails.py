"""The emails an invitation sends: a link to set a first password to a person with no
password yet, a note that they have a role to someone who signs in already."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from common.durations import link_lifetime

from .models import Membership

# Builds a full address (https://host/path) from a path: request.build_absolute_uri.
AbsoluteUrl = Callable[[str], str]


def set_password_link(user, absolute_url: AbsoluteUrl) -> str:
    """A link that works until the password is set: Django's reset token covers the
    password, so setting one ends it."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("set_password", kwargs={"uidb64": uid, "token": token}))


def role_email_send(*, membership: Membership, to: str, by, absolute_url: AbsoluteUrl) -> None:
    """Tell the person, at the address they were invited at, about their role: with a
    link to set a password if they have none. A deactivated account is not written to
    (the lead is told the same: who has an account stays unsaid)."""
    user = membership.user
    if not user.is_active:
        return
    context = {
        "user": user,
        "by": by.get_full_name() or by.get_username(),
        "role": membership.get_role_display(),
        "area": membership.area.name,
        "sign_in": absolute_url(reverse("login")),
    }
    if user.has_usable_password():
        subject, template = f"You have a role in {membership.area.name} on SEND Ready", "added"
    else:
        subject, template = "You are invited to SEND Ready", "invitation"
        context |= {"link": set_password_link(user, absolute_url), "lifetime": link_lifetime()}
    body = render_to_string(f"members/emails/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
