"""Signing in and passwords: the lock-out page, and setting a password from an emailed
link (a reset, or an invitation's first password)."""

from axes.helpers import get_cool_off
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy

from common.durations import minutes_in_words

from .forms import NewPasswordForm

LOCKED_OUT_STATUS = 429  # Too Many Requests, as django-axes answers by default
USERNAME_KEPT = 255  # axes.models.AccessAttempt.username


def username_for_lockout(request, credentials=None) -> str | None:
    """The username django-axes records (AXES_USERNAME_CALLABLE): as typed, cut to what
    its table holds, so that a huge one sent to any sign-in form (the admin's too) is a
    wrong username like another, never a failure to save it."""
    data = credentials or getattr(request, "data", request.POST)
    username = data.get("username")
    return username[:USERNAME_KEPT] if username else username


def client_address(request) -> str | None:
    """The address a sign-in came from, for django-axes (AXES_CLIENT_IP_CALLABLE). Behind
    a TLS proxy every request comes from the proxy: the client is the last address the
    proxy added to X-Forwarded-For (those before it are the client's own say, forgeable)."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last
    return request.META.get("REMOTE_ADDR")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer once a username is locked out from an address
    (AXES_LOCKOUT_CALLABLE): a page saying so, for how long and whom to ask."""
    cool_off = get_cool_off(request)
    minutes = int(cool_off.total_seconds() // 60) if cool_off else 0
    return render(
        request,
        "registration/locked_out.html",
        {"cool_off": minutes_in_words(minutes)},
        status=LOCKED_OUT_STATUS,
    )


class NewPasswordView(auth_views.PasswordResetConfirmView):
    """Choose a new password from a reset email's link. The link works until the
    password changes (Django's token covers the password), so only once."""

    form_class = NewPasswordForm
    success_url = reverse_lazy("password_reset_complete")
    template_name = "registration/password_reset_confirm.html"

    def render_to_response(self, context, **response_kwargs):
        # A link that is wrong, used or out of date names no page: a 404, with a page
        # that says what to do.
        if not context.get("validlink"):
            response_kwargs["status"] = 404
        return super().render_to_response(context, **response_kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever could read the account's email has proved it is theirs: a lock-out
        # from wrong passwords ends with the new one.
        axes_reset(username=form.user.get_username())
        return response


class SetPasswordView(NewPasswordView):
    """An invited person's first password, from the invitation email's link."""

    success_url = reverse_lazy("set_password_done")
    template_name = "registration/set_password.html"
