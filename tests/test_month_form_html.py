"""The month page's rows are written in Python (areas/ratings/templatetags/month_form.py),
not by the template engine: what the user types and what the framework says is escaped,
every input has its label, the level saved is the one checked, and an error is tied to
its field as GOV.UK's error pattern asks."""

import datetime as dt
from html.parser import HTMLParser

import pytest

from areas.models import Rating

from .factories import AssessmentFactory
from .helpers import month_post_data, month_url
from .test_performance_month_save import month_with

pytestmark = pytest.mark.django_db

HOSTILE = 'Said "no" <script>alert(1)</script> & left'


class Inputs(HTMLParser):
    """Every input, textarea and label of the page, and any <script> element."""

    def __init__(self):
        super().__init__()
        self.inputs: dict[str, dict] = {}
        self.labels: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag in ("input", "textarea") and found.get("id"):
            self.inputs[found["id"]] = {"tag": tag, **found}
        elif tag == "label":
            self.labels.add(found.get("for", ""))
        elif tag == "script" and "src" not in found:
            self.scripts += 1


def parsed(html: str) -> Inputs:
    reader = Inputs()
    reader.feed(html)
    return reader


@pytest.fixture
def month(client):
    march, criteria, levels, officer = month_with(1)
    criterion = criteria[0]
    criterion.code, criterion.text = "A1", HOSTILE
    criterion.save()
    april = AssessmentFactory(area=march.area, framework=march.framework, month=dt.date(2018, 4, 1))
    Rating.objects.create(assessment=march, criterion=criterion, level=levels["green"])
    Rating.objects.create(
        assessment=april, criterion=criterion, level=levels["amber"], commentary=HOSTILE
    )
    client.force_login(officer)
    return april


def test_typed_and_framework_text_is_escaped(client, month):
    html = client.get(month_url(month)).content.decode()

    assert parsed(html).scripts == 0
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3  # title, textarea, loaded
    assert "<script>alert" not in html


def test_every_input_has_a_label_and_the_saved_level_is_checked(client, month):
    page = parsed(client.get(month_url(month)).content.decode())

    rows = {i: attrs for i, attrs in page.inputs.items() if i.startswith("id_form-0-")}
    assert set(rows) >= {"id_form-0-level_1", "id_form-0-commentary", "id_form-0-evidence"}
    assert all(i in page.labels for i in rows)
    checked = [attrs["value"] for attrs in rows.values() if "checked" in attrs]
    assert checked == ["amber"]
    assert "Last month:" in client.get(month_url(month)).content.decode()


def test_an_error_is_tied_to_its_field(client, month):
    data = month_post_data(month, {"A1": {"level": "red", "commentary": ""}})

    html = client.post(month_url(month), data).content.decode()

    page = parsed(html)
    commentary = page.inputs["id_form-0-commentary"]
    assert commentary.get("aria-describedby") == "id_form-0-commentary-error"
    assert 'id="id_form-0-commentary-error"' in html
    assert "say why the level has changed from Green to Red" in html
    assert "govuk-textarea--error" in commentary["class"]
    assert "checked" in page.inputs["id_form-0-level_1"]  # red, as sent
