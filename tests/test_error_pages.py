"""The pages a failed request shows, and the Content Security Policy on every page."""

import pytest
from django.test import Client, RequestFactory

from sendready import errors


def test_a_server_error_shows_the_styled_page_that_promises_nothing_it_cannot_know():
    response = errors.server_error(RequestFactory().get("/"))

    body = response.content.decode()
    assert response.status_code == 500
    assert "govuk-template" in body
    assert "Sorry, there is a problem with the service" in body
    assert "Nothing you entered has been saved" not in body  # it cannot know that
    assert "whether your change was saved" in body


def test_a_server_error_falls_back_to_plain_html_when_the_page_cannot_be_drawn(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)
    response = errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_site_uses_the_styled_server_error_page():
    from sendready import urls

    assert urls.handler500 == "sendready.errors.server_error"


@pytest.mark.django_db
def test_a_form_refused_for_its_missing_token_says_why_in_the_services_layout():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "someone", "password": "x"})

    body = response.content.decode()
    assert response.status_code == 403
    assert "Your form could not be sent" in body
    assert "govuk-template" in body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/sign-in/", "/no-such-page/"])
def test_every_page_carries_a_content_security_policy_without_inline_script(client, path):
    policy = client.get(path)["Content-Security-Policy"]

    directives = dict(
        (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_a_signed_in_page_carries_the_policy_too(client, world):
    client.force_login(world.member("board"))

    response = client.get(f"/areas/{world.area.slug}/")

    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
