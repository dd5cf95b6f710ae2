"""Requests refused before any view reads them."""

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
