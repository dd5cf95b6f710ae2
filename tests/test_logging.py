"""Logs go to standard error: a 500 with its traceback, a refused request on one line."""

import io
import logging

import pytest
from django.test import Client

from .helpers import month_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def stderr_log():
    """What the configured standard-error handler writes, while the test runs."""
    handler = next(h for h in logging.getLogger("django").handlers if h.filters)
    written = io.StringIO()
    original = handler.setStream(written)
    yield written
    handler.setStream(original)


def test_a_refused_request_is_logged_on_one_line(client, world, stderr_log):
    client.force_login(world.member("board"))

    client.post(month_url(world.march, "agree/"))

    logged = stderr_log.getvalue()
    assert logged.count("\n") == 1
    assert "WARNING django.request: Forbidden" in logged and month_url(world.march) in logged


def test_a_server_error_is_logged_with_its_traceback(world, stderr_log, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("areas.ratings.views.selectors.area_tracker", broken)
    client = Client(raise_request_exception=False)
    client.force_login(world.member("board"))

    response = client.get(f"/areas/{world.area.slug}/tracker/")

    logged = stderr_log.getvalue()
    assert response.status_code == 500
    assert "ERROR django.request: Internal Server Error" in logged
    assert "Traceback" in logged and "RuntimeError: the database went away" in logged
