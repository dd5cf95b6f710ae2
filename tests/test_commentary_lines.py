"""Commentary typed with line breaks or "- " bullets is shown with them (issue 16): on
the dashboard, in a criterion's history and on the month page as read and printed."""

import pytest
from django.template import Context, Template
from django.utils import timezone

from areas.models import Rating

from .helpers import month_url

pytestmark = pytest.mark.django_db

TYPED = "Moved to green because:\n- plans on time\n- <b>parents</b> agree\n\nNext: keep it."
AS_LIST = "<li>plans on time</li><li>&lt;b&gt;parents&lt;/b&gt; agree</li></ul>"


def shown(text: str, css: str = "govuk-body") -> str:
    return Template("{% load text %}{{ text|typed_text:css }}").render(
        Context({"text": text, "css": css})
    )


def test_bullet_lines_become_a_list_and_paragraphs_stay_apart():
    html = shown(TYPED)

    assert html == (
        '<p class="govuk-body">Moved to green because:</p>'
        '<ul class="govuk-list govuk-list--bullet govuk-body">'
        + AS_LIST
        + '<p class="govuk-body">Next: keep it.</p>'
    )


def test_line_breaks_inside_a_paragraph_are_kept():
    assert shown("one\ntwo\r\nthree") == '<p class="govuk-body">one<br>two<br>three</p>'


def test_everything_typed_is_escaped():
    html = shown('<script>alert(1)</script>\n- "<img src=x>"', css='x"><script>')

    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_nothing_typed_shows_nothing():
    assert shown("") == "" and shown(None) == ""


def typed_on(world, code="A3"):
    Rating.objects.filter(assessment=world.march, criterion__code=code).update(
        commentary=TYPED, next_steps="- agree baselines\n- report in May"
    )


def read(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_criterion_history_shows_the_lines(client, world):
    typed_on(world)

    html = read(client, world.member("board"), f"/areas/{world.area.slug}/criteria/A3/")

    assert AS_LIST in html
    assert "<li>agree baselines</li><li>report in May</li>" in html


def test_the_month_as_read_and_printed_shows_the_lines(client, world):
    typed_on(world)

    html = read(client, world.member("board"), month_url(world.march))

    assert AS_LIST in html
    assert "<li>agree baselines</li><li>report in May</li>" in html


def test_the_dashboard_shows_the_lines_of_a_moved_criterion(client, world, levels):
    typed_on(world)
    Rating.objects.filter(assessment=world.march, criterion__code="A3").update(
        level=levels["green"]
    )
    for assessment in (world.february, world.march):
        type(assessment).objects.filter(pk=assessment.pk).update(
            status="agreed", agreed_at=timezone.now()
        )

    html = read(client, world.member("board"), f"/areas/{world.area.slug}/")

    assert AS_LIST in html
    assert "<li>agree baselines</li><li>report in May</li>" in html
