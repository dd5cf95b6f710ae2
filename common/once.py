"""One submission per form. Every form on a page gets a one-time token beside its CSRF
token; the first POST that carries it claims it, in the same transaction as whatever
the page saves. A second POST with the same token (a double-click, a slow network
retrying, the same page sent from two tabs) is sent where the first one went, with a
message, and saves nothing: one record, never two.

A claim is kept only when the page answered with a redirect (it saved, or refused with a
message): a form shown again with its errors can be corrected and sent again. Posts
without a token (scripts, tests) are handled as before."""

import datetime as dt
import re
import uuid

from django.contrib import messages
from django.db import connection, transaction
from django.shortcuts import redirect
from django.utils import timezone

from .models import FormSubmission

TOKEN = "form_token"
CSRF_INPUT = re.compile(rb'<input type="hidden" name="csrfmiddlewaretoken" value="[^"]*">')
KEPT_FOR = dt.timedelta(days=2)
ALREADY_SENT = (
    "That form had already been sent, so it was not saved again. This is what it saved. "
    "To make another change, open the form again."
)


def once_per_form(get_response):
    def middleware(request):
        token = posted_token(request)
        if token is None:
            response = get_response(request)
        else:
            response = answered_once(request, token, get_response)
        return with_tokens(response)

    return middleware


def posted_token(request) -> uuid.UUID | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    try:
        return uuid.UUID(request.POST.get(TOKEN, ""))
    except ValueError:
        return None


def answered_once(request, token: uuid.UUID, get_response):
    with transaction.atomic():
        here = request.get_full_path()
        claim = claimed(token, request.user, location=here)
        if claim is None:
            return answered_again(request, token)
        response = get_response(request)
        if response.status_code >= 500:
            transaction.set_rollback(True)  # nothing half-saved by a failed page
        elif response.status_code in (301, 302, 303):
            if response["Location"] != here:  # most forms go back where they were sent from
                FormSubmission.objects.filter(pk=claim).update(location=response["Location"])
        else:
            FormSubmission.objects.filter(pk=claim).delete()  # shown again: may be sent again
    return response


def claimed(token: uuid.UUID, user, *, location: str) -> int | None:
    """Claim `token`, sending a second post to `location` unless the first goes
    elsewhere: the claim's id, or None if it was claimed before. One statement
    (a form post already pays for the session, the user and the page's own queries): a
    second claim at the same moment waits on PostgreSQL for the first transaction, then
    finds it claimed."""
    table = connection.ops.quote_name(FormSubmission._meta.db_table)
    fields = {f.name: f for f in FormSubmission._meta.fields}
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (token, user_id, location, created_at) VALUES (%s, %s, %s, %s) "  # noqa: S608 - the table name is the model's
            "ON CONFLICT (token) DO NOTHING RETURNING id",
            [
                fields["token"].get_db_prep_value(token, connection),
                user.pk,
                location,
                fields["created_at"].get_db_prep_value(timezone.now(), connection),
            ],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def forget_old_claims(sender, user, **kwargs) -> None:
    """At each sign-in, the user's claims older than KEPT_FOR go: by then no page holding
    their tokens is still open."""
    FormSubmission.objects.filter(user=user, created_at__lt=timezone.now() - KEPT_FOR).delete()


def answered_again(request, token: uuid.UUID):
    first = FormSubmission.objects.filter(token=token, user=request.user).first()
    messages.info(request, ALREADY_SENT)
    return redirect(first.location if first and first.location else request.get_full_path())


def with_tokens(response):
    """Put a fresh token beside every CSRF token of an HTML page."""
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return response
    content = response.content
    if b"csrfmiddlewaretoken" not in content:
        return response
    response.content = CSRF_INPUT.sub(lambda found: found.group(0) + token_input(), content)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response


def token_input() -> bytes:
    return f'<input type="hidden" name="{TOKEN}" value="{uuid.uuid4()}">'.encode()
