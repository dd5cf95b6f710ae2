"""Papers benchmark (not part of the test suite).

Builds, in a database of its own, the 2016 framework and an area with 60 months of
ratings (44 criteria, each with commentary and next steps), then times through the pages
(Django test client, in process):

  report    the readiness report for the latest month (Word, from its docxtpl template)
  tracker   the RAG tracker workbook (Excel: cover, a sheet per judgement area with all
            60 months, commentary sheet)

    .venv/bin/python benchmarks/papers.py [--runs 20] [--postgres]

SQLite (the default) uses a new file in a temporary directory; --postgres uses
postgres://postgres@127.0.0.1:5432/sendready_bench_papers (or --database-url), dropped
and re-created each time. Prints each paper's median and 95th percentile wall-clock time,
its size and its number of queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from national import add_database_arguments, open_database  # noqa: E402
from tracker_import import build_framework, new_area, percentile_95  # noqa: E402

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sendready_bench_papers"
MONTHS = 60
FRONT = {
    "meeting": "SEND Partnership Board",
    "meeting_date_0": "12",
    "meeting_date_1": "1",
    "meeting_date_2": "2020",
    "title": "SEND inspection readiness",
    "author": "Director of Education",
    "purpose": "To update the Board.",
    "recommendation": "That the Board consider and comment on the progress being made.",
}


def rated_months(area, framework) -> str:
    """60 agreed-looking months, every criterion rated, written in bulk (the benchmark
    times reading them, not writing them). Returns the last month as YYYY-MM."""
    from areas.models import Assessment, Rating
    from common.months import next_month

    levels = list(framework.levels.order_by("order"))
    criteria = list(framework.criteria.order_by("order"))
    month = dt.date(2015, 1, 1)
    for index in range(MONTHS):
        assessment = Assessment.objects.create(
            area=area, framework=framework, month=month, status="agreed"
        )
        Rating.objects.bulk_create(
            Rating(
                assessment=assessment,
                criterion=criterion,
                level=levels[(index // 6 + number) % len(levels)],
                commentary=f"Month {index}: what changed for {criterion.code}.\n- a bullet",
                next_steps=f"Next steps for {criterion.code}",
            )
            for number, criterion in enumerate(criteria)
        )
        last, month = month, next_month(month)
    return f"{last:%Y-%m}"


def timed(client, url: str, data: dict | None = None):
    from django.db import connection

    queries = 0

    def counter(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        response = client.get(url, data or {})
        seconds = time.perf_counter() - started
    assert response.status_code == 200, response.content[:500]
    return seconds, queries, len(response.content)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    add_database_arguments(parser, POSTGRES_URL)
    args = parser.parse_args()
    directory = open_database(args, POSTGRES_URL, "sendready-bench-papers-")
    from django.db import connection
    from django.test import Client

    framework, officer = build_framework()
    area = new_area(framework, officer, 1)
    last = rated_months(area, framework)
    client = Client()
    client.force_login(officer)
    pages = {
        "report": (f"/areas/{area.slug}/papers/readiness/", {**FRONT, "month": last}),
        "tracker": (f"/areas/{area.slug}/tracker.xlsx", None),
    }
    results = {
        name: [timed(client, *page) for _ in range(args.runs)] for name, page in pages.items()
    }
    print(
        f"\n{connection.vendor}: 44 criteria x {MONTHS} months, {args.runs} runs each; "
        "wall-clock seconds"
    )
    print(f"\n{'paper':10} {'median':>8} {'p95':>8} {'best':>8} {'queries':>8} {'kB':>8}")
    for name, runs in results.items():
        seconds = [run[0] for run in runs]
        print(
            f"{name:10} {statistics.median(seconds):8.3f} {percentile_95(seconds):8.3f} "
            f"{min(seconds):8.3f} {runs[0][1]:8d} {runs[0][2] / 1000:8.0f}"
        )
    directory.cleanup()


if __name__ == "__main__":
    main()
