"""A month form's `has_changed`, which the formset asks of each of its forms, is written
from the values sent and loaded directly: it must answer as Django's `changed_data`."""

from types import SimpleNamespace

import pytest
from django.forms.forms import BaseForm

from areas.ratings.forms import RatingForm

from .factories import CriterionFactory, RatingLevelFactory

pytestmark = pytest.mark.django_db

LOADED = {"level": "amber", "commentary": "As agreed", "next_steps": "", "evidence": ""}


def form_sent(carried=False, **changes) -> RatingForm:
    criterion = CriterionFactory()
    levels = [
        RatingLevelFactory(framework=criterion.framework, code=code, label=code.title())
        for code in ["red", "amber", "green"]
    ]
    data = {f"form-0-{name}": value for name, value in (LOADED | changes).items()}
    data |= {f"initial-form-0-{name}": value for name, value in LOADED.items()}
    # Only a level carried from another framework has a "reviewed" box.
    current = SimpleNamespace(carried_from_id=1) if carried else None
    return RatingForm(
        data, prefix="form-0", criterion=criterion, levels=levels, previous=None, current=current
    )


@pytest.mark.parametrize(
    ("changes", "changed"),
    [
        ({}, False),
        ({"level": "green"}, True),
        ({"level": ""}, True),
        ({"commentary": "As agreed  "}, False),  # spaces after are stripped
        ({"commentary": "As agreed, with a note"}, True),
        ({"next_steps": "Ask the ICB"}, True),
        ({"evidence": "\n"}, False),
        ({"carried": True, "reviewed": "on"}, True),
        ({"carried": True, "reviewed": ""}, False),
        ({"carried": True}, False),
        ({"reviewed": "on"}, False),  # no box to tick: nothing to review
    ],
)
def test_has_changed_answers_as_django_does(changes, changed):
    form = form_sent(**changes)

    assert form.has_changed() is changed
    assert BaseForm.has_changed(form) is changed
