"""Tracker import benchmark (not part of the test suite).

Builds, in a database of its own, the 2016 framework, writes an Excel tracker of its 44
criteria over 60 months (January 2015 to December 2019, a level in every cell, with a
commentary and next steps column) and times, through the import pages (Django test
client, in process), importing it into a new area each run:

  preview   upload: open the workbook, find the table, read every cell, compare with
            what the area holds, render the month-by-month preview
  import    confirm: read the signed tables back, plan again against the ratings held
            now, start 60 months and save 2,640 ratings and their history in one
            transaction
  total     the two together: what an officer waits for
  again     the same file uploaded again: its preview says there is nothing to change

    .venv/bin/python benchmarks/tracker_import.py [--runs 20] [--postgres]

SQLite (the default) uses a new file in a temporary directory; --postgres uses
postgres://postgres@127.0.0.1:5432/sendready_bench_import (or --database-url), dropped
and re-created each time. Prints each step's median and 95th percentile wall-clock time
over the runs and its number of queries.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from national import ROOT, add_database_arguments, open_database  # noqa: E402

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sendready_bench_import"
MONTHS = 60
LEVELS = ["Red", "Amber", "Green"]


def build_framework():
    """Migrate, load the framework; an officer to import."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from frameworks.loading import framework_load, read_framework_file

    call_command("migrate", verbosity=0)
    framework, _ = framework_load(
        data=read_framework_file(ROOT / "fixtures" / "frameworks" / "send-2016.yaml")
    )
    officer = get_user_model().objects.create_user("bench-officer", password="not-used")
    return framework, officer


def new_area(framework, officer, number: int):
    from areas.models import LocalArea, Membership

    area = LocalArea.objects.create(
        name=f"Benchmark {number}", slug=f"benchmark-{number}", framework=framework
    )
    Membership.objects.create(user=officer, area=area, role=Membership.Role.OFFICER)
    return area


def tracker_file(framework) -> bytes:
    """44 criteria down, 60 months across (as real Excel dates), commentary, next steps."""
    from openpyxl import Workbook

    from common.months import next_month

    months = [dt.date(2015, 1, 1)]
    while len(months) < MONTHS:
        months.append(next_month(months[-1]))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["SEND self-assessment tracker"])
    sheet.append([])
    sheet.append(["Code", "Criterion", *months, "Commentary", "Next steps"])
    for i, criterion in enumerate(framework.criteria.order_by("order")):
        levels = [LEVELS[(i + j) % 3] for j in range(MONTHS)]
        notes = [f"Commentary on {criterion.code}", f"Next steps for {criterion.code}"]
        sheet.append([criterion.code, criterion.text, *levels, *notes])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def timed(client, url: str, data: dict):
    """Seconds (wall clock) and queries for one POST, and its response."""
    from django.db import connection

    queries = 0

    def counter(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started = time.perf_counter()
        response = client.post(url, data)
        seconds = time.perf_counter() - started
    return seconds, queries, response


def one_run(client, area, data: bytes) -> dict[str, tuple[float, int]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from areas.models import Rating

    page = f"/areas/{area.slug}/tracker/import/"
    upload = SimpleUploadedFile("tracker.xlsx", data)
    preview_s, preview_q, preview = timed(client, page, {"file": upload})
    kept = re.search(r'name="kept" value="([^"]*)"', preview.content.decode())
    assert kept, "the preview offers no import"
    import_s, import_q, done = timed(client, f"{page}confirm/", {"kept": kept[1]})
    assert done.status_code == 302, done.content.decode()[:2000]
    assert Rating.objects.filter(assessment__area=area).count() == 44 * MONTHS
    again = SimpleUploadedFile("tracker.xlsx", data)
    again_s, again_q, repeat = timed(client, page, {"file": again})
    assert "Nothing to change" in repeat.content.decode()
    return {
        "preview": (preview_s, preview_q),
        "import": (import_s, import_q),
        "total": (preview_s + import_s, preview_q + import_q),
        "again": (again_s, again_q),
    }


def percentile_95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="each into a new area")
    add_database_arguments(parser, POSTGRES_URL)
    args = parser.parse_args()
    directory = open_database(args, POSTGRES_URL, "sendready-bench-import-")
    from django.db import connection
    from django.test import Client

    framework, officer = build_framework()
    data = tracker_file(framework)
    client = Client()
    client.force_login(officer)
    runs = [one_run(client, new_area(framework, officer, n), data) for n in range(args.runs)]
    print(
        f"\n{connection.vendor}: 44 criteria x {MONTHS} months ({len(data) / 1000:.0f} kB "
        f"xlsx), {args.runs} runs, each into a new area; wall-clock seconds"
    )
    print(f"\n{'step':10} {'median':>8} {'p95':>8} {'best':>8} {'queries':>8}")
    for step in runs[0]:
        seconds = [run[step][0] for run in runs]
        print(
            f"{step:10} {statistics.median(seconds):8.3f} {percentile_95(seconds):8.3f} "
            f"{min(seconds):8.3f} {runs[0][step][1]:8d}"
        )
    directory.cleanup()


if __name__ == "__main__":
    main()
