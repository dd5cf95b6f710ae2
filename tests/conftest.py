import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from areas.models import (
    Assessment,
    ComparatorValue,
    LocalArea,
    Membership,
    OfficialInspection,
    Rating,
    StatisticalNeighbour,
)
from frameworks.loading import framework_load, read_framework_file
from frameworks.mapping import mapping_load, read_mapping_file
from frameworks.models import Criterion, Framework, Kpi, RatingLevel

from .factories import AssessmentFactory, LocalAreaFactory, MembershipFactory, UserFactory

FRAMEWORK_FILE = Path(settings.BASE_DIR) / "fixtures" / "frameworks" / "send-2016.yaml"
ROLES = [role for role, _ in Membership.Role.choices]
PASSWORD = "pw-for-tests"

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from the live server thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the 2016 framework once per test run: every test reads it, none changes it
    (each test runs in a transaction that is rolled back)."""
    with django_db_blocker.unblock():
        framework_load(data=read_framework_file(FRAMEWORK_FILE))


@pytest.fixture
def framework(db) -> Framework:
    # Browser tests flush the database after each test (they need real commits), so
    # load the framework again if it has gone.
    framework = Framework.objects.filter(slug="send-2016").first()
    if framework is None:
        framework, _ = framework_load(data=read_framework_file(FRAMEWORK_FILE))
    return framework


@pytest.fixture
def area_send(framework) -> Framework:
    """The 2023 framework and the 2016 → 2023 mapping, beside the 2016 framework."""
    folder = FRAMEWORK_FILE.parent
    loaded, _ = framework_load(data=read_framework_file(folder / "area-send-2023.yaml"))
    mapping_load(data=read_mapping_file(folder / "mapping-2016-to-2023.yaml"))
    return loaded


def remove_everything_but_the_framework() -> None:
    LocalArea.objects.all().delete()
    get_user_model().objects.all().delete()
    for model in (Kpi, ComparatorValue, StatisticalNeighbour, OfficialInspection):
        model.objects.all().delete()
    Framework.objects.exclude(slug="send-2016").delete()  # the demo loads 2023 too
    # The history keeps what was deleted above: clear it too, so later tests start clean.
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()


def pytest_collection_modifyitems(items):
    """Browser tests last: they flush the database, which would remove the framework
    loaded once for the run and make every later test load it again."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture
def levels(framework) -> dict[str, RatingLevel]:
    return {level.code: level for level in framework.levels.all()}


@dataclass
class AreaWorld:
    """One local area with a user in every role and two months of ratings."""

    area: LocalArea
    users: dict[str, object]
    february: Assessment
    march: Assessment
    criteria: list[Criterion]

    def member(self, role: str):
        return self.users[role]


def build_area(
    framework, levels, *, slug="sunderland", months=(dt.date(2018, 2, 1), dt.date(2018, 3, 1))
):
    area = LocalAreaFactory(name=slug.title(), slug=slug, framework=framework)
    users = {}
    for role in ROLES:
        user = UserFactory(username=f"{slug}-{role}")
        MembershipFactory(user=user, area=area, role=role)
        users[role] = user
    criteria = list(framework.criteria.order_by("order"))
    assessments = []
    for month in months:
        assessment = AssessmentFactory(area=area, framework=framework, month=month)
        Rating.objects.bulk_create(
            Rating(assessment=assessment, criterion=c, level=levels["amber"]) for c in criteria
        )
        assessments.append(assessment)
    return area, users, assessments, criteria


@pytest.fixture
def world(framework, levels) -> AreaWorld:
    area, users, (february, march), criteria = build_area(framework, levels)
    return AreaWorld(area=area, users=users, february=february, march=march, criteria=criteria)


@pytest.fixture
def other_world(framework, levels) -> AreaWorld:
    area, users, (february, march), criteria = build_area(framework, levels, slug="kent")
    return AreaWorld(area=area, users=users, february=february, march=march, criteria=criteria)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s a user; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- browser tests (Playwright, Debian's Chromium) ------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}


class PolicyWatchedBrowser:
    """Chromium whose every context notes what the Content Security Policy refused (the
    browser reports each refusal on the console), so any browser test fails on one."""

    def __init__(self, chromium):
        self.chromium = chromium
        self.refusals: list[str] = []

    def new_context(self, **options):
        context = self.chromium.new_context(**options)
        context.on("console", self.note_refusal)
        return context

    def note_refusal(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.refusals.append(message.text)

    def __getattr__(self, name):
        return getattr(self.chromium, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield PolicyWatchedBrowser(chromium)
    chromium.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def nothing_refused_by_the_content_security_policy(request):
    if request.node.get_closest_marker("browser") is None:
        yield
        return
    browser = request.getfixturevalue("browser")
    browser.refusals.clear()
    yield
    assert browser.refusals == [], "the Content Security Policy refused: " + "; ".join(
        browser.refusals
    )


@pytest.fixture
def page(browser, live_server):
    # The session and CSRF cookies stay Secure (DEBUG is off): Chromium keeps them for
    # http://localhost, which it treats as a secure context.
    context = browser.new_context(viewport=VIEWPORT, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def pytest_configure(config):
    """The test client and the live server speak plain HTTP: no redirect to HTTPS (the
    production default, tested in tests/test_settings.py)."""
    from django.conf import settings as django_settings

    django_settings.SECURE_SSL_REDIRECT = False
