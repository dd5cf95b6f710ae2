"""The read-only framework pages (frameworks/views.py): the frameworks held, one
framework in full, and how the 2016 criteria inform the 2023 ones.

The 2016 framework is loaded once for the run (tests/conftest.py); the 2023 one and the
mapping are loaded by each test that needs them, inside its own transaction."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frameworks.loading import framework_load, read_framework_file
from frameworks.mapping import mapping_load, read_mapping_file
from frameworks.models import Criterion, Framework
from frameworks.selectors import provisional_counts

from .conftest import FRAMEWORK_FILE
from .factories import UserFactory

pytestmark = pytest.mark.django_db

AREA_SEND_FILE = FRAMEWORK_FILE.parent / "area-send-2023.yaml"
MAPPING_FILE = FRAMEWORK_FILE.parent / "mapping-2016-to-2023.yaml"
BANNER = (
    "Wording tagged Provisional has not yet been checked against the published handbook "
    "and is shown as provisional, never as official."
)
PROVISIONAL_TAG = ">Provisional</strong>"
LIST_URL = "/frameworks/"
SEND_2016_URL = "/frameworks/send-2016/"
AREA_SEND_URL = "/frameworks/area-send-2023/"
MAPPING_URL = "/frameworks/area-send-2023/mapping/send-2016/"


@pytest.fixture
def area_send(framework) -> Framework:
    """The 2023 framework beside the 2016 one, with the mapping from 2016."""
    loaded, _ = framework_load(data=read_framework_file(AREA_SEND_FILE))
    mapping_load(data=read_mapping_file(MAPPING_FILE))
    return loaded


@pytest.fixture
def signed_in(client):
    client.force_login(UserFactory(username="reader"))
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def criterion_rows(html: str) -> dict[str, str]:
    """Each criterion's row on a framework page, by code: its HTML."""
    found = re.findall(
        r'<div class="govuk-summary-list__row" id="criterion-([^"]+)">(.*?)</div>', html, re.S
    )
    return dict(found)


def mapped_block(html: str, code: str) -> str:
    """The mapping page's section for one criterion of the later framework."""
    start = html.index(f'id="criterion-{code}"')
    end = html.find('<div class="app-mapping"', start)
    return html[start : end if end != -1 else len(html)]


# --- who may see them --------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST_URL, SEND_2016_URL, AREA_SEND_URL, MAPPING_URL])
def test_pages_shown_to_any_signed_in_user(signed_in, area_send, url):
    # A user with no area at all: frameworks are shared reference data.
    response = signed_in.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("url", [LIST_URL, SEND_2016_URL, AREA_SEND_URL, MAPPING_URL])
def test_pages_send_anonymous_to_sign_in(client, area_send, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    "url",
    [
        "/frameworks/no-such-framework/",
        "/frameworks/no-such-framework/mapping/send-2016/",
        "/frameworks/area-send-2023/mapping/no-such-framework/",
        # Both known, but nothing maps from 2023 to 2016, nor from a framework to itself.
        "/frameworks/send-2016/mapping/area-send-2023/",
        "/frameworks/area-send-2023/mapping/area-send-2023/",
    ],
)
def test_unknown_framework_or_mapping_is_a_404(signed_in, area_send, url):
    response = signed_in.get(url)

    assert response.status_code == 404


# --- the frameworks held ----------------------------------------------------------------------


def test_list_gives_each_framework_its_year_criteria_and_link(signed_in, area_send):
    html = page(signed_in, LIST_URL)

    assert f'href="{SEND_2016_URL}">Local area SEND inspection framework</a>' in html
    assert f'href="{AREA_SEND_URL}">Area SEND inspection framework</a>' in html
    numbers = re.findall(r'numeric">(\d+)</td>', html)
    assert numbers == ["2023", "11", "2016", "44"]


def test_list_tags_only_the_framework_with_provisional_wording(signed_in, area_send):
    html = page(signed_in, LIST_URL)

    rows = html.split('<tr class="govuk-table__row">')
    (tagged,) = [row for row in rows if "Provisional wording" in row]
    assert "Area SEND inspection framework" in tagged


# --- one framework ---------------------------------------------------------------------------


def test_2023_page_tags_exactly_the_provisional_criteria(signed_in, area_send):
    provisional = set(
        Criterion.objects.filter(framework=area_send, confirmed=False).values_list(
            "code", flat=True
        )
    )

    rows = criterion_rows(page(signed_in, AREA_SEND_URL))

    assert len(rows) == 11
    assert {code for code, row in rows.items() if PROVISIONAL_TAG in row} == provisional
    assert provisional == {"2.1", "2.2", "2.3", "2.4", "2.5", "2.6"}


def test_2023_page_tags_every_provisional_text_once(signed_in, area_send):
    html = page(signed_in, AREA_SEND_URL)

    # Criteria, the second evaluation area's title and any outcome or heading.
    assert html.count(PROVISIONAL_TAG) == provisional_counts(area_send).total


def test_2023_page_says_once_that_provisional_wording_is_not_official(signed_in, area_send):
    html = page(signed_in, AREA_SEND_URL)

    assert html.count(BANNER) == 1
    assert "govuk-warning-text" in html


