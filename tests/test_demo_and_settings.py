import datetime as dt
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from areas.models import Assessment, LocalArea, Membership, Rating

pytestmark = pytest.mark.django_db


def load_demo(password="pw") -> str:
    out = StringIO()
    call_command("load_demo", password=password, stdout=out)
    return out.getvalue()


def level(area: str, month: dt.date, code: str) -> str:
    return Rating.objects.get(
        assessment__area__slug=area, assessment__month=month, criterion__code=code
    ).level.code


def test_load_demo_creates_four_areas_with_12_months_and_users():
    output = load_demo()

    assert set(LocalArea.objects.values_list("slug", flat=True)) == {
        "sunderland",
        "kirklees",
        "kent",
        "bradford",
    }
    for area in LocalArea.objects.all():
        assert area.assessments.count() == 12
        assert Rating.objects.filter(assessment__area=area).count() == 12 * 44
        roles = set(Membership.objects.filter(area=area).values_list("role", flat=True))
        assert roles == {"officer", "lead", "board", "scrutiny"}
    assert Membership.objects.get(user__username="kent-board").role == "board"
    assert "sunderland-officer" in output and "pw" in output


def test_load_demo_sunderland_runs_april_2017_to_march_2018():
    load_demo()

    months = list(
        Assessment.objects.filter(area__slug="sunderland")
        .order_by("month")
        .values_list("month", flat=True)
    )
    assert (months[0], months[-1]) == (dt.date(2017, 4, 1), dt.date(2018, 3, 1))


def test_load_demo_other_areas_end_this_month():
    load_demo()

    latest = Assessment.objects.filter(area__slug="kent").order_by("-month").first()
    assert latest.month == dt.date.today().replace(day=1)
    assert latest.status == "draft"


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
def test_load_demo_sunderland_follows_the_seed_paper(code, february, march):
    load_demo()

    assert level("sunderland", dt.date(2018, 2, 1), code) == february
    assert level("sunderland", dt.date(2018, 3, 1), code) == march


def test_load_demo_every_level_change_has_commentary():
    load_demo()

    for area in LocalArea.objects.all():
        previous = {}
        for assessment in area.assessments.order_by("month"):
            for rating in assessment.ratings.select_related("criterion", "level"):
                before = previous.get(rating.criterion.code)
                if before and before != rating.level.code:
                    assert rating.commentary, (area.slug, assessment.month, rating.criterion.code)
                previous[rating.criterion.code] = rating.level.code


def test_load_demo_is_idempotent():
    load_demo()
    before = sorted(
        Rating.objects.values_list(
            "assessment__area__slug", "assessment__month", "criterion__code", "level__code"
        )
    )

    load_demo()

    after = sorted(
        Rating.objects.values_list(
            "assessment__area__slug", "assessment__month", "criterion__code", "level__code"
        )
    )
    assert after == before
    assert LocalArea.objects.count() == 4 and Membership.objects.count() == 16


def test_demo_areas_show_the_demonstration_footer(client):
    load_demo(password="pw")
    client.login(username="sunderland-board", password="pw")

    response = client.get("/areas/sunderland/")

    assert b"Demonstration data." in response.content


def test_sign_in_with_demo_account(client):
    load_demo(password="pw")

    response = client.post("/sign-in/", {"username": "kent-officer", "password": "pw"}, follow=True)

    assert response.redirect_chain[-1][0] == "/areas/kent/"  # one area: straight to it
    assert b"Readiness dashboard" in response.content


def test_sign_in_with_wrong_password_shows_error_summary(client):
    load_demo(password="pw")

    response = client.post("/sign-in/", {"username": "kent-officer", "password": "nope"})

    assert b"There is a problem" in response.content
    assert b"Enter a correct username and password" in response.content


def run_settings(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); "
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        env={**clean, "DJANGO_SETTINGS_MODULE": "sendready.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_settings({})

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_settings_debug_defaults_off():
    result = run_settings({"SECRET_KEY": "x"})

    assert result.stdout.strip() == "False"


def test_settings_debug_allows_missing_secret_key():
    assert run_settings({"DEBUG": "true"}).stdout.strip() == "True"
