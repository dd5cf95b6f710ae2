"""The actions on a criterion's page are written in Python (actions/plans/sections.py):
they must be what the template wrote before (tests/criterion_actions_before.html), with
every status, overdue or not, and hostile words escaped."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.template import engines

from actions.models import Action
from actions.plans import selectors
from actions.plans.sections import actions_on_criterion

from .factories import ActionFactory, CriterionFactory, LocalAreaFactory, WorkstreamFactory

pytestmark = pytest.mark.django_db

BEFORE = engines["django"].from_string(
    (Path(__file__).parent / "criterion_actions_before.html").read_text()
)
NOW = engines["django"].from_string(
    (
        Path(__file__).parent.parent / "actions/plans/templates/plans/_criterion_actions.html"
    ).read_text()
)
HOSTILE = 'Fix <script>alert("x")</script> & the "baseline" ' + " ".join(["word"] * 20)


def as_the_template_had_them(section, area):
    """The section's actions with the `url` and `status_label` the template read."""
    url, labels = selectors.action_url(area.slug), dict(selectors.STATUSES)
    return [
        action
        | {"url": url(action["plan_pk"], action["pk"]), "status_label": labels[action["status"]]}
        for action in section.data["actions"]
    ]


def squeezed(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def test_the_list_is_what_the_template_wrote_for_every_status_and_hostile_text():
    area = LocalAreaFactory()
    criterion = CriterionFactory(label='A<9> "&"')
    workstream = WorkstreamFactory(plan__area=area, plan__title='Plan <b>&</b> "one"')
    for n, status in enumerate(Action.Status.values):
        ActionFactory(
            workstream=workstream,
            criteria=[criterion],
            status=status,
            description=HOSTILE if n == 0 else f"Action {n}",
            due_on=dt.date(2020, 1, 1) if n % 2 else dt.date(2099, 1, 1),  # some overdue
        )

    section = actions_on_criterion(area=area, criterion=criterion)

    now = NOW.render({"section": section, "criterion": criterion})
    before = BEFORE.render(
        {
            "section": {"data": {"actions": as_the_template_had_them(section, area)}},
            "criterion": criterion,
        }
    )
    assert squeezed(now) == squeezed(before)
    assert "&lt;script&gt;" in now and "<script>" not in now and "Overdue" in now
    assert now.count("<li>") == len(Action.Status.values)


def test_no_action_says_so():
    area, criterion = LocalAreaFactory(), CriterionFactory(label="B2")

    section = actions_on_criterion(area=area, criterion=criterion)

    html = NOW.render({"section": section, "criterion": criterion})
    assert "No action in any plan addresses B2." in html and "<li>" not in html