def test_2023_page_speaks_of_evaluation_areas_and_outcomes(signed_in, area_send):
    html = page(signed_in, AREA_SEND_URL)

    assert "Evaluation areas and criteria" in html
    assert "Evaluation area 1: The impact of the local area partnership" in html
    assert "Evaluation area 2: How the local area partners" in html
    assert "Outcomes of a full inspection" in html
    assert "judgement" not in html.lower()


def test_2016_page_has_no_provisional_tag_and_no_banner(signed_in, framework):
    html = page(signed_in, SEND_2016_URL)

    assert PROVISIONAL_TAG not in html
    assert BANNER not in html
    assert len(criterion_rows(html)) == 44
    assert "Judgement areas and criteria" in html
    assert "Q1: How effectively does the local area identify" in html
    assert "Quality of identification" in html  # a heading


def test_2023_page_shows_outcomes_with_what_each_triggers(signed_in, area_send):
    html = page(signed_in, AREA_SEND_URL)

    for outcome in area_send.outcomes.all():
        assert outcome.text.replace("'", "&#x27;") in html
        for follows in outcome.triggers():
            assert f"<li>{follows[0].upper()}{follows[1:]}</li>" in html
    assert "A monitoring inspection, usually 18 months after the final report" in html
    assert "Update and publish the local area partnership&#x27;s strategic plan." in html


def test_2023_page_shows_activity_types_and_rating_scale_in_words(signed_in, area_send):
    html = page(signed_in, AREA_SEND_URL)

    for name in ["Full inspection", "Monitoring inspection", "Engagement meeting"]:
        assert f'<dt class="govuk-summary-list__key">{name}</dt>' in html
    assert "Thematic visit" in html
    for level in area_send.levels.all():
        assert f">{level.label}</strong>" in html
        assert level.definition in html
    assert "(the level an area works towards)" in html


def test_2023_page_links_to_the_mapping_and_2016_page_does_not(signed_in, area_send):
    html_2023 = page(signed_in, AREA_SEND_URL)
    html_2016 = page(signed_in, SEND_2016_URL)

    link = f'href="{MAPPING_URL}">How the 2016 criteria map to this framework</a>'
    assert link in html_2023
    assert "/mapping/" not in html_2016


@pytest.mark.parametrize("url", [SEND_2016_URL, AREA_SEND_URL])
def test_framework_page_queries_do_not_grow_with_criteria(
    signed_in, area_send, url, django_assert_num_queries
):
    # 2 for the session and user, then the framework, its areas, headings, criteria,
    # provisional counts, outcomes, activity types, levels and the frameworks mapped
    # from: the same for 44 criteria as for 11 (the session is written at sign-in, then
    # at most once a minute).
    with django_assert_num_queries(11):
        signed_in.get(url)


# --- the mapping ---------------------------------------------------------------------------------


def test_mapping_lists_the_2016_sources_of_1_1_with_why(signed_in, area_send):
    block = mapped_block(page(signed_in, MAPPING_URL), "1.1")

    sources = re.findall(r'href="/frameworks/send-2016/#criterion-([^"]+)"', block)
    assert sources == ["A1", "A2", "A4", "A5", "A6", "A13", "A14", "A17", "B2", "C1", "C2"]
    assert "appropriate monitoring arrangements" in block  # A2's text
    assert block.count("Why: How needs are raised, identified and assessed") == 1
    assert "Nothing in" not in block


def test_mapping_says_nothing_informs_2_1(signed_in, area_send):
    html = page(signed_in, MAPPING_URL)

    block = mapped_block(html, "2.1")
    assert "Nothing in the Local area SEND inspection framework (2016) informs this." in block
    assert "#criterion-" not in block
    assert html.count("Nothing in the") == 1


def test_mapping_lists_every_2023_criterion_in_order_under_its_area(signed_in, area_send):
    html = page(signed_in, MAPPING_URL)

    codes = re.findall(r'<div class="app-mapping" id="criterion-([^"]+)"', html)
    assert codes == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6"]
    assert html.index("Evaluation area 1:") < html.index('id="criterion-1.1"')
    assert html.index('id="criterion-1.5"') < html.index("Evaluation area 2:")
    assert html.index("Evaluation area 2:") < html.index('id="criterion-2.1"')


def test_mapping_page_queries_do_not_grow_with_criteria(signed_in, area_send):
    # The same page the other way round, 44 criteria instead of 11, two informed.
    mapping_load(
        data={
            "from": "area-send-2023",
            "to": "send-2016",
            "mappings": [
                {"to": "A1", "from": ["1.1"], "why": "Back."},
                {"to": "C19", "from": ["2.2"]},
            ],
        }
    )
    counted = {}
    for url in [MAPPING_URL, "/frameworks/send-2016/mapping/area-send-2023/"]:
        with CaptureQueriesContext(connection) as queries:
            page(signed_in, url)
        counted[url] = len(queries)

    assert len(set(counted.values())) == 1, counted


def test_every_signed_in_page_links_to_the_frameworks(client, world):
    client.force_login(world.member("board"))

    page = client.get(f"/areas/{world.area.slug}/").content.decode()

    assert 'href="/frameworks/"' in page
