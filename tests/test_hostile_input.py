"""No 500 from any input, proved from the URL configuration (issue 12).

Every named URL pattern is requested as a lead of an area (who may do everything): its
page is fetched once, the fields of its forms are read from the HTML, and each hostile
value is put into every field a person fills in — of its filter form (a GET) and of its
own form (a POST). Whatever the value, the answer is never a 500, a `<script>` posted
is never shown unescaped, and a post that is refused writes nothing.

Then every URL parameter gets a NUL byte or a twenty-digit number, every month URL an
impossible month, and the two formsets a thousand forms.

A new URL pattern is walked as soon as it exists; one with a parameter this file cannot
fill fails until it has a value here (ids come from OWNED in test_area_scoping.py)."""

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from areas.models import ComparatorValue, KpiTarget, KpiValue, SelfEvaluationVersion
from frameworks.loading import framework_load, read_framework_file
from frameworks.mapping import mapping_load, read_mapping_file
from frameworks.models import Framework, Kpi

from .conftest import FRAMEWORK_FILE
from .factories import AssessmentFactory, LocalAreaFactory, MembershipFactory, UserFactory
from .test_area_scoping import OWNED, area_records, url_patterns

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HUGE = "99999999999999999999"


@dataclass(frozen=True)
class Payload:
    label: str  # in the test id
    value: str  # put into every field a person fills in
    year: str | None = None  # instead, in the year of every date input (day and month 1)
    reaches: str = "a field"  # or "any page", "a number field", "a date input"


PAYLOADS = [
    Payload("script", SCRIPT, reaches="any page"),
    Payload("nul", "a\x00b"),
    Payload("100k", "x" * 100_000),
    Payload("huge", HUGE),  # also an id in every choice
    *(
        Payload(label, value, reaches="a number field")
        for label, value in [
            ("nan", "NaN"),
            ("infinity", "Infinity"),
            ("1e20", "1E+20"),
            ("decimals", "1.23456789"),
        ]
    ),
    *(Payload(f"year-{year}", year, year, "a date input") for year in [HUGE, "0", "-1", "10000"]),
]

MONTHS = {"default": "2018-03", "ratings:month_reopen": "2018-02"}  # a draft; an agreed one
KPI_CODE = "ep-waiting-list"
CODES = {"ratings:criterion": "A1", "kpis:exception": KPI_CODE}  # what <code> names
# What a framework's slug names in the framework pages (frameworks/urls.py).
FRAMEWORK_SLUGS = {
    "framework": "send-2016",
    "to_framework": "area-send-2023",
    "from_framework": "send-2016",
}
AREA_SEND_FILE = FRAMEWORK_FILE.parent / "area-send-2023.yaml"  # 2016 is loaded for the run
MAPPING_FILE = FRAMEWORK_FILE.parent / "mapping-2016-to-2023.yaml"
ANONYMOUS = {"login"}  # a signed-in user is sent on from the sign-in page
DATE_PART = re.compile(r"_[012]$")  # a GOV.UK date input's day, month and year


# --- one area with one of everything a URL can name ------------------------------------


@dataclass
class Site:
    area: object
    lead: object
    records: dict[str, int]
    session: str  # the lead's, signed in once


def exception_kpi(area) -> None:
    """A KPI worse than its target and England, so that its commentary page has a form."""
    kpi = Kpi.objects.create(
        framework=area.framework,
        code=KPI_CODE,
        name="Educational psychology waiting list",
        definition="Children waiting for an EP assessment.",
        unit="count",
        direction="lower",
        frequency="annual",
        order=1,
    )
    period = dt.date(2024, 1, 1)
    ComparatorValue.objects.create(
        kpi=kpi, level="england", code="E92000001", name="England", period=period, value=10
    )
    KpiValue.objects.create(area=area, kpi=kpi, period=period, value=Decimal(412))
    KpiTarget.objects.create(area=area, kpi=kpi, period=period, value=Decimal(17))


