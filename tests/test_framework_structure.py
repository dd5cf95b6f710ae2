"""The tracker reads a framework's judgement areas and criteria in SQL
(frameworks/selectors.py): what comes back must be what the ORM reads, field for field."""

import pytest

from frameworks.models import Criterion, Heading, JudgementArea
from frameworks.selectors import criteria_of, judgement_areas_of

from .factories import CriterionFactory, FrameworkFactory, JudgementAreaFactory

pytestmark = pytest.mark.django_db


def fields_of(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields}


def test_judgement_areas_and_criteria_come_in_order_with_their_relations():
    framework, other = FrameworkFactory(), FrameworkFactory()
    second = JudgementAreaFactory(framework=framework, order=2, confirmed=False)
    first = JudgementAreaFactory(framework=framework, order=1)
    JudgementAreaFactory(framework=other)
    heading = Heading.objects.create(judgement_area=first, title="Identifying needs", order=1)
    headed = CriterionFactory(judgement_area=first, heading=heading, order=2)
    plain = CriterionFactory(judgement_area=second, order=1)

    areas = judgement_areas_of([framework.pk])
    criteria = criteria_of([framework.pk])

    assert [fields_of(a) for a in areas] == [
        fields_of(a) for a in JudgementArea.objects.filter(pk__in=[first.pk, second.pk])
    ]
    assert [a.framework.slug for a in areas] == [framework.slug, framework.slug]
    assert [fields_of(c) for c in criteria] == [
        fields_of(Criterion.objects.get(pk=pk)) for pk in (plain.pk, headed.pk)
    ]
    assert [c.judgement_area for c in criteria] == [second, first]
    assert criteria[0].heading is None
    assert fields_of(criteria[1].heading) == fields_of(heading)


def test_criteria_of_one_code():
    criterion = CriterionFactory(code="B7")
    CriterionFactory(judgement_area=criterion.judgement_area, code="B8")

    found = criteria_of([criterion.framework_id], code="B7")

    assert [c.pk for c in found] == [criterion.pk]
    assert found[0].judgement_area == criterion.judgement_area
