"""Two bugs found while reorganising the code, each held by a test that failed before
its fix."""

import contextlib
import threading

import pytest
from django.db import connection

from areas.members import services as member_services
from areas.models import Membership, SelfEvaluationVersion

from .factories import MembershipFactory, UserFactory


@pytest.mark.django_db
def test_refused_point_form_starts_no_draft(client, world):
    client.force_login(world.member("officer"))

    response = client.post(f"/areas/{world.area.slug}/self-evaluation/points/new/", {})

    assert response.status_code == 200  # the form again, with its errors
    assert not SelfEvaluationVersion.objects.filter(area=world.area).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writer at a time anyway"
)
@pytest.mark.django_db(transaction=True)
def test_two_leads_removing_each_other_at_once_leave_one_lead(world):
    first = Membership.objects.get(area=world.area, role="lead")
    second = MembershipFactory(area=world.area, user=UserFactory(), role="lead")
    both_checked = threading.Barrier(2, timeout=2)
    check = member_services.refuse_if_last_lead

    def check_then_wait(membership):
        # Without the area lock both removals pass this check before either deletes.
        check(membership)
        # A broken barrier means the other removal waits for the lock: as it should.
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait()

    outcomes = []

    def remove(membership, by):
        try:
            member_services.membership_remove(membership=membership, by=by)
            outcomes.append("removed")
        except member_services.Refused:
            outcomes.append("refused")
        finally:
            connection.close()

    member_services.refuse_if_last_lead = check_then_wait
    try:
        threads = [
            threading.Thread(target=remove, args=(first, second.user)),
            threading.Thread(target=remove, args=(second, first.user)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        member_services.refuse_if_last_lead = check

    assert sorted(outcomes) == ["refused", "removed"]
    assert Membership.objects.filter(area=world.area, role="lead").count() == 1
