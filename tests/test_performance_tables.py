"""The quick tables (common/tables.py) render every cell as django-tables2 itself does,
reading each render method's arguments once instead of once a cell."""

import datetime as dt
import re

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import dateformat
from django_tables2 import RequestConfig
from django_tables2.rows import BoundRow

from actions.plans import selectors
from actions.plans.filters import ActionFilter, QuickSelect
from actions.plans.tables import ActionTable
from actions.scrutiny.selectors import (
    area_recommendations,
    area_reviews,
    tracker_recommendations,
    with_reviews,
)
from actions.scrutiny.tables import RecommendationTable
from common.tables import QuickDates

from .factories import (
    ActionFactory,
    PlanFactory,
    RecommendationFactory,
    ResponseFactory,
    ReviewFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def cells_both_ways(table) -> tuple[list, list]:
    quick = [list(row) for row in table.rows]
    library = [list(BoundRow(record, table=table)) for record in table.data]
    return quick, library


def page_actions(plan) -> list:
    return selectors.plan_page_actions(plan, selectors.plan_page_workstreams(plan))


def tracker_rows(area) -> list:
    """The tracker page's rows (only what its table shows, reviews attached)."""
    return with_reviews(tracker_recommendations(area), area_reviews(area))


def rendered_both_ways(table_class, records, query: str = "") -> tuple[str, str]:
    """The table as the quick template writes it and as django_tables2/govuk.html does
    (cell by cell), whitespace between tags aside."""
    request = RequestFactory().get(f"/table/{query}")
    table = table_class(records)
    RequestConfig(request, paginate=False).configure(table)
    quick = Template("{% load django_tables2 %}{% render_table table %}")
    library = Template(
        '{% load django_tables2 %}{% render_table table "django_tables2/govuk.html" %}'
    )
    context = Context({"table": table, "request": request})
    return tuple(  # type: ignore[return-value]
        re.sub(r">\s+<", "><", page.render(context).strip()) for page in (quick, library)
    )


def test_action_table_cells_are_those_django_tables2_renders(world):
    plan = PlanFactory(area=world.area)
    stream = WorkstreamFactory(plan=plan)
    ActionFactory(workstream=stream, due_on=dt.date(2020, 1, 5), criteria=world.criteria[:2])
    ActionFactory(workstream=stream, due_on=dt.date(2031, 7, 1), status="complete")

    quick, library = cells_both_ways(ActionTable(page_actions(plan)))

    assert quick == library
    assert [row[4] for row in quick] == ["5 Jan 2020", "1 Jul 2031"]  # due, formatted once
    assert "Overdue" in str(quick[0][6]) and quick[1][6] == "No"


def test_recommendation_table_cells_are_those_django_tables2_renders(world):
    review = ReviewFactory(area=world.area)
    answered = RecommendationFactory(review=review, number=1)
    ResponseFactory(recommendation=answered, target_date=dt.date(2020, 3, 1))
    RecommendationFactory(review=review, number=2)  # no response: no target date

    quick, library = cells_both_ways(RecommendationTable(list(area_recommendations(world.area))))

    assert quick == library
    assert [row[6] for row in quick] == ["Mar 2020", "–"]


HOSTILE = "<b>Tom & \"Jerry\"</b> 'x'"


@pytest.mark.parametrize("query", ["", "?sort=-due_on", "?sort=owner"])
def test_action_table_body_is_the_html_django_tables2_writes(
    world, query, django_assert_num_queries
):
    plan = PlanFactory(area=world.area)
    stream = WorkstreamFactory(plan=plan, code="<W>")
    ActionFactory(workstream=stream, description=HOSTILE * 10, owner=HOSTILE)
    ActionFactory(workstream=stream, due_on=dt.date(2020, 1, 5), criteria=world.criteria[:2])
    ActionFactory(workstream=stream, owner="", status="complete")
    actions = page_actions(plan)

    with django_assert_num_queries(0):  # nothing the table shows was left out of the fetch
        quick, library = rendered_both_ways(ActionTable, actions, query)

    assert quick == library
    assert quick.count('<th scope="row"') == 3 and "&lt;b&gt;Tom &amp; &quot;" in quick


def test_recommendation_table_body_is_the_html_django_tables2_writes(
    world, django_assert_num_queries
):
    review = ReviewFactory(area=world.area, title=HOSTILE)
    answered = RecommendationFactory(review=review, number=1, text=HOSTILE * 10, theme="")
    ResponseFactory(recommendation=answered, target_date=dt.date(2020, 3, 1), responsible=HOSTILE)
    RecommendationFactory(review=review, number=2, theme=HOSTILE)
    rows = tracker_rows(world.area)

    with django_assert_num_queries(0):  # nothing the table shows was left out of the fetch
        quick, library = rendered_both_ways(RecommendationTable, rows, "?sort=-number")

    assert quick == library
    assert quick.count('<th scope="row"') == 2


@pytest.mark.parametrize("table_class", [ActionTable, RecommendationTable])
def test_an_empty_quick_table_says_so_as_django_tables2_does(table_class):
    quick, library = rendered_both_ways(table_class, [])

    assert quick == library
    assert "match these filters" in quick


@pytest.mark.parametrize("format", ["j M Y", "M Y"])
def test_quick_dates_are_those_dateformat_writes(format):
    days = [dt.date(2024, month, day) for month in range(1, 13) for day in (1, 9, 28)]

    quick = QuickDates(format)

    assert [quick(day) for day in days] == [dateformat.format(day, format) for day in days]


SELECT_CASES = [
    ([("", "Any"), ("a", HOSTILE), (3, "Three")], "a"),
    ([("", "Any"), ("a", "A")], None),
    ([("Group <1>", [("x", "X"), ("y", HOSTILE)]), ("z", "Z")], "y"),
]


@pytest.mark.parametrize(("choices", "value"), SELECT_CASES)
def test_quick_select_writes_the_html_django_writes(choices, value):
    attrs = {"class": "govuk-select", "id": "id_x", "required": True, "disabled": False}

    quick = QuickSelect(attrs=attrs, choices=choices).render("x", value)
    django = forms.Select(attrs=attrs, choices=choices).render("x", value)

    assert quick == django


@pytest.mark.parametrize("chosen", [False, True])
def test_action_filter_row_is_the_html_django_writes(world, chosen):
    plan = PlanFactory(area=world.area)
    stream = WorkstreamFactory(plan=plan, title=HOSTILE)
    query = f"?workstream={stream.pk}&status=on_track&criterion={world.criteria[1].pk}&overdue=yes"
    data = RequestFactory().get(f"/{query if chosen else ''}").GET or None
    form = ActionFilter(data, queryset=selectors.plan_actions(plan), plan=plan).form
    quick = [str(field) for field in form]

    for field in form.fields.values():
        if isinstance(field.widget, QuickSelect):
            field.widget.__class__ = forms.Select

    assert quick == [str(field) for field in form]
    assert sum("<option" in html for html in quick) == 5
    assert sum('value="" selected>' in html for html in quick) == (1 if chosen else 5)
