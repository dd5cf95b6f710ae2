"""Saving a month costs the same few queries whatever the number of criteria: the
ratings are checked against the month's framework in memory and written in bulk, each
change still recorded in the history."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.models import Assessment, Rating
from areas.ratings import services
from areas.ratings.forms import RATING_FIELDS, RatingForm
from areas.ratings.services import RatingEntry
from common.once import TOKEN

from .factories import (
    AssessmentFactory,
    CriterionFactory,
    FrameworkFactory,
    JudgementAreaFactory,
    LocalAreaFactory,
    MembershipFactory,
    RatingLevelFactory,
    UserFactory,
)
from .helpers import month_post_data, month_url, statements

pytestmark = pytest.mark.django_db

# The service reading the ratings itself: lock, read, insert and its history, update and
# its history, the month's version and its history.
SAVE_QUERIES = 8
# The whole post as a browser sends it (as tests/test_query_counts.py counts), when it
# changes ratings the month already has (every month once its criteria have been rated
# once): session, user, the form's one-time token, membership, the month (with the one
# before), criteria, levels, both months' ratings (which the save then trusts), the
# month's version (one conditional UPDATE, which also locks it), the ratings and their
# history, and the month's history.
PAGE_SAVE_QUERIES = 12
# Rating a criterion for the first time adds its insert and that insert's history.
FIRST_RATINGS = 2


def month_with(criteria_count: int):
    """A month of a framework with `criteria_count` criteria, half of them rated."""
    framework = FrameworkFactory()
    judgement_area = JudgementAreaFactory(framework=framework)
    criteria = [
        CriterionFactory(framework=framework, judgement_area=judgement_area)
        for _ in range(criteria_count)
    ]
    levels = {
        code: RatingLevelFactory(framework=framework, code=code, label=code.title(), order=n)
        for n, code in enumerate(["red", "amber", "green"])
    }
    area = LocalAreaFactory(framework=framework)
    officer = UserFactory()
    MembershipFactory(area=area, user=officer, role="officer")
    month = AssessmentFactory(area=area, framework=framework, month=dt.date(2018, 3, 1))
    Rating.objects.bulk_create(
        Rating(assessment=month, criterion=criterion, level=levels["amber"])
        for criterion in criteria[: criteria_count // 2]
    )
    return month, criteria, levels, officer


def every_criterion_changed(criteria, levels) -> list[RatingEntry]:
    return [
        RatingEntry(criterion=criterion, level=levels["amber"], commentary=f"Looked at {n}")
        for n, criterion in enumerate(criteria)
    ]


def save_queries(criteria_count: int) -> int:
    month, criteria, levels, officer = month_with(criteria_count)
    with CaptureQueriesContext(connection) as context:
        changed = services.month_save(
            assessment=month,
            entries=every_criterion_changed(criteria, levels),
            loaded_version=0,
            by=officer,
        )
    assert changed == criteria_count  # half updated, half created
    history = Rating.history.filter(assessment_id=month.pk, history_user=officer)
    assert history.count() == criteria_count  # each change recorded
    return len(context.captured_queries)


def test_month_save_queries_do_not_grow_with_criteria():
    small = save_queries(3)

    big = save_queries(12)

    assert small == big <= SAVE_QUERIES


def test_month_save_refuses_a_level_of_another_framework():
    month, criteria, _, officer = month_with(3)
    stranger = RatingLevelFactory(code="red")  # a level of another framework

    with pytest.raises(services.Refused, match="not a level of this month's framework"):
        services.month_save(
            assessment=month,
            entries=[RatingEntry(criterion=criteria[0], level=stranger)],
            loaded_version=0,
            by=officer,
        )

    assert not Rating.objects.filter(assessment=month, level=stranger).exists()


def test_month_save_refuses_a_criterion_of_another_framework():
    month, _, levels, officer = month_with(3)
    stranger = CriterionFactory()  # a criterion of another framework

    with pytest.raises(services.Refused, match="not a criterion of this month's framework"):
        services.month_save(
            assessment=month,
            entries=[RatingEntry(criterion=stranger, level=levels["red"])],
            loaded_version=0,
            by=officer,
        )

    assert not Rating.objects.filter(assessment=month, criterion=stranger).exists()


def posted_as_a_browser(client, month, officer, changes: dict) -> list[str]:
    """The statements of one month post as a browser sends it (with its one-time token)."""
    client.force_login(officer)
    data = month_post_data(month, changes) | {TOKEN: str(uuid.uuid4())}
    with CaptureQueriesContext(connection) as context:
        response = client.post(month_url(month), data)
    assert response.status_code == 302
    return statements(context)


def post_queries(client, criteria_count: int) -> int:
    month, criteria, _, officer = month_with(criteria_count)
    changes = {c.code: {"level": "amber", "commentary": "Looked at"} for c in criteria}
    sent = posted_as_a_browser(client, month, officer, changes)
    assert Rating.objects.filter(assessment=month, commentary="Looked at").count() == len(criteria)
    return len(sent)


def test_month_page_save_queries_do_not_grow_with_criteria(client):
    small = post_queries(client, 3)

    big = post_queries(client, 12)

    assert small == big <= PAGE_SAVE_QUERIES + FIRST_RATINGS, (small, big)


def test_a_month_post_that_changes_rated_criteria_takes_twelve_queries(client):
    """The issue's bound, for the usual post: every criterion already rated."""
    month, criteria, levels, officer = month_with(4)
    Rating.objects.bulk_create(
        Rating(assessment=month, criterion=criterion, level=levels["red"])
        for criterion in criteria[2:]
    )
    changes = {c.code: {"level": "green", "commentary": "Better"} for c in criteria}

    sent = posted_as_a_browser(client, month, officer, changes)

    assert Rating.objects.filter(assessment=month, level=levels["green"]).count() == 4
    assert len(sent) <= PAGE_SAVE_QUERIES, "\n".join(sql[:100] for sql in sent)


