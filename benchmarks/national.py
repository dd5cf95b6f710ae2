"""National-scale benchmark for the board pages (not part of the test suite).

Builds, in a PostgreSQL database of its own, 153 local areas x 44 criteria x 60 months
(~404,000 ratings), then times the area dashboard, the area tracker and the overview
(for a user with a role in all 153 areas) against a "floor" for each: a bare view that
fetches the same rows with one hand-written SQL query and renders a minimal template.

    .venv/bin/python benchmarks/national.py [--requests 60] [--database-url URL] [--keep]

The database (default postgres://postgres@127.0.0.1:5432/sendready_bench) is dropped and
re-created on each run unless --keep is given and it already holds the data.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

AREAS, MONTHS = 153, 60


def configure(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # The in-process client speaks plain HTTP (production would redirect it to HTTPS).
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendready.settings")
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")


def recreate_database(database_url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    name = database_url.rsplit("/", 1)[1]
    admin = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


def add_database_arguments(parser: argparse.ArgumentParser, postgres_url: str) -> None:
    parser.add_argument("--postgres", action="store_true", help=f"use {postgres_url}")
    parser.add_argument("--database-url", help="any other database (dropped if PostgreSQL)")


def open_database(args, postgres_url: str, prefix: str):
    """A database of the benchmark's own — a new SQLite file in a temporary folder, or the
    PostgreSQL database asked for, dropped and re-created — and Django set up on it.
    Returns the temporary folder, to clean up at the end."""
    directory = tempfile.TemporaryDirectory(prefix=prefix)
    url = args.database_url or (
        postgres_url if args.postgres else f"sqlite:///{directory.name}/bench.sqlite3"
    )
    configure(url)
    if url.startswith("postgres"):
        recreate_database(url)
    import django

    django.setup()
    return directory


def month_list(count: int) -> list[dt.date]:
    from common.months import previous_month, this_month

    months = [this_month()]
    while len(months) < count:
        months.append(previous_month(months[-1]))
    return list(reversed(months))


def build_dataset() -> dict:
    """Bulk-load the national dataset; returns what the measurements need."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from areas.models import Assessment, LocalArea, Membership
    from frameworks.loading import framework_load, read_framework_file

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    framework, _ = framework_load(
        data=read_framework_file(ROOT / "fixtures" / "frameworks" / "send-2016.yaml")
    )
    criteria = list(framework.criteria.order_by("order").values_list("pk", flat=True))
    levels = list(framework.levels.order_by("order").values_list("pk", flat=True))
    with open(ROOT / "fixtures" / "data" / "local-authorities.csv") as source:
        authorities = list(csv.DictReader(source))[:AREAS]
    areas = LocalArea.objects.bulk_create(
        LocalArea(
            name=row["la_name"],
            slug=row["la_code"].lower(),
            ons_code=row["la_code"],
            framework=framework,
        )
        for row in authorities
    )
    adviser = get_user_model().objects.create_user("bench-adviser", password="not-used")
    Membership.objects.bulk_create(
        Membership(user=adviser, area=area, role=Membership.Role.BOARD) for area in areas
    )
    months = month_list(MONTHS)
    now = dt.datetime.now(dt.UTC)
    assessments = Assessment.objects.bulk_create(
        Assessment(
            area=area,
            framework=framework,
            month=month,
            status="draft" if month == months[-1] else "agreed",
            agreed_by=None if month == months[-1] else adviser,
            agreed_at=None if month == months[-1] else now,
        )
        for area in areas
        for month in months
    )
    loaded = time.perf_counter()
    count = copy_ratings(connection, assessments, criteria, levels, adviser.pk, now)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # sets the visibility map for index-only scans
    finished = time.perf_counter()
    return {
        "adviser": adviser,
        "area": areas[0],
        "ratings": count,
        "setup_seconds": loaded - started,
        "copy_seconds": finished - loaded,
    }


def copy_ratings(connection, assessments, criteria, levels, user_id, now) -> int:
    """Ratings as a random walk per area and criterion, streamed in with COPY."""
    rng = random.Random(2016)
    buffer = io.StringIO()
    level_now: dict[tuple[int, int], int] = {}
    count = 0
    for assessment in assessments:  # ordered by area, then month
        for criterion in criteria:
            key = (assessment.area_id, criterion)
            index = level_now.get(key, rng.randrange(len(levels)))
            roll = rng.random()
            index = min(index + 1, len(levels) - 1) if roll < 0.05 else index
            index = max(index - 1, 0) if roll > 0.98 else index
            level_now[key] = index
            row = [assessment.pk, criterion, levels[index], "", "Keep going", "", user_id]
            buffer.write("\t".join(map(str, row)) + f"\t{now.isoformat()}\t0\n")
            count += 1
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY areas_rating (assessment_id, criterion_id, level_id, commentary, next_steps, "
            "evidence, updated_by_id, updated_at, saved_in_version) FROM STDIN",
            buffer,
        )
    return count


# --- floors: one hand-written query each, a minimal template ---------------------------

FLOOR_TRACKER_SQL = """
SELECT c.code, c.text, a.month, l.label
FROM areas_rating r
JOIN areas_assessment a ON a.id = r.assessment_id
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
WHERE r.assessment_id IN (
    SELECT id FROM areas_assessment WHERE area_id = %s ORDER BY month DESC LIMIT 12)
ORDER BY c."order", a.month
"""

