"""Load test (not part of the test suite): simulated signed-in users against gunicorn.

Uses national.py's database (built first if it is not there: the same as
`national.py --keep`), starts gunicorn on 127.0.0.1 (4 workers, DEBUG off, persistent
database connections) and runs 50 users, each a thread with its own session and keep-alive
connection, signed in once through the real sign-in form (CSRF and all). Each user works in
an area of its own and, until the time is up, asks for its dashboard, tracker or month page
or saves its month (the month form read, three levels changed, posted with its version),
pausing a random think time between requests.

    .venv/bin/python benchmarks/load.py [--seconds 120] [--users 50] [--think 1.0]

Prints throughput, p50/p95/p99 per kind of request and overall, errors (anything but a
2xx or 3xx, or a failed request) and clashes (a save refused because another save of the
same month came first: expected behaviour, counted apart).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from national import (  # noqa: E402
    DATABASE_URL,
    LOAD_USERS,
    PASSWORD,
    commit,
    configure,
    prepare,
)
from web import (  # noqa: E402
    CLASH,
    Session,
    form_with,
    load_average,
    month_changes,
    percentile,
    start_gunicorn,
    stop,
)

# How often each kind of request comes (a save also reads the month page first).
MIX = {"dashboard": 3, "tracker": 2, "month page": 3, "month save": 2}


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: {kind: [] for kind in MIX})
    errors: list[str] = field(default_factory=list)
    clashes: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, milliseconds: float) -> None:
        with self.lock:
            self.times[kind].append(milliseconds)
            self.requests += 1

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


@dataclass(frozen=True)
class User:
    username: str
    slug: str
    month: str


def load_users(count: int) -> list[User]:
    from areas.models import Assessment, Membership

    users = []
    memberships = Membership.objects.filter(user__username__startswith="load-user-")
    for membership in memberships.select_related("user", "area").order_by("user__username")[:count]:
        latest = Assessment.objects.filter(area=membership.area).order_by("-month").first()
        assert latest is not None
        users.append(User(membership.user.username, membership.area.slug, latest.month_slug))
    return users


def timed(tally: Tally, kind: str, ask) -> tuple[int, str]:
    started = time.perf_counter()
    try:
        status, body, _ = ask()
    except Exception as failure:  # a dropped connection or a timeout is an error too
        tally.error(f"{kind}: {failure!r}")
        return 0, ""
    tally.add(kind, (time.perf_counter() - started) * 1000)
    if not 200 <= status < 400:
        tally.error(f"{kind}: HTTP {status}")
    return status, body


def save_month(session: Session, tally: Tally, url: str, turn: int) -> None:
    status, page = timed(tally, "month page", lambda: session.get(url))
    if status != 200:
        return
    fields = month_changes(form_with(page, "version"), turn)
    status, body = timed(tally, "month save", lambda: session.post(url, fields))
    if status == 200 and CLASH in body:
        with tally.lock:
            tally.clashes += 1
    elif status == 200:
        tally.error("month save: the form came back without a clash")


def simulate(user: User, port: int, tally: Tally, start: threading.Barrier, args) -> None:
    session = Session("127.0.0.1", port)
    try:
        session.sign_in(user.username, PASSWORD)
    except Exception as failure:
        tally.error(f"sign-in: {failure!r}")
        start.wait()
        return
    start.wait()
    rng = random.Random(user.username)
    area = f"/areas/{user.slug}"
    urls = {
        "dashboard": f"{area}/",
        "tracker": f"{area}/tracker/",
        "month page": f"{area}/months/{user.month}/",
    }
    deadline = time.monotonic() + args.seconds
    turn = 0
    while time.monotonic() < deadline and tally.requests < args.max_requests:
        time.sleep(rng.uniform(0, 2 * args.think))
        kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
        turn += 1
        if kind == "month save":
            save_month(session, tally, urls["month page"], turn)
        else:
            timed(tally, kind, lambda url=urls[kind]: session.get(url))


def report(tally: Tally, seconds: float, users: int, think: float) -> None:
    print(
        f"\n{users} users for {seconds:.0f} s, think time 0-{2 * think:.1f} s (mean {think} s); "
        f"{tally.requests} requests, {tally.requests / seconds:.1f} requests/s; milliseconds\n"
    )
    print(f"{'request':12} {'count':>6} {'p50':>7} {'p95':>7} {'p99':>7}")
    everything = [ms for times in tally.times.values() for ms in times]
    for kind, times in [*tally.times.items(), ("all", everything)]:
        if times:
            print(
                f"{kind:12} {len(times):6d} {statistics.median(times):7.0f} "
                f"{percentile(times, 0.95):7.0f} {percentile(times, 0.99):7.0f}"
            )
    print(f"\nErrors: {len(tally.errors)}; clashes (a save refused, expected): {tally.clashes}")
    for text in sorted(set(tally.errors))[:10]:
        print(f"  {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--users", type=int, default=LOAD_USERS)
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds between asks")
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument("--database-url", default=DATABASE_URL)
    args = parser.parse_args()
    args.keep = True
    configure(args.database_url)
    import django

    django.setup()
    prepare(args)
    users = load_users(min(args.users, LOAD_USERS))
    process, port = start_gunicorn(args.database_url)
    tally = Tally()
    try:
        start = threading.Barrier(len(users) + 1)
        threads = [
            threading.Thread(target=simulate, args=(user, port, tally, start, args), daemon=True)
            for user in users
        ]
        for thread in threads:
            thread.start()
        start.wait(timeout=300)  # everyone signed in
        before, started = load_average(), time.monotonic()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
    finally:
        stop(process)
    print(f"Commit {commit()}; gunicorn 4 workers on 127.0.0.1")
    report(tally, elapsed, len(users), args.think)
    print(f"Load average (1, 5, 15 min) before: {before}; after: {load_average()}")


if __name__ == "__main__":
    main()
