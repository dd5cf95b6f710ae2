"""KPI import benchmark (not part of the test suite).

Builds, in a database of its own, the 2016 framework and its KPI catalogue, generates a
CSV of ~30,000 valid figures (the KPIs x every period since 1995 that each one's
frequency allows x as many variants as it takes) and times, through the import page
(Django test client, in process), into a new area each run:

  new file         preview (upload: parse, check every row, compare with what is held),
                   then import (confirm: check it all again, write every row and its
                   history in one transaction)
  same file again  preview and import the same file (every row already held: no write)
  every value revised  preview and import the file with every value changed

    .venv/bin/python benchmarks/kpi_import.py [--rows 30000] [--runs 3] [--postgres]

SQLite (the default) uses a new file in a temporary directory; --postgres uses
postgres://postgres@127.0.0.1:5432/sendready_bench_kpi (or --database-url), dropped and
re-created each time. Prints each step's median and best wall-clock time over the runs,
and the CPU time of this process (on SQLite all of the work; the gap to the wall clock
is the database server, or other processes on the machine).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from national import ROOT, add_database_arguments, open_database  # noqa: E402

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/sendready_bench_kpi"
FIRST_YEAR = 1995


def build_catalogue():
    """Migrate, load the framework and the KPI catalogue; an officer to import."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from frameworks.loading import framework_load, read_framework_file

    call_command("migrate", verbosity=0)
    framework, _ = framework_load(
        data=read_framework_file(ROOT / "fixtures" / "frameworks" / "send-2016.yaml")
    )
    call_command(
        "load_kpis", str(ROOT / "fixtures" / "kpis" / "send-2016.yaml"), stdout=io.StringIO()
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


def periods(kpi, today: dt.date) -> list[dt.date]:
    from areas.kpis.rules import following_period, period_fits

    period = dt.date(FIRST_YEAR, 1, 1)
    found = []
    while period <= today:
        if period_fits(kpi, period):
            found.append(period)
        period = following_period(kpi, period)
    return found


def figures_csv(area, rows: int, today: dt.date, bump: int = 0) -> str:
    """`rows` valid figures: each variant holds every KPI for every period, then the next
    variant, until there are enough. `bump` changes every value (a revision). Rows are
    short (periods as YYYY-MM, no vintage, KPI codes of up to 20 characters) so that
    30,000 fit the 1 MB limit, as the issue's 32,941-row file did."""
    from frameworks.models import Kpi

    kpis = Kpi.objects.filter(framework_id=area.framework_id).order_by("order")
    keys = [(kpi, period) for kpi in kpis if len(kpi.code) <= 20 for period in periods(kpi, today)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kpi", "period", "value", "variant"])
    for n in range(rows):
        kpi, period = keys[n % len(keys)]
        if kpi.unit == Kpi.Unit.PERCENT:
            value = f"{(n * 7 + bump) % 1000 / 10:g}"
        else:
            value = str((n * 13 + bump) % 1000)
        writer.writerow([kpi.code, f"{period:%Y-%m}", value, f"L{n // len(keys) + 1:02d}"])
    return out.getvalue()


def timed(client, url: str, data: dict) -> tuple[float, float, int, Any]:
    """Seconds (wall clock, and CPU time of this process) and queries for one POST."""
    from django.db import connection

    queries = 0

    def counter(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counter):
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post(url, data)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return seconds, cpu, queries, response


def errors(response) -> list[str]:
    import re

    return re.findall(r'<a href="#[^"]*">([^<]*)</a>', response.content.decode())[:5]


def preview_and_confirm(client, url: str, text: str, name: str) -> list[tuple]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("figures.csv", text.encode(), content_type="text/csv")
    *preview, response = timed(client, url, {"file": upload})
    assert b"Check before importing" in response.content, (name, errors(response))
    *imported, response = timed(client, url, {"content": text, "confirm": "yes"})
    assert response.status_code == 302, (name, errors(response))
    return [(f"{name}: preview", *preview), (f"{name}: import", *imported)]


def one_run(client, area, rows: int) -> list[tuple]:
    """The three files into a new area: all new, the same again, every value revised."""
    from areas.models import KpiValue

    today = dt.date.today()
    text, revised = figures_csv(area, rows, today), figures_csv(area, rows, today, bump=1)
    page = f"/areas/{area.slug}/kpis/import/"
    results = preview_and_confirm(client, page, text, "new file (all new)")
    held, history = KpiValue.objects.for_area(area), KpiValue.history.filter(area_id=area.pk)
    assert (held.count(), history.count()) == (rows, rows)
    results += preview_and_confirm(client, page, text, "same file again")
    assert (held.count(), history.count()) == (rows, rows)  # nothing written
    results += preview_and_confirm(client, page, revised, "every value revised")
    assert (held.count(), history.count()) == (rows, 2 * rows)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=3, help="each into a new area")
    add_database_arguments(parser, POSTGRES_URL)
    args = parser.parse_args()
    directory = open_database(args, POSTGRES_URL, "sendready-bench-kpi-")
    from django.db import connection
    from django.test import Client

    framework, officer = build_catalogue()
    client = Client()
    client.force_login(officer)
    runs = [one_run(client, new_area(framework, officer, n), args.rows) for n in range(args.runs)]
    text = figures_csv(new_area(framework, officer, args.runs), args.rows, dt.date.today())
    print(
        f"\n{connection.vendor}: {args.rows:,} rows ({len(text.encode()) / 1_000_000:.2f} MB), "
        f"{args.runs} runs, each into a new area; seconds (wall clock, then CPU time of "
        "this process), median and best of the runs"
    )
    print(f"\n{'step':36} {'median':>7} {'best':>7} {'CPU med':>8} {'queries':>8}")
    for step in zip(*runs, strict=True):
        walls, cpus = [run[1] for run in step], [run[2] for run in step]
        print(
            f"{step[0][0]:36} {statistics.median(walls):7.2f} {min(walls):7.2f} "
            f"{statistics.median(cpus):8.2f} {step[0][3]:8d}"
        )
    directory.cleanup()


if __name__ == "__main__":
    main()
