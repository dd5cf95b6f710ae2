"""The pages shown when a request fails: a server error and a refused form (CSRF).

The 500 page must show even when what broke is the template machinery or the static
files' manifest, so it falls back to plain HTML rather than failing a second time.
"""

from django.http import HttpResponseForbidden, HttpResponseServerError
from django.template import loader

PLAIN_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service – SEND Ready</title></head>"
    "<body><h1>Sorry, there is a problem with the service</h1>"
    "<p>Try again later.</p></body></html>"
)


def server_error(request):
    body: str
    try:
        body = loader.render_to_string("500.html")
    except Exception:  # the styled page could not be drawn: say the same plainly
        body = PLAIN_SERVER_ERROR
    return HttpResponseServerError(body)


def csrf_failure(request, reason=""):
    """Django's CSRF refusal, in the service's own words and layout (status 403)."""
    return HttpResponseForbidden(loader.render_to_string("403_csrf.html", request=request))
