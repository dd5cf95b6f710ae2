"""Moving around the month page (issue 16): a contents list with a link to each
judgement area and to the save buttons, a save button at the end of each area, and
`?show=` to show one area, the levels changed since last month, or the worst level —
the criteria not shown staying in the form, so a save keeps them."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from areas.models import Rating
from areas.ratings import services

from .factories import AssessmentFactory
from .helpers import month_post_data, month_url

pytestmark = pytest.mark.django_db

VOID = {"input", "br", "img", "meta", "link", "hr", "source", "col", "area", "wbr"}


class Shown(HTMLParser):
    """The criteria on a page, split into those shown and those inside a `hidden` element."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # one per open element: inside something hidden?
        self.shown: list[str] = []
        self.hidden: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        inside_hidden = (self.stack[-1] if self.stack else False) or "hidden" in a
        if (a.get("id") or "").startswith("rating-") and "app-rating" in (a.get("class") or ""):
            (self.hidden if inside_hidden else self.shown).append(a["id"][len("rating-") :])
        if tag not in VOID:
            self.stack.append(inside_hidden)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def officer_month(client, world, query=""):
    return page(client, world.member("officer"), month_url(world.march) + query)


def set_level(assessment, code, level):
    Rating.objects.filter(assessment=assessment, criterion__code=code).update(level=level)


def test_the_contents_link_to_each_judgement_area_and_to_the_save_buttons(client, world):
    html = officer_month(client, world)

    start = html.index('aria-labelledby="month-contents"')
    contents = html[start : html.index("</nav>", start)]
    for code in ["a", "b", "c"]:
        assert f'href="#area-{code}"' in contents
        assert f'<section class="app-month-section" id="area-{code}"' in html
        assert f'<h2 class="govuk-heading-m app-group-heading" id="area-{code}-heading">' in html
    assert 'href="#save"' in contents and 'id="save"' in html


def test_each_judgement_area_ends_with_a_save_button_for_the_whole_month(client, world):
    html = officer_month(client, world)

    sections = re.findall(r'<section class="app-month-section".*?</section>', html, re.S)
    assert len(sections) == 3
    assert all("Save the whole month (draft)</button>" in s for s in sections)
    form = html[html.index('<form method="post" novalidate id="ratings">') :]
    assert form[: form.index("</form>")].count('type="submit"') == 4  # and the sticky bar


def test_every_criterion_is_shown_when_nothing_is_chosen(client, world):
    shown = Shown(officer_month(client, world))

    assert len(shown.shown) == 44 and shown.hidden == []


def test_one_judgement_area_is_shown_and_the_others_stay_in_the_form(client, world):
    html = officer_month(client, world, "?show=B")
    shown = Shown(html)

    assert shown.shown and all(code.startswith("B") for code in shown.shown)
    assert len(shown.shown) + len(shown.hidden) == 44
    assert len(re.findall(r'name="form-\d+-level"[^>]*checked', html)) == 44
    assert "saving keeps them as they are" in html


def test_only_the_levels_changed_since_last_month_are_shown(client, world, levels):
    set_level(world.march, "A3", levels["green"])
    set_level(world.march, "C2", levels["red"])

    shown = Shown(officer_month(client, world, "?show=changed"))

    assert shown.shown == ["A3", "C2"]


def test_only_the_criteria_at_the_worst_level_are_shown(client, world, levels):
    set_level(world.march, "B4", levels["red"])

    html = officer_month(client, world, "?show=red")

    assert Shown(html).shown == ["B4"]
    assert "Only criteria at Red this month (1)" in html


def test_an_unknown_choice_shows_everything(client, world):
    shown = Shown(officer_month(client, world, "?show=<script>"))

    assert len(shown.shown) == 44


def test_a_read_only_month_shows_only_the_chosen_area(client, world):
    html = page(client, world.member("board"), month_url(world.march) + "?show=C")

    shown = Shown(html)
    assert shown.shown and all(code.startswith("C") for code in shown.shown)
    assert shown.hidden == []  # not a form: nothing else needs to be on the page


