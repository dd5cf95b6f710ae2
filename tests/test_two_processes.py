"""Two real server processes (gunicorn, one worker each) on the test database: two
people sign in through the sign-in form, one on each, open the same month and save at
the same moment. One save is kept; the other person gets the clash page (a 200, not a
500) with their own values on it to apply again, and nothing of theirs is recorded
until they do. What threads in one process (tests/test_month_merge.py) cannot show:
separate connections pools, separate Python processes, real HTTP with CSRF."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from areas.models import Rating

from .helpers import SentForm, month_url

HistoricalRating = Rating.history.model

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite runs one writer at a time, and the servers need a database "
        "they can share with the test while it runs",
    ),
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "two-processes-pw"
CLASH = "someone else saved this month"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def server_environment() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "two-processes-secret-key-not-for-production-0123456789",
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "CONN_MAX_AGE": "0",
    }


@contextmanager
def two_servers():
    """Two gunicorn processes, one worker each; stopped whatever happens."""
    gunicorn = Path(sys.executable).parent / "gunicorn"
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
            [str(gunicorn), "sendready.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=server_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port, process in zip(ports, processes, strict=True):
            wait_until_up(port, process)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server stopped: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2).close()
            return
        except OSError:  # refused, reset or timed out while it starts
            time.sleep(0.1)
    raise AssertionError(f"server on port {port} did not start")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A person's cookies on one server: sign in, read pages, send forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def get(self, path: str) -> tuple[int, str]:
        return self.send(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> tuple[int, str]:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        return self.send(urllib.request.Request(self.base + path, data=body, method="POST"))

    def send(self, request) -> tuple[int, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:  # 3xx, 4xx and 5xx arrive here
            return answer.code, answer.read().decode()

    def sign_in(self, username: str) -> None:
        status, page = self.get("/sign-in/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert status == 200 and token
        status, page = self.post(
            "/sign-in/",
            {"csrfmiddlewaretoken": token[1], "username": username, "password": PASSWORD},
        )
        assert status == 302, f"{username} could not sign in: {page_error(page)}"


def page_error(page: str) -> str:
    found = re.search(r'govuk-error-summary__list">(.*?)</ul>', page, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", found[1]).strip() if found else page[:300]


def outcome(answers) -> list:
    """Who got what, for a failing assertion: role, status and the page's message."""
    return [(role, status, page_error(page)) for role, status, page in answers]


def nothing_listens_on(bases: list[str]) -> bool:
    """The servers were stopped (two_servers does it in `finally`)."""
    for base in bases:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", int(base.rsplit(":", 1)[1]))) == 0:
                return False
    return True


def at_the_same_moment(sends) -> list:
    start = threading.Barrier(len(sends))
    answers: list = [None] * len(sends)

    def run(index, send):
        start.wait()
        answers[index] = send()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(sends)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def field(world, code: str, name: str) -> str:
    index = [c.code for c in world.criteria].index(code)
    return f"form-{index}-{name}"


def typed(world, form: dict, changes: dict) -> dict:
    return {**form, **{field(world, c, n): value for (c, n), value in changes.items()}}


def rating(world, code: str):
    return world.march.ratings.select_related("level").get(criterion__code=code)


def signed_in_pair(world, bases):
    """Officer on the first server, lead on the second, each with the month's form as
    their page showed it."""
    for role in ("officer", "lead"):
        user = world.member(role)
        # The servers' own hasher: the tests' fast one is not in their settings.
        hasher = PBKDF2PasswordHasher()
        user.password = hasher.encode(PASSWORD, hasher.salt())
        user.save(update_fields=["password"])
    people = []
    for role, base in zip(("officer", "lead"), bases, strict=True):
        browser = Browser(base)
        browser.sign_in(world.member(role).username)
        status, page = browser.get(month_url(world.march))
        assert status == 200
        people.append((role, browser, SentForm(page, "ratings").as_dict()))
    return people


def test_the_same_field_saved_at_once_from_two_processes_keeps_one(world):
    started = timezone.now()
    changes = {
        "officer": {("A7", "commentary"): "Officer: health data checked."},
        "lead": {("A7", "commentary"): "Lead: the audit found gaps."},
    }
    with two_servers() as bases:
        people = signed_in_pair(world, bases)
        url = month_url(world.march)

        answers = at_the_same_moment(
            [
                lambda b=browser, f=form, r=role: (r, *b.post(url, typed(world, f, changes[r])))
                for role, browser, form in people
            ]
        )

    assert nothing_listens_on(bases)
    assert sorted(status for _, status, _ in answers) == [200, 302], outcome(answers)
    [(winner, _, _)] = [a for a in answers if a[1] == 302]
    [(loser, _, clash_page)] = [a for a in answers if a[1] == 200]
    assert CLASH in clash_page
    # The loser's text is on their page, in the box, to apply again.
    shown = SentForm(clash_page, "ratings").as_dict()
    assert shown[field(world, "A7", "commentary")] == changes[loser][("A7", "commentary")]
    assert rating(world, "A7").commentary == changes[winner][("A7", "commentary")]
    recorded = HistoricalRating.objects.filter(
        assessment=world.march, history_date__gte=started
    ).values_list("criterion__code", "commentary")
    assert list(recorded) == [("A7", changes[winner][("A7", "commentary")])]


def test_different_criteria_saved_at_once_from_two_processes_keep_both(world):
    started = timezone.now()
    changes = {
        "officer": {("A6", "commentary"): "Officer: waiting times checked."},
        "lead": {("A7", "level"): "red", ("A7", "commentary"): "Lead: the audit found gaps."},
    }
    with two_servers() as bases:
        people = signed_in_pair(world, bases)
        browsers = {role: browser for role, browser, _ in people}
        url = month_url(world.march)

        answers = at_the_same_moment(
            [
                lambda b=browser, f=form, r=role: (r, *b.post(url, typed(world, f, changes[r])))
                for role, browser, form in people
            ]
        )
        assert sorted(status for _, status, _ in answers) == [200, 302], outcome(answers)
        [(winner, _, _)] = [a for a in answers if a[1] == 302]
        [(loser, _, clash_page)] = [a for a in answers if a[1] == 200]
        mid_way = set(
            HistoricalRating.objects.filter(
                assessment=world.march, history_date__gte=started
            ).values_list("criterion__code", flat=True)
        )
        # The clash page holds the winner's values and the loser's on top: sent again
        # as it stands, it keeps both.
        again, _ = browsers[loser].post(url, SentForm(clash_page, "ratings").as_dict())

    assert CLASH in clash_page
    assert mid_way == {code for code, _ in changes[winner]}
    assert again == 302
    assert rating(world, "A6").commentary == "Officer: waiting times checked."
    assert (rating(world, "A7").level.code, rating(world, "A7").commentary) == (
        "red",
        "Lead: the audit found gaps.",
    )
    recorded = HistoricalRating.objects.filter(assessment=world.march, history_date__gte=started)
    codes = recorded.values_list("criterion__code", "history_user__username")
    assert sorted(code for code, _ in codes) == ["A6", "A7"], (winner, list(codes))
