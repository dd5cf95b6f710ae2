"""A refused save never reverts anyone (issue 12). Officer and lead open the same month;
one saves; the other's save is refused and the page comes back with the colleague's
values and this user's own changes on top, each clash marked. Sending that page again
keeps both people's changes: in turn, and on PostgreSQL from two requests at once."""

import threading

import pytest
from django.db import connection
from django.test import Client

from .helpers import SentForm, month_url

pytestmark = pytest.mark.django_db


def opened_by(world, role: str) -> tuple[Client, dict]:
    """A client signed in as `role`, and the month form as its page was loaded."""
    client = Client()
    client.force_login(world.member(role))
    page = client.get(month_url(world.march))
    return client, SentForm(page.content.decode(), "ratings").as_dict()


def field(world, code: str, name: str) -> str:
    index = [c.code for c in world.criteria].index(code)
    return f"form-{index}-{name}"


def changed(world, form: dict, changes: dict) -> dict:
    """`form` with {(code, field name): value} typed into it."""
    typed = {field(world, code, name): value for (code, name), value in changes.items()}
    return {**form, **typed}


def shown(response) -> dict:
    return SentForm(response.content.decode(), "ratings").as_dict()


def saved(world, code: str):
    return world.march.ratings.select_related("level").get(criterion__code=code)


OFFICERS = {("A6", "commentary"): "Officer: waiting times checked with health."}
LEADS = {("A7", "level"): "red", ("A7", "commentary"): "Lead: the audit found gaps."}


def test_a_refused_save_shows_the_colleagues_values_with_mine_on_top(world):
    officer, officer_form = opened_by(world, "officer")
    lead, lead_form = opened_by(world, "lead")
    officer.post(month_url(world.march), changed(world, officer_form, OFFICERS))

    refused = lead.post(month_url(world.march), changed(world, lead_form, LEADS))

    assert refused.status_code == 200
    assert b"someone else saved this month" in refused.content
    again = shown(refused)
    assert again[field(world, "A6", "commentary")] == OFFICERS[("A6", "commentary")]
    assert again[field(world, "A7", "level")] == "red"
    assert saved(world, "A7").level.code == "amber"  # nothing of the lead's saved yet


def test_saving_the_refused_page_again_keeps_both_peoples_changes(world):
    officer, officer_form = opened_by(world, "officer")
    lead, lead_form = opened_by(world, "lead")
    officer.post(month_url(world.march), changed(world, officer_form, OFFICERS))
    refused = lead.post(month_url(world.march), changed(world, lead_form, LEADS))

    again = lead.post(month_url(world.march), shown(refused))

    assert again.status_code == 302
    assert saved(world, "A6").commentary == OFFICERS[("A6", "commentary")]
    assert (saved(world, "A7").level.code, saved(world, "A7").commentary) == (
        "red",
        LEADS[("A7", "commentary")],
    )


def test_the_same_field_changed_by_both_is_marked_and_mine_kept_in_the_box(world):
    officer, officer_form = opened_by(world, "officer")
    lead, lead_form = opened_by(world, "lead")
    officer.post(
        month_url(world.march),
        changed(world, officer_form, {**OFFICERS, ("A8", "next_steps"): "Officer: survey"}),
    )
    mine = {("A6", "commentary"): "Lead: my own reading of A6."}

    refused = lead.post(month_url(world.march), changed(world, lead_form, mine))
    again = lead.post(month_url(world.march), shown(refused))

    content = refused.content.decode()
    assert "A6 commentary: sunderland-officer changed this while you were editing" in content
    assert "Officer: waiting times checked with health." in content  # theirs, quoted
    assert shown(refused)[field(world, "A6", "commentary")] == mine[("A6", "commentary")]
    assert again.status_code == 302
    assert saved(world, "A6").commentary == mine[("A6", "commentary")]  # chosen knowingly
    assert saved(world, "A8").next_steps == "Officer: survey"  # not reverted


def test_a_field_neither_changed_is_not_marked(world):
    officer, officer_form = opened_by(world, "officer")
    lead, lead_form = opened_by(world, "lead")
    officer.post(month_url(world.march), changed(world, officer_form, OFFICERS))

    refused = lead.post(month_url(world.march), changed(world, lead_form, LEADS))

    assert b"while you were editing" not in refused.content


def sent_at_once(sends) -> list:
    start = threading.Barrier(len(sends))
    answers: list = []

    def run(send):
        start.wait()
        try:
            answers.append(send())
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(send,)) for send in sends]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite runs one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_keep_both_peoples_changes(world):
    officer, officer_form = opened_by(world, "officer")
    lead, lead_form = opened_by(world, "lead")
    url = month_url(world.march)

    answers = sent_at_once(
        [
            lambda: (officer, officer.post(url, changed(world, officer_form, OFFICERS))),
            lambda: (lead, lead.post(url, changed(world, lead_form, LEADS))),
        ]
    )
    [(loser, refused)] = [(c, r) for c, r in answers if r.status_code == 200]
    again = loser.post(url, shown(refused))

    assert sorted(r.status_code for _, r in answers) == [200, 302]
    assert again.status_code == 302
    assert saved(world, "A6").commentary == OFFICERS[("A6", "commentary")]
    assert saved(world, "A7").level.code == "red"
