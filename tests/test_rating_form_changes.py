"""A month form's `has_changed`, which the formset asks of each of its forms, is written
from the values sent and loaded directly: it must answer as Django's `changed_data`."""

import pytest
from django.forms.forms import BaseForm

from areas.ratings.forms import RatingForm

from .factories import CriterionFactory, RatingLevelFactory

pytestmark = pytest.mark.django_db

LOADED = {"level": "amber", "commentary": "As agreed", "next_steps": "", "evidence": ""}


def form_sent(**changes) -> RatingForm:
    criterion = CriterionFactory()
    levels = [
        RatingLevelFactory(framework=criterion.framework, code=code, label=code.title())
        for code in ["red", "amber", "green"]
    ]
    data = {f"form-0-{name}": value for name, value in (LOADED | changes).items()}
    data |= {f"initial-form-0-{name}": value for name, value in LOADED.items()}
    return RatingForm(
        data, prefix="form-0", criterion=criterion, levels=levels, previous=None, current=None
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
        ({"reviewed": "on"}, True),
        ({"reviewed": ""}, False),
    ],
)
def test_has_changed_answers_as_django_does(changes, changed):
    form = form_sent(**changes)

    assert form.has_changed() is changed
    assert BaseForm.has_changed(form) is changed