FLOOR_DASHBOARD_SQL = """
WITH recent AS (
    SELECT id, month, status FROM areas_assessment WHERE area_id = %s ORDER BY month DESC LIMIT 12),
agreed AS (
    SELECT id FROM areas_assessment WHERE area_id = %s AND status = 'agreed'
    ORDER BY month DESC LIMIT 2)
SELECT recent.month::text, j.code, l.label, count(*)::text, ''
FROM recent
JOIN areas_rating r ON r.assessment_id = recent.id
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_judgementarea j ON j.id = c.judgement_area_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
GROUP BY recent.month, j.code, l.label
UNION ALL
SELECT r.assessment_id::text, c.code, l.label, r.commentary, r.next_steps
FROM areas_rating r
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
WHERE r.assessment_id IN (SELECT id FROM agreed)
"""

FLOOR_OVERVIEW_SQL = """
WITH latest AS (
    SELECT DISTINCT ON (a.area_id) a.id, a.area_id, a.month
    FROM areas_assessment a
    JOIN areas_membership m ON m.area_id = a.area_id AND m.user_id = %s
    WHERE a.status = 'agreed'
    ORDER BY a.area_id, a.month DESC)
SELECT la.name, latest.month, j.code, l.label, count(*)
FROM latest
JOIN areas_localarea la ON la.id = latest.area_id
JOIN areas_rating r ON r.assessment_id = latest.id
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_judgementarea j ON j.id = c.judgement_area_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
GROUP BY la.name, latest.month, j.code, l.label
ORDER BY la.name
"""

FLOOR_TEMPLATE = (
    "<!DOCTYPE html><html><body><table>{% for row in rows %}<tr>"
    "{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table></body></html>"
)


def floor_view(sql: str, params_for):
    from django.db import connection
    from django.http import HttpResponse
    from django.template import engines

    template = engines["django"].from_string(FLOOR_TEMPLATE)

    def view(request, key):
        with connection.cursor() as cursor:
            cursor.execute(sql, params_for(key))
            rows = cursor.fetchall()
        return HttpResponse(template.render({"rows": rows}))

    return view


def urlpatterns_with_floors():
    from django.urls import path

    from sendready.urls import urlpatterns

    return [
        path("floor/tracker/<int:key>/", floor_view(FLOOR_TRACKER_SQL, lambda k: [k])),
        path("floor/dashboard/<int:key>/", floor_view(FLOOR_DASHBOARD_SQL, lambda k: [k, k])),
        path("floor/overview/<int:key>/", floor_view(FLOOR_OVERVIEW_SQL, lambda k: [k])),
        *urlpatterns,
    ]


urlpatterns: list = []  # filled in by main(), used as ROOT_URLCONF


# --- measuring ----------------------------------------------------------------------------


def count_queries(client, url: str) -> int:
    from django.db import connection

    count = 0

    def counter(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        client.get(url)
    return count


def measure(client, url: str, requests: int) -> dict:
    for _ in range(5):  # warm caches and connections
        assert client.get(url).status_code == 200, url
    queries = count_queries(client, url)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    times.sort()
    return {
        "median": statistics.median(times),
        "p95": times[max(0, int(round(0.95 * len(times))) - 1)],
        "queries": queries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/sendready_bench"
    )
    parser.add_argument("--keep", action="store_true", help="reuse an existing dataset")
    args = parser.parse_args()
    configure(args.database_url)
    if not args.keep:
        recreate_database(args.database_url)

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from areas.models import LocalArea, Rating

    global urlpatterns
    urlpatterns = urlpatterns_with_floors()
    settings.ROOT_URLCONF = __name__
    if args.keep and Rating.objects.exists():
        from django.contrib.auth import get_user_model

        data = {
            "adviser": get_user_model().objects.get(username="bench-adviser"),
            "area": LocalArea.objects.order_by("pk").first(),
            "ratings": Rating.objects.count(),
            "setup_seconds": 0.0,
            "copy_seconds": 0.0,
        }
    else:
        data = build_dataset()
    print(
        f"Dataset: {LocalArea.objects.count()} areas, {data['ratings']:,} ratings; "
        f"migrate + framework + areas + months {data['setup_seconds']:.1f} s, "
        f"ratings COPY + VACUUM ANALYZE {data['copy_seconds']:.1f} s"
    )
    client = Client()
    client.force_login(data["adviser"])
    area, adviser = data["area"], data["adviser"]
    pages = [
        ("area dashboard", f"/areas/{area.slug}/", f"/floor/dashboard/{area.pk}/"),
        ("area tracker", f"/areas/{area.slug}/tracker/", f"/floor/tracker/{area.pk}/"),
        ("overview (153 areas)", "/", f"/floor/overview/{adviser.pk}/"),
    ]
    print(f"\n{args.requests} requests each, times in ms (Django test client, in process)\n")
    print(
        f"{'page':22} {'median':>8} {'p95':>8} {'queries':>8} | "
        f"{'floor med':>9} {'floor p95':>9} | {'ratio med':>9} {'ratio p95':>9}"
    )
    for name, url, floor_url in pages:
        page = measure(client, url, args.requests)
        floor = measure(client, floor_url, args.requests)
        print(
            f"{name:22} {page['median']:8.1f} {page['p95']:8.1f} {page['queries']:8d} | "
            f"{floor['median']:9.1f} {floor['p95']:9.1f} | "
            f"{page['median'] / floor['median']:9.2f} {page['p95'] / floor['p95']:9.2f}"
        )


if __name__ == "__main__":
    main()
