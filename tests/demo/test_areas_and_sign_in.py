import datetime as dt
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.conf import global_settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management import call_command

from actions.models import (
    Action,
    Finding,
    ImprovementPlan,
    Inspection,
    Milestone,
    ProgressUpdate,
    Recommendation,
    RecommendationUpdate,
    Response,
    ScrutinyReview,
    Workstream,
)
from areas.models import (
    Assessment,
    KpiException,
    KpiTarget,
    KpiValue,
    LocalArea,
    Membership,
    Rating,
    SelfEvaluationPoint,
    SelfEvaluationVersion,
)
from sendready.demo import loader
from sendready.demo.loader import (
    DEMO_DIR,
    DemoDataError,
    day,
    demo_load,
    march_31_rule,
    month_of,
    read_demo_file,
)

from ..conftest import PASSWORD

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Every table the demo writes; areas and memberships are brought up to date on every run
# (so their `updated_at` moves), everything else is left as it is.
WRITTEN = [
    Assessment,
    Rating,
    Inspection,
    Finding,
    ImprovementPlan,
    Workstream,
    Action,
    Milestone,
    ProgressUpdate,
    ScrutinyReview,
    Recommendation,
    Response,
    RecommendationUpdate,
    SelfEvaluationVersion,
    SelfEvaluationPoint,
    KpiValue,
    KpiTarget,
    KpiException,
    Action.criteria.through,
    Action.weaknesses.through,
    Finding.criteria.through,
    Recommendation.criteria.through,
    SelfEvaluationPoint.criteria.through,
]


@pytest.fixture(scope="module")
def files() -> dict[str, dict]:
    return {path.stem: read_demo_file(path, dt.date.today()) for path in DEMO_DIR.glob("*.yaml")}


