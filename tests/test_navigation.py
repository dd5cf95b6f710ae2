"""The service navigation offers "Your areas" only to someone with more than one area."""

import pytest

from .factories import LocalAreaFactory, MembershipFactory

pytestmark = pytest.mark.django_db

YOUR_AREAS = b">Your areas</a>"


def test_someone_with_one_area_is_not_offered_your_areas(client, world):
    client.force_login(world.member("officer"))

    response = client.get(f"/areas/{world.area.slug}/")

    assert response.status_code == 200
    assert YOUR_AREAS not in response.content


def test_someone_with_two_areas_is_offered_your_areas_on_each(client, world, framework):
    officer = world.member("officer")
    MembershipFactory(user=officer, area=LocalAreaFactory(framework=framework), role="board")
    client.force_login(officer)

    response = client.get(f"/areas/{world.area.slug}/")

    assert YOUR_AREAS in response.content
