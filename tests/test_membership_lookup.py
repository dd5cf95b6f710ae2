"""The membership every area page starts from is read with hand-written SQL
(areas/members/access.py): it must give what the ORM gives, field for field."""

import pytest
from django.http import Http404

from areas.members.access import membership_or_404
from areas.models import LocalArea, Membership

from .factories import LocalAreaFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def fields_of(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def test_the_membership_and_its_area_are_as_the_orm_reads_them():
    held = MembershipFactory(role="lead", area=LocalAreaFactory(is_demo=True, demo_note="From…"))

    found = membership_or_404(held.user, held.area.slug)

    expected = Membership.objects.get(pk=held.pk)
    assert fields_of(found) == fields_of(expected)
    assert fields_of(found.area) == fields_of(LocalArea.objects.get(pk=held.area_id))
    assert found.created_at.tzinfo is not None  # aware, as the ORM makes it on SQLite too
    assert found.area.is_demo is True
    assert found.holds_another_area is False


def test_it_says_whether_the_user_holds_another_area():
    held = MembershipFactory()
    MembershipFactory(user=held.user)

    assert membership_or_404(held.user, held.area.slug).holds_another_area is True


def test_an_area_the_user_has_no_role_in_is_not_found():
    held = MembershipFactory()
    stranger = UserFactory()

    with pytest.raises(Http404):
        membership_or_404(stranger, held.area.slug)
    with pytest.raises(Http404):
        membership_or_404(held.user, "no-such-area")