@pytest.fixture
def real_hashing(settings):
    """The demo is loaded once for the module, with the real hasher; signing in must
    know it (the tests' own users are hashed with MD5, for speed)."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def level(area: str, month: dt.date, code: str) -> str:
    return Rating.objects.get(
        assessment__area__slug=area, assessment__month=month, criterion__code=code
    ).level.code


def contents() -> dict[str, list]:
    found = {model.__name__: list(model.objects.order_by("pk").values()) for model in WRITTEN}
    for model in (LocalArea, Membership):
        rows = model.objects.order_by("pk").values()
        found[model.__name__] = [
            {k: v for k, v in row.items() if k != "updated_at"} for row in rows
        ]
    return found


def test_the_areas_users_and_roles_are_the_files(demo, files):
    assert set(LocalArea.objects.filter(is_demo=True).values_list("slug", flat=True)) == set(files)
    for slug, data in files.items():
        area = LocalArea.objects.get(slug=slug)
        for name in ("name", "ons_code", "la_number", "region", "is_demo", "demo_note"):
            assert getattr(area, name) == data["area"][name], (slug, name)
        assert area.framework.slug == data["area"]["framework"]
        members = (
            Membership.objects.filter(area=area)
            .exclude(user__username__in=loader.ACROSS_AREAS)
            .values_list("role", "user__username")
        )
        assert dict(members) == data["users"]
        assert set(data["users"]) == {"officer", "lead", "board", "scrutiny"}


def test_months_and_ratings_are_the_files(demo, files):
    for slug, data in files.items():
        months, ratings = data["months"]["list"], data["ratings"]
        want, got = {}, {}
        for index, item in enumerate(months):
            month = month_of(item["month"], dt.date.today())
            commentary = (ratings["commentary"] or {}).get(item["month"], {})
            for code, levels in ratings["levels"].items():
                steps = ratings["next_steps_text"][ratings["next_steps"][code][index]]
                writer = data["users"][ratings["updated_by"]]
                want[month, code] = (levels[index], commentary.get(code, ""), steps, writer)
        for rating in Rating.objects.filter(assessment__area__slug=slug).select_related(
            "assessment", "criterion", "level", "updated_by"
        ):
            got[rating.assessment.month, rating.criterion.code] = (
                rating.level.code,
                rating.commentary,
                rating.next_steps,
                rating.updated_by.username,
            )
        assert got == want, slug
        assert len(got) == 12 * len(ratings["levels"]) == 12 * (11 if slug == "westmere" else 44)
        statuses = Assessment.objects.filter(area__slug=slug).values_list("month", "status")
        assert dict(statuses) == {
            month_of(item["month"], dt.date.today()): item["status"] for item in months
        }


def test_sunderland_runs_april_2017_to_march_2018_all_agreed(demo):
    months = Assessment.objects.filter(area__slug="sunderland").order_by("month")
    assert (months.first().month, months.last().month) == (dt.date(2017, 4, 1), dt.date(2018, 3, 1))
    assert set(months.values_list("status", flat=True)) == {"agreed"}


@pytest.mark.parametrize("slug", ["kirklees", "kent", "bradford", "westmere"])
def test_other_areas_end_this_month_in_draft(demo, slug):
    months = list(Assessment.objects.filter(area__slug=slug).order_by("month"))
    assert len(months) == 12
    assert months[-1].month == dt.date.today().replace(day=1)
    assert (months[-1].status, months[-1].agreed_at) == ("draft", None)
    for month in months[:-1]:
        # Agreed by the lead at 10:00 (London) on the month's last day.
        last_day = (month.month + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        assert month.status == "agreed" and month.agreed_by.username == f"{slug}-lead"
        assert month.agreed_at == dt.datetime.combine(last_day, dt.time(10), tzinfo=LONDON)


@pytest.mark.parametrize(
    ("code", "february", "march"),
    [
        ("A9", "red", "red"),
        ("A4", "red", "amber"),
        ("A10", "red", "amber"),
        ("B2", "red", "amber"),
        ("A6", "amber", "amber"),
        ("C3", "amber", "amber"),
        ("A14", "green", "green"),
        ("A15", "green", "green"),
    ],
)
def test_sunderland_follows_the_seed_paper(demo, code, february, march):
    assert level("sunderland", dt.date(2018, 2, 1), code) == february
    assert level("sunderland", dt.date(2018, 3, 1), code) == march


def test_every_level_change_has_commentary(demo):
    for area in LocalArea.objects.all():
        previous = {}
        for assessment in area.assessments.order_by("month"):
            for rating in assessment.ratings.select_related("criterion", "level"):
                before = previous.get(rating.criterion.code)
                if before and before != rating.level.code:
                    assert rating.commentary, (area.slug, assessment.month, rating.criterion.code)
                previous[rating.criterion.code] = rating.level.code


def test_loading_again_changes_nothing_hashes_once_and_prints_the_summary(demo):
    before = contents()
    out = StringIO()

    with mock.patch.object(loader, "make_password", wraps=loader.make_password) as hashing:
        call_command("load_demo", password=PASSWORD, stdout=out)

    assert contents() == before
    assert hashing.call_count == 1
    printed = out.getvalue()
    assert "Plans: 4 plans, 48 actions, 88 progress updates; 2 inspections with 13 findings." in (
        printed
    )
    assert "Scrutiny: 1 reviews, 14 recommendations, 10 progress updates." in printed
    assert "Self-evaluation: 2 versions, 105 points." in printed
    assert "KPIs: 48 figures, 5 targets, 1 commentaries." in printed
    assert "Demo accounts (22):" in printed
    assert f"Sign in as sunderland-officer with password: {PASSWORD}" in printed


def test_every_demo_account_shares_one_hash_of_the_password(demo, files, real_hashing):
    usernames = {"demo-admin", "regional-adviser"} | {
        name for data in files.values() for name in data["users"].values()
    }
    accounts = get_user_model().objects.filter(username__in=usernames)
    hashes = set(accounts.values_list("password", flat=True))

    assert accounts.count() == 22
    assert len(hashes) == 1
    assert check_password(PASSWORD, hashes.pop())
    admin = accounts.get(username="demo-admin")
    assert admin.is_superuser and admin.is_staff
    assert not accounts.filter(is_superuser=True).exclude(username="demo-admin").exists()


def test_months_follow_the_day_of_loading(demo):
    Assessment.objects.filter(area__slug="kirklees").delete()

    demo_load(password="pw", today=dt.date(2030, 5, 15))

    months = Assessment.objects.filter(area__slug="kirklees").order_by("month")
    assert (months.first().month, months.last().month) == (dt.date(2029, 6, 1), dt.date(2030, 5, 1))
    assert months.last().status == "draft" and months.filter(status="agreed").count() == 11
    kent = Assessment.objects.filter(area__slug="kent").order_by("month").last()
    assert kent.month == dt.date.today().replace(day=1)  # months that exist are kept


def test_relative_dates_and_months():
    today = dt.date(2026, 11, 28)
    assert day("today+14d", today) == dt.date(2026, 12, 12)
    assert day("today-90d", today) == dt.date(2026, 8, 30)
    assert day("2020-11-18", today) == dt.date(2020, 11, 18)
    assert month_of("current", today) == dt.date(2026, 11, 1)
    assert month_of("current-11", today) == dt.date(2025, 12, 1)
    assert month_of("2018-03", today) == dt.date(2018, 3, 1)
    with pytest.raises(DemoDataError):
        month_of("March 2018", today)


@pytest.mark.parametrize(
    ("today", "ends_on"),
    [
        (dt.date(2026, 11, 28), dt.date(2027, 3, 31)),  # +120 days: 28 March 2027
        (dt.date(2026, 12, 1), dt.date(2027, 3, 31)),  # +120 days: 31 March 2027 itself
        (dt.date(2026, 12, 2), dt.date(2028, 3, 31)),  # +120 days: 1 April 2027
        (dt.date(2019, 6, 1), dt.date(2021, 3, 31)),  # never before 31 March 2021
    ],
)
def test_kent_plan_ends_on_the_31_march_after_its_live_actions(today, ends_on):
    rule = {"first_march_31_on_or_after": "today+120d", "not_before": "2021-03-31"}
    assert march_31_rule(rule, today) == ends_on


def break_update_order(action: dict) -> None:
    action["updates"].reverse()


def break_last_status(action: dict) -> None:
    action["status"] = "off_track"


@pytest.mark.parametrize("breaking", [break_update_order, break_last_status])
def test_a_file_breaking_a_rule_is_refused_and_loads_nothing(demo, tmp_path, breaking):
    data = yaml.safe_load((DEMO_DIR / "sunderland.yaml").read_text())
    breaking(data["plans"][0]["actions"][0])
    (tmp_path / "sunderland.yaml").write_text(yaml.safe_dump(data))
    ImprovementPlan.objects.filter(area__slug="sunderland").delete()

    with pytest.raises(DemoDataError):
        demo_load(password="pw", directory=tmp_path)

    assert not ImprovementPlan.objects.filter(area__slug="sunderland").exists()


@pytest.mark.parametrize(
    "slug, paper",
    [
        ("sunderland", "scrutiny committee SEND update (2018)"),
        ("kent", "cabinet committee update (2020)"),
        ("kirklees", "The Parent&#x27;s Perspective"),
        ("bradford", "executive report on SEND reforms (2020)"),
        ("westmere", "fictional area, invented from end to end"),
    ],
)
def test_each_demo_area_says_which_paper_its_content_comes_from(client, demo, slug, paper):
    client.force_login(get_user_model().objects.get(username=f"{slug}-board"))

    response = client.get(f"/areas/{slug}/")

    assert b"Demonstration data." in response.content
    assert paper in response.content.decode()
    assert "invented" in response.content.decode()


def test_sign_in_with_demo_account(client, demo, real_hashing):
    response = client.post(
        "/sign-in/", {"username": "kent-officer", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/areas/kent/"  # one area: straight to it
    assert b"Readiness dashboard" in response.content


def test_sign_in_with_wrong_password_shows_error_summary(client, demo, real_hashing):
    response = client.post("/sign-in/", {"username": "kent-officer", "password": "nope"})

    assert b"There is a problem" in response.content
    assert b"Enter a correct username and password" in response.content


@pytest.mark.parametrize("username", ["regional-adviser", "demo-admin"])
def test_an_account_across_every_demo_area_reads_each_board_and_lands_on_the_overview(
    client, demo, files, username
):
    user = get_user_model().objects.get(username=username)
    roles = Membership.objects.filter(user=user).values_list("area__slug", "role")
    client.force_login(user)

    response = client.get("/")

    assert dict(roles) == {slug: Membership.Role.BOARD for slug in files}
    assert response.status_code == 200
    assert b"Your local areas" in response.content
    for data in files.values():
        assert data["area"]["name"].encode() in response.content


def test_only_the_superuser_is_offered_the_admin_from_the_overview(client, demo):
    admin_link = b'href="/admin/"'
    client.force_login(get_user_model().objects.get(username="demo-admin"))
    assert admin_link in client.get("/").content

    client.force_login(get_user_model().objects.get(username="regional-adviser"))
    assert admin_link not in client.get("/").content
