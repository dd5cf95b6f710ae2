"""Requests refused before any view reads them."""

import time

from django.contrib.auth import HASH_SESSION_KEY
from django.core.exceptions import BadRequest


def refuse_nul(get_response):
    """A NUL byte in the address (its path or its query) is a 400. No page has a use for
    one, and PostgreSQL refuses text containing it: a view that looked it up — a criterion
    code, a filter — would fail with a database error instead."""

    def middleware(request):
        query = request.GET.lists()
        if "\x00" in request.path or any("\x00" in k + "".join(v) for k, v in query):
            raise BadRequest("The address contains a NUL character.")
        return get_response(request)

    return middleware


SESSION_TOUCHED = "touched"  # when the session was last written, in seconds since the epoch
TOUCH_EVERY_SECONDS = 60


def idle_sessions(get_response):
    """Each request of a signed-in user starts the idle time (SESSION_COOKIE_AGE) again.
    The session is written when a minute has passed since it last was, not on every
    request (Django's SESSION_SAVE_EVERY_REQUEST costs an UPDATE a page), so the idle
    time may end up to a minute early. Listed after SessionMiddleware, which saves it."""

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is not None and HASH_SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(SESSION_TOUCHED, 0) >= TOUCH_EVERY_SECONDS:
                session[SESSION_TOUCHED] = now  # marks it modified: saved with a new expiry
        return response

    return middleware


def session_touched_at_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in writes the session: its idle time starts then."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_TOUCHED] = int(time.time())