def test_a_save_from_one_area_keeps_the_others_and_comes_back_to_it(client, world, levels):
    client.force_login(world.member("officer"))
    data = month_post_data(world.march, {"B2": {"level": "green", "commentary": "Faster"}})

    response = client.post(month_url(world.march) + "?show=B", data)

    assert response.status_code == 302
    assert response["Location"] == month_url(world.march) + "?show=B"
    ratings = dict(
        Rating.objects.filter(assessment=world.march).values_list("criterion__code", "level__code")
    )
    assert ratings.pop("B2") == "green"
    assert set(ratings.values()) == {"amber"} and len(ratings) == 43


def test_a_criterion_in_error_is_shown_even_outside_the_chosen_area(client, world):
    client.force_login(world.member("officer"))
    data = month_post_data(world.march, {"A3": {"level": "green", "commentary": ""}})

    response = client.post(month_url(world.march) + "?show=C", data)

    assert response.status_code == 200
    assert "A3" in Shown(response.content.decode()).shown


# --- Start next month: asked first --------------------------------------------------


def start_url(world):
    return f"/areas/{world.area.slug}/months/start/"


def test_starting_a_month_asks_first_and_says_from_which(client, world):
    html = page(client, world.member("officer"), start_url(world))

    assert "Start April 2018?" in html
    assert "Its levels will start from March 2018's" in html
    assert '<input type="hidden" name="month" value="2018-04">' in html
    assert 'name="form_token"' in html
    assert world.area.assessments.count() == 2


def test_the_tracker_links_to_the_confirmation(client, world):
    html = page(client, world.member("officer"), f"/areas/{world.area.slug}/tracker/")

    assert f'href="{start_url(world)}">Start next month</a>' in html


def test_the_confirmation_starts_the_month_it_names(client, world):
    client.force_login(world.member("officer"))

    response = client.post(start_url(world), {"month": "2018-04"})

    assert response.status_code == 302 and response["Location"].endswith("/months/2018-04/")
    assert sorted(m.month for m in world.area.assessments.values_list("month", flat=True)) == [
        2,
        3,
        4,
    ]


def test_a_confirmation_sent_again_from_another_tab_starts_nothing(client, world):
    client.force_login(world.member("officer"))
    client.post(start_url(world), {"month": "2018-04"})

    again = client.post(start_url(world), {"month": "2018-04"})

    assert again.status_code == 302 and again["Location"].endswith("/months/2018-04/")
    assert world.area.assessments.count() == 3  # not May


def test_a_month_not_yet_begun_is_not_offered(client, world):
    AssessmentFactory(area=world.area, month=dt.date(2999, 12, 1))

    html = page(client, world.member("officer"), start_url(world))

    assert "January 3000 has not started yet" in html
    assert 'name="month"' not in html


@pytest.mark.parametrize("role", ["board", "scrutiny"])
def test_the_confirmation_is_refused_to_read_only_roles(client, world, role):
    client.force_login(world.member(role))

    shown = client.get(start_url(world))
    sent = client.post(start_url(world), {"month": "2018-04"})

    assert (shown.status_code, sent.status_code) == (403, 403)
    assert world.area.assessments.count() == 2


def test_the_confirmation_is_404_for_another_areas_lead(client, world, other_world):
    client.force_login(other_world.member("lead"))

    assert client.get(start_url(world)).status_code == 404


def test_the_confirmation_sends_anonymous_users_to_sign_in(client, world):
    response = client.get(start_url(world))

    assert response.status_code == 302 and response.url.startswith("/sign-in/")


def test_the_first_month_on_a_new_framework_says_its_levels_are_carried(client, world, area_send):
    services.month_agree(assessment=world.march, by=world.member("lead"))
    services.framework_switch(
        area=world.area,
        to_framework=area_send,
        from_month=dt.date(2018, 4, 1),
        by=world.member("lead"),
    )

    html = page(client, world.member("officer"), start_url(world))

    assert f"April 2018 is the first month rated against {area_send}" in html
    assert "carried over from March 2018" in html