def build_site() -> Site:
    framework = Framework.objects.get(slug="send-2016")
    # The frameworks and the mapping FRAMEWORK_SLUGS name.
    framework_load(data=read_framework_file(AREA_SEND_FILE))
    mapping_load(data=read_mapping_file(MAPPING_FILE))
    area = LocalAreaFactory(slug="hostile", framework=framework)
    lead = UserFactory(username="hostile-lead")
    MembershipFactory(user=lead, area=area, role="lead")
    MembershipFactory(user=UserFactory(username="hostile-officer"), area=area, role="officer")
    AssessmentFactory(area=area, month=dt.date(2018, 2, 1), status="agreed")
    AssessmentFactory(area=area, month=dt.date(2018, 3, 1))
    exception_kpi(area)
    # A published version 1, so that the draft (version 2) has one to be compared with.
    SelfEvaluationVersion.objects.create(
        area=area, framework=framework, number=1, status="published"
    )
    records = area_records(area, lead, version_number=2)
    signing_in = Client()
    signing_in.force_login(lead)
    session = signing_in.cookies[settings.SESSION_COOKIE_NAME].value
    return Site(area=area, lead=lead, records=records, session=session)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker) -> Iterator[Site]:
    """Built once for this file, in a transaction rolled back after it; each test runs
    inside it in a transaction of its own, so none sees what another posted."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_site()
        transaction.set_rollback(True)


def parameter_value(name: str, parameter: str, site: Site):
    if parameter == "area":
        return site.area.slug
    if parameter == "month":
        return MONTHS.get(name, MONTHS["default"])
    if parameter == "code" and name in CODES:
        return CODES[name]
    if parameter in FRAMEWORK_SLUGS:
        return FRAMEWORK_SLUGS[parameter]
    if parameter in {"uidb64", "token"}:  # an emailed password link (a reset, an invitation)
        return password_link(site.lead)[parameter]
    if parameter in OWNED.get(name, {}):
        return site.records[OWNED[name][parameter]]
    pytest.fail(f"{name}: nothing to put in <{parameter}>: give it a value in this file")


def password_link(user) -> dict[str, str]:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return {"uidb64": uid, "token": default_token_generator.make_token(user)}


def url_for(name: str, pattern, site: Site, **replaced) -> str:
    kwargs = {p: parameter_value(name, p, site) for p in pattern.pattern.converters}
    return reverse(name, kwargs={**kwargs, **replaced})


def signed_in(client, name: str, site: Site):
    if name not in ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = site.session
    return client


# --- what a page's forms ask for -----------------------------------------------------------


@dataclass
class Form:
    method: str
    action: str
    fields: dict[str, str | None] = field(default_factory=dict)  # a hidden field: its value
    numbers: set[str] = field(default_factory=set)  # number inputs and date parts


class Forms(HTMLParser):
    """The forms of a page and the names of their fields."""

    def __init__(self, html: str):
        super().__init__()
        self.forms: list[Form] = []
        self.inside: Form | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name, kind = attributes.get("name"), attributes.get("type")
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            self.inside = Form(method, attributes.get("action") or "")
            self.forms.append(self.inside)
        elif tag in {"input", "textarea", "select"} and self.inside and name:
            hidden_value = attributes.get("value") or ""
            self.inside.fields[name] = hidden_value if kind == "hidden" else None
            if kind == "number" or DATE_PART.search(name):
                self.inside.numbers.add(name)

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = None

    def own(self, method: str, url: str) -> Form:
        """The fields of the page's own forms (sent to `url`) with `method`."""
        own = Form(method, url)
        for form in self.forms:
            if form.method == method and form.action in {"", url}:
                own.fields.update(form.fields)
                own.numbers.update(form.numbers)
        return own


def filled_in(form: Form) -> list[str]:
    return [name for name, hidden_value in form.fields.items() if hidden_value is None]


def reaches(payload: Payload, form: Form) -> bool:
    filled = filled_in(form)
    if payload.reaches == "a date input":
        return any(DATE_PART.search(name) for name in filled)
    if payload.reaches == "a number field":
        return any(name in form.numbers for name in filled)
    return payload.reaches == "any page" or bool(filled)


def hostile(form: Form, payload: Payload) -> dict:
    """The payload in every field a person fills in; hidden fields keep the page's state."""
    data = {}
    for name, hidden_value in form.fields.items():
        if hidden_value is not None:
            data[name] = hidden_value
        elif payload.year is not None and DATE_PART.search(name):
            data[name] = payload.year if name.endswith("_2") else "1"
        else:
            data[name] = payload.value
    return data


def writes(queries) -> list[str]:
    """The statements that changed the site's tables: not the session, nor the form's
    one-time token (claimed, then given back when the form is refused), nor the record
    of a refused sign-in (django-axes counts them to lock out a guesser)."""
    changes = ("INSERT", "UPDATE", "DELETE")
    aside = ("django_session", "common_formsubmission", "axes_accessattempt")
    sql = [query["sql"] for query in queries]
    return [
        s for s in sql if s.lstrip().upper().startswith(changes) and not any(t in s for t in aside)
    ]


def assert_shown_safely(response, where: str) -> None:
    assert response.status_code < 500, where
    assert SCRIPT.encode() not in response.content, f"{where}: shown unescaped"


# --- hostile values in every field of every page -------------------------------------------


@pytest.fixture(scope="module")
def page_forms(site) -> Callable:
    """The forms of a page, read from its GET once for this file (the data is the same
    in every test)."""
    read: dict[str, Forms] = {}

    def forms_of(client, url: str) -> Forms:
        if url not in read:
            page = client.get(url)
            assert page.status_code in {200, 302, 405}, f"{url} could not be requested"
            # A download (an Excel workbook, a Word paper) has no forms to send.
            html = page.get("Content-Type", "").startswith("text/html")
            read[url] = Forms(page.content.decode() if html else "")
        return read[url]

    return forms_of


def hostile_requests() -> list:
    return [
        pytest.param(name, pattern, payload, id=f"{name}[{payload.label}]")
        for name, pattern in url_patterns()
        for payload in PAYLOADS
    ]