AWKWARD = 'Said "no" <b>twice</b> & left'


@pytest.mark.parametrize(
    "data",
    [
        None,  # the page as loaded
        {"form-0-level": "red", "form-0-commentary": "mine"},  # sent without what was loaded
        {  # sent with what was loaded
            "form-0-level": "red",
            "form-0-commentary": "mine",
            "initial-form-0-level": "amber",
            "initial-form-0-commentary": AWKWARD,
            "initial-form-0-evidence": "",
        },
    ],
)
def test_loaded_values_are_the_hidden_inputs_django_writes(data):
    month, criteria, levels, _ = month_with(3)
    form = RatingForm(
        data,
        prefix="form-0",
        criterion=criteria[0],
        levels=list(levels.values()),
        previous=None,
        current=None,
        initial={"level": "amber", "commentary": AWKWARD, "next_steps": "", "evidence": "x"},
    )

    written = str(form.loaded_values())

    assert written == "".join(
        str(form[name].as_hidden(only_initial=True)) for name in RATING_FIELDS
    )
    if data is None or "initial-form-0-commentary" in data:
        assert "&quot;no&quot; &lt;b&gt;" in written  # escaped, as Django escapes it


def clearing_queries(criteria_count: int) -> int:
    """Queries to save a month with every rated criterion set back to "not rated"."""
    month, criteria, _, officer = month_with(criteria_count)
    cleared = [RatingEntry(criterion=criterion, level=None) for criterion in criteria]
    with CaptureQueriesContext(connection) as context:
        changed = services.month_save(
            assessment=month, entries=cleared, loaded_version=0, by=officer
        )
    assert changed == criteria_count // 2
    assert not Rating.objects.filter(assessment=month).exists()
    removals = Rating.history.filter(assessment_id=month.pk, history_type="-")
    assert removals.filter(history_user=officer).count() == criteria_count // 2  # each recorded
    return len(statements(context))


def test_clearing_ratings_costs_the_same_queries_for_any_number():
    assert clearing_queries(4) == clearing_queries(12) <= SAVE_QUERIES


def test_a_save_refused_as_stale_leaves_the_ratings_it_was_given_as_read():
    month, criteria, levels, officer = month_with(2)
    read = {r.criterion_id: r for r in Rating.objects.filter(assessment=month)}
    services.month_save(  # a colleague saves first, from the same version
        assessment=Assessment.objects.get(pk=month.pk),
        entries=every_criterion_changed(criteria, levels),
        loaded_version=0,
        by=UserFactory(),
    )

    with pytest.raises(services.StaleSave):
        services.month_save(
            assessment=month,  # still at version 0, as this user loaded it
            entries=[RatingEntry(criterion=c, level=levels["red"]) for c in criteria],
            loaded_version=0,
            by=officer,
            read=read,
        )

    assert {r.level_id for r in read.values()} == {levels["amber"].pk}
    assert not Rating.objects.filter(assessment=month, level=levels["red"]).exists()
