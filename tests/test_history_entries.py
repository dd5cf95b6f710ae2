"""A criterion's history, each month written in Python (areas/ratings/templatetags/
tracker.py), is what the template wrote: every text escaped and filtered the same,
reopened and agreed months included."""

import re
from pathlib import Path

import pytest
from django.template import engines

from areas.models import Rating
from areas.ratings import selectors, services
from frameworks.models import Criterion

pytestmark = pytest.mark.django_db

# The entries as criterion_history.html wrote them before (kept to compare against).
BY_TEMPLATE = engines["django"].from_string(
    (Path(__file__).parent / "history_entries_before.html").read_text()
)
BY_TAG = engines["django"].from_string(
    "{% load tracker %}{% history_entries ratings criterion.code %}"
)
# A tag a month, as the page wrote them before `history_entries`.
BY_TAG_EACH = engines["django"].from_string(
    "{% load tracker %}{% for rating in ratings %}\n"
    "{% history_entry rating criterion.code %}\n{% endfor %}"
)
HOSTILE = 'Said <b>"bold"</b> & more\n- a <i>point</i>\n\nSee https://example.org/?a=1&b=<2>'


def entries(html: str) -> list[str]:
    return re.findall(r'<div class="app-history-entry">.*?\n</div>', html, re.S)


def test_history_entries_match_the_template_with_reopenings_and_hostile_text(world):
    lead = world.member("lead")
    criterion = Criterion.objects.get(framework=world.area.framework, code="A9")
    Rating.objects.filter(assessment=world.march, criterion=criterion).update(
        commentary=HOSTILE, next_steps="", evidence=HOSTILE, updated_by=None
    )
    services.month_agree(assessment=world.march, by=lead)
    services.month_reopen(assessment=world.march, by=lead, reason='Why <not>?\n"again"')

    ratings = selectors.criterion_history(world.area, criterion)
    context = {"ratings": ratings, "criterion": criterion}
    by_template, by_tag = BY_TEMPLATE.render(context), BY_TAG.render(context)

    assert len(entries(by_tag)) == 2 and "Reopened" in by_tag and "As agreed" in by_tag
    assert "&lt;b&gt;" in by_tag and "<b>" not in by_tag
    assert entries(by_tag) == entries(by_template)
    assert by_tag == BY_TAG_EACH.render(context)  # the whole text, whitespace included