@pytest.mark.parametrize(("name", "pattern", "payload"), hostile_requests())
def test_hostile_values_are_refused_or_shown_safely(
    client, site, page_forms, name, pattern, payload
):
    url = url_for(name, pattern, site)
    forms = page_forms(signed_in(client, name, site), url)
    filters, own = forms.own("get", url), forms.own("post", url)
    if not (reaches(payload, filters) or reaches(payload, own)):
        pytest.skip(f"no {payload.reaches.removeprefix('a ')} on this page")

    filtered = client.get(url, hostile(filters, payload)) if reaches(payload, filters) else None
    with CaptureQueriesContext(connection) as queries:
        posted = client.post(url, hostile(own, payload), follow=True)

    if filtered:
        assert_shown_safely(filtered, f"GET {url}")
    assert_shown_safely(posted, f"POST {url}")
    if not posted.redirect_chain or ("\x00" in payload.value and filled_in(own)):
        # Shown again with its errors (or, with a NUL, refused however it answered).
        assert not writes(queries), f"POST {url} was refused but wrote to the database"


# --- hostile URL parameters ------------------------------------------------------------------


def parameters() -> list:
    # <area> is the same slug in every pattern: the dashboard's stands for all.
    return [
        pytest.param(name, pattern, parameter, id=f"{name}[{parameter}]")
        for name, pattern in url_patterns()
        for parameter in pattern.pattern.converters
        if parameter != "area" or name == "dashboard"
    ]


@pytest.mark.parametrize(("name", "pattern", "parameter"), parameters())
@pytest.mark.parametrize("hostile_part", ["nul", "huge"])
def test_hostile_url_parameter_is_a_400_or_404(
    client, site, name, pattern, parameter, hostile_part
):
    # Reverse with a stand-in the converter accepts, then put the hostile part in its place.
    own = parameter_value(name, parameter, site)
    stand_in = 987654321 if isinstance(own, int) else "stand-in"
    url = url_for(name, pattern, site, **{parameter: stand_in})
    url = url.replace(str(stand_in), f"{own}%00" if hostile_part == "nul" else HUGE)
    signed_in(client, name, site)

    got, posted = client.get(url), client.post(url, {"reason": "Because"})

    # A POST-only page may refuse the GET before it reads the URL.
    assert got.status_code in {400, 404, 405}, f"GET {url}"
    assert posted.status_code in {400, 404}, f"POST {url}"


BAD_MONTHS = [HUGE + "-01", "0000-00", "2018-13", "2018-00", "abc", "-2018-03", "9999-12"]


def month_requests() -> list:
    return [
        pytest.param(name, pattern, month, id=f"{name}[{month}]")
        for name, pattern in url_patterns()
        if "month" in pattern.pattern.converters
        for month in BAD_MONTHS
    ]


@pytest.mark.parametrize(("name", "pattern", "month"), month_requests())
def test_impossible_month_is_a_404(client, site, name, pattern, month):
    url = url_for(name, pattern, site, month=month)
    signed_in(client, name, site)

    got, posted = client.get(url), client.post(url, {"reason": "Because"})

    assert got.status_code in {404, 405}, f"GET {url}"
    assert posted.status_code == 404, f"POST {url}"


def test_nul_in_an_address_is_refused_by_the_middleware():
    # Without it a criterion code with a NUL reaches PostgreSQL, which refuses the query.
    assert "common.middleware.refuse_nul" in settings.MIDDLEWARE


# --- a thousand forms -------------------------------------------------------------------------


def post_timed(client, url: str, data: dict):
    """The response, the seconds it took and the statements that wrote to the database."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(url, data)
        took = time.perf_counter() - started
    return response, took, writes(queries)


def test_month_page_with_a_thousand_forms_is_refused_quickly(client, site):
    url = reverse("ratings:month", args=[site.area.slug, MONTHS["default"]])
    data = {"version": "0", "form-TOTAL_FORMS": "1000", "form-INITIAL_FORMS": "0"}
    data |= {f"form-{i}-level": "green" for i in range(300)}

    response, took, written = post_timed(signed_in(client, "ratings:month", site), url, data)

    assert took < 1
    assert response.status_code == 200
    criteria = site.area.framework.criteria.count()
    assert f"Please submit at most {criteria} forms" in response.content.decode()
    assert not written


def test_a_thousand_recommendations_are_refused_quickly(client, site):
    name = "scrutiny:recommendations_add"
    url = reverse(name, args=[site.area.slug, site.records["review"]])
    data = {"recommendations-TOTAL_FORMS": "1000", "recommendations-INITIAL_FORMS": "0"}
    for i in range(300):
        data |= {f"recommendations-{i}-number": str(100 + i), f"recommendations-{i}-text": "Do"}

    response, took, written = post_timed(signed_in(client, name, site), url, data)

    assert took < 1
    assert response.status_code == 200
    assert "Add at most 30 recommendations at a time" in response.content.decode()
    assert not written
