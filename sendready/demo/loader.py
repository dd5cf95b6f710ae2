"""The demonstration data: one local area per file in fixtures/demo/ (the format, and the
rules kept here that are not data, are in fixtures/demo/README.md), written through the
services the pages use, so demo rows obey the same rules as anything a user enters.

Running it again changes nothing: the areas and memberships are brought up to date, and
everything else that exists is left as it is (the README's skip-if-exists rules)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Case, Value, When

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
from actions.plans import services as plans
from actions.scrutiny import services as scrutiny
from areas.kpis import services as kpi_services
from areas.kpis.rules import TERM_STARTS
from areas.members.services import area_save, membership_set
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
from areas.ratings.services import RatingEntry, month_agree, month_open, month_save
from areas.self_evaluation import services as self_evaluation
from common.months import next_month, parse_month, previous_month, this_month
from frameworks.models import Criterion, Framework, JudgementArea, Kpi, RatingLevel

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
ADMIN = "demo-admin"
# Board members of every demonstration area, so the overview of several areas is shown:
# a regional adviser, and the administrator (whose superuser flag opens the admin only).
ACROSS_AREAS = ("regional-adviser", ADMIN)
LONDON = ZoneInfo("Europe/London")
DATE_KEYS = frozenset(
    {"cabinet_decision_on", "date", "decision_date", "done_on", "due_on", "ends_on"}
    | {"period", "published_on", "reported_on", "started_on", "starts_on", "target_date"}
)
DECIMAL_KEYS = frozenset({"budget", "value"})
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TERMS = sorted(TERM_STARTS)  # the months school terms start in
NOT_FIELDS = frozenset({"source", "invented"})  # provenance, for readers of the files

# The services take no `is_demo` (nobody enters demo data through the pages), so each
# area's rows of these models are marked afterwards, with one update per model.
MARKED_DEMO: list[Any] = [
    Inspection,
    Finding,
    ImprovementPlan,
    Action,
    ProgressUpdate,
    ScrutinyReview,
    Recommendation,
    Response,
    RecommendationUpdate,
    SelfEvaluationPoint,
    KpiValue,
]


class DemoDataError(ValueError):
    """A demo file breaks a rule of the format (fixtures/demo/README.md)."""


@transaction.atomic
def demo_load(*, password: str, today: dt.date | None = None, directory: Path = DEMO_DIR) -> dict:
    """Load every area file in `directory` (after the framework and KPI catalogue they
    name). Returns the demo accounts' usernames and how many demo rows exist."""
    today = today or dt.date.today()
    hashed = make_password(password)  # once: hashing is slow, and every account shares it
    admin = account(ADMIN, hashed, is_staff=True, is_superuser=True)
    across = [admin, *(account(name, hashed) for name in ACROSS_AREAS if name != ADMIN)]
    usernames = [user.username for user in across]
    for path in sorted(directory.glob("*.yaml")):
        area, area_usernames = area_load(
            read_demo_file(path, today), admin=admin, hashed=hashed, today=today
        )
        usernames += area_usernames
        for user in across:
            membership_set(area=area, user=user, role=Membership.Role.BOARD, by=admin)
    return {"accounts": usernames, **demo_counts()}


def read_demo_file(path: Path, today: dt.date) -> dict:
    """One area's file, with its dates, decimals and datetimes as Python values."""
    # yaml.safe_load's rules, read by libyaml when it is there (ten times faster).
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    return resolved(data, today)


def resolved(node, today: dt.date, key: str = ""):
    if isinstance(node, list):
        return [resolved(item, today, key) for item in node]
    if isinstance(node, dict):
        if key == "ends_on":
            return march_31_rule(node, today)
        return {name: resolved(value, today, name) for name, value in node.items()}
    if not isinstance(node, str):
        return node
    if key == "period" and node.startswith("current"):
        return RelativePeriod.named(node, today)
    if key in DATE_KEYS:
        return day(node, today)
    if key in DECIMAL_KEYS:
        return Decimal(node)
    return dt.datetime.fromisoformat(node) if key == "published_at" else node


def day(text: str, today: dt.date) -> dt.date:
    """A date, "YYYY-MM-DD" or relative to the day of loading ("today+14d")."""
    relative = re.fullmatch(r"today([+-]\d+)d", text)
    return today + dt.timedelta(days=int(relative[1])) if relative else dt.date.fromisoformat(text)


class RelativePeriod(dt.date):
    """A KPI period the file counts back ("current-N"): the date it names on the day of
    reading, keeping its label so that the loader can count back from the area's latest
    month instead (its figures then continue as far as its ratings, however late the
    loader runs again)."""

    label: str

    @classmethod
    def named(cls, label: str, today: dt.date) -> RelativePeriod:
        found = relative_period(label, today)
        period = cls(found.year, found.month, found.day)
        period.label = label
        return period


def relative_period(label: str, today: dt.date) -> dt.date:
    """A KPI period counted back from the day of loading, so that figures keep up with
    the months (themselves "current-N"): "current-N" is N months before this month,
    "current-term-N" N school terms before the term the day falls in."""
    if label.startswith("current-term"):
        steps = label.removeprefix("current-term").removeprefix("-") or "0"
        starts = [dt.date(y, m, 1) for y in range(today.year - 5, today.year + 1) for m in TERMS]
        earlier = [start for start in starts if start <= today]
        return earlier[-1 - int(steps)]
    return month_of(label, today)


def march_31_rule(rule: dict, today: dt.date) -> dt.date:
    """Kent's `ends_on`: the first 31 March on or after a date, never before another."""
    after = day(rule["first_march_31_on_or_after"], today)
    march_31 = dt.date(after.year + (after > dt.date(after.year, 3, 31)), 3, 31)
    return max(march_31, day(rule["not_before"], today))


def month_of(label: str, today: dt.date) -> dt.date:
    """A month, "YYYY-MM" or relative to the current month ("current", "current-3")."""
    if label == "current" or label.startswith("current-"):
        month = this_month(today)
        for _ in range(int(label.removeprefix("current-")) if "-" in label else 0):
            month = previous_month(month)
        return month
    parsed = parse_month(label)
    if parsed is None:
        raise DemoDataError(f"Not a month: {label!r}")
    return parsed


def fields(spec: dict, *taken: str) -> dict:
    """The keys of `spec` that a service takes as they are: not provenance, not `taken`."""
    return {key: value for key, value in spec.items() if key not in NOT_FIELDS | set(taken)}


def account(username: str, hashed: str, **flags):
    user, _ = get_user_model().objects.get_or_create(username=username, defaults=flags)
    user.password = hashed  # the password is reset on every run
    user.save(update_fields=["password"])
    return user


@dataclass(frozen=True)
class Demo:
    """The area being loaded, with what its file's names refer to."""

    area: LocalArea
    users: dict  # role -> the area's account for that role
    today: dt.date

    def lookup(self, model, codes) -> list:
        """The framework's rows of `model` with these codes, in their order."""
        found = {
            row.code: row
            for row in model.objects.filter(framework_id=self.area.framework_id, code__in=codes)
        }
        missing = [code for code in codes if code not in found]
        if missing:
            names = ", ".join(missing)
            raise DemoDataError(f"No {model.__name__} in {self.area.framework}: {names}")
        return [found[code] for code in codes]

    def criteria(self, spec: dict) -> list[Criterion]:
        return self.lookup(Criterion, spec.get("criteria", []))


def area_load(data: dict, *, admin, hashed: str, today: dt.date) -> tuple[LocalArea, list[str]]:
    spec = data["area"]
    framework = Framework.objects.get(slug=spec["framework"])
    area = area_save(by=admin, framework=framework, **fields(spec, "framework"))
    users = {role: account(username, hashed) for role, username in data["users"].items()}
    for role, user in users.items():
        membership_set(area=area, user=user, role=role, by=admin)
    demo = Demo(area=area, users=users, today=today)
    months_load(demo, data["months"], data["ratings"])
    for inspection in data["inspections"]:
        inspection_load(demo, inspection)
    for plan in data["plans"]:
        plan_load(demo, plan)
    for review in data["scrutiny_reviews"]:
        review_load(demo, review)
    self_evaluation_load(demo, data["self_evaluation"]["versions"])
    kpis_load(demo, data["kpis"])
    for model in MARKED_DEMO:
        model.objects.for_area(area).filter(is_demo=False).update(is_demo=True)
    return area, [user.username for user in users.values()]


def months_load(demo: Demo, months: dict, ratings: dict) -> None:
    """Each month opened, rated in full and agreed. Not opened as a copy of the month
    before, as the pages do: the file gives every rating, and creating ratings costs far
    less than updating them."""
    area, today = demo.area, demo.today
    if Assessment.objects.for_area(area).exists():
        return
    labels = [item["month"] for item in months["list"]]
    if labels[-1] != months["last"] or any(
        len(ratings[part][code]) != len(labels)
        for part in ("levels", "next_steps")
        for code in ratings["levels"]
    ):
        raise DemoDataError(f"{area}: the months and the ratings do not match")
    criteria = demo.lookup(Criterion, list(ratings["levels"]))
    levels = {level.code: level for level in RatingLevel.objects.filter(framework=area.framework)}
    commentary, by = ratings.get("commentary") or {}, demo.users[ratings["updated_by"]]
    for index, item in enumerate(months["list"]):
        month = month_of(item["month"], today)
        assessment = month_open(area=area, month=month, by=by, today=today)
        entries = [
            RatingEntry(
                criterion=criterion,
                level=levels[ratings["levels"][criterion.code][index]],
                commentary=commentary.get(item["month"], {}).get(criterion.code, ""),
                next_steps=ratings["next_steps_text"][ratings["next_steps"][criterion.code][index]],
            )
            for criterion in criteria
        ]
        month_save(assessment=assessment, entries=entries, loaded_version=assessment.version, by=by)
        if item["status"] == Assessment.Status.AGREED:
            at = agreed_at(month, months["agreed_at"])
            month_agree(assessment=assessment, by=demo.users[item["agreed_by"]], at=at)
    dated_in_their_months(area, months["agreed_at"], today)


def dated_in_their_months(area: LocalArea, rule: dict, today: dt.date) -> None:
    """Give each finished month's ratings, and their history, the moment they were
    rated: the month's last day, an hour before `agreed_at`'s time — not the day of
    loading, which "Last changed" would show on a 2018 month. The month in progress
    keeps the day of loading. The services take no moment for a save (a person saves
    now), so one update per table, as for `is_demo`, with the history kept in step."""
    months = {
        assessment.pk: (rated_at(assessment.month, rule), assessment.agreed_at)
        for assessment in Assessment.objects.for_area(area)
        if next_month(assessment.month) <= this_month(today)
    }
    if not months:
        return
    rated = Case(*(When(assessment_id=pk, then=Value(r)) for pk, (r, _) in months.items()))
    Rating.objects.filter(assessment_id__in=months).update(updated_at=rated)
    Rating.history.filter(assessment_id__in=months).update(history_date=rated, updated_at=rated)
    opened = Case(*(When(id=pk, then=Value(r)) for pk, (r, _) in months.items()))
    last_written = Case(*(When(id=pk, then=Value(a or r)) for pk, (r, a) in months.items()))
    Assessment.objects.filter(id__in=months).update(created_at=opened, updated_at=last_written)
    # Its history: opened and saved when rated; the agreement's row when agreed.
    written = Case(
        *(
            When(id=pk, status=Assessment.Status.AGREED, then=Value(a))
            for pk, (_, a) in months.items()
            if a is not None
        ),
        default=opened,
    )
    Assessment.history.filter(id__in=months).update(
        created_at=opened, history_date=written, updated_at=written
    )


def rated_at(month: dt.date, rule: dict) -> dt.datetime:
    """An hour before the month's agreement time on its last day (Europe/London)."""
    return agreed_at(month, rule) - dt.timedelta(hours=1)


def agreed_at(month: dt.date, rule: dict) -> dt.datetime:
    """`{day: last, time: "10:00"}`: at that time (Europe/London) on the month's last day."""
    if rule.get("day") != "last":
        raise DemoDataError(f"Only `day: last` is understood, not {rule!r}")
    last_day = next_month(month) - dt.timedelta(days=1)
    return dt.datetime.combine(last_day, dt.time.fromisoformat(rule["time"]), tzinfo=LONDON)


def inspection_load(demo: Demo, spec: dict) -> None:
    """The inspection, found by its kind and outcome (its dates may be relative to the
    day of loading); its findings if it has none."""
    area, by = demo.area, demo.users["officer"]
    found = Inspection.objects.for_area(area).filter(
        kind=spec["kind"], outcome_category=spec["outcome_category"]
    )
    inspection = found.first() or plans.inspection_save(
        area=area, by=by, **fields(spec, "findings")
    )
    if inspection.findings.exists():
        return
    for finding in spec["findings"]:
        plans.finding_save(
            inspection=inspection,
            by=by,
            criteria=demo.criteria(finding),
            **fields(finding, "criteria"),
        )


def plan_load(demo: Demo, spec: dict) -> None:
    """The plan with everything in it, unless the area has a plan with its title."""
    area, by = demo.area, demo.users["officer"]
    if ImprovementPlan.objects.for_area(area).filter(title=spec["title"]).exists():
        return
    inspection = None
    if spec.get("inspection"):
        inspection = Inspection.objects.for_area(area).get(**spec["inspection"])
    plan = plans.plan_save(
        area=area,
        by=by,
        inspection=inspection,
        **fields(spec, "inspection", "workstreams", "actions"),
    )
    workstreams = {
        workstream["code"]: plans.workstream_save(plan=plan, by=by, **fields(workstream))
        for workstream in spec["workstreams"]
    }
    findings = {
        finding.number: finding for finding in Finding.objects.filter(inspection=inspection)
    }
    for action in spec["actions"]:
        action_load(demo, plan, action, workstreams=workstreams, findings=findings)


def action_load(demo: Demo, plan, spec: dict, *, workstreams: dict, findings: dict) -> None:
    by, updates = demo.users["officer"], spec.get("updates", [])
    check_in_date_order(updates, spec["description"])
    if updates and updates[-1]["status_after"] != spec["status"]:
        # progress_add gives the action the status of each update in turn.
        raise DemoDataError(f"Status differs from the last update's: {spec['description']}")
    action = plans.action_save(
        plan=plan,
        by=by,
        workstream=workstreams[spec["workstream"]],
        weaknesses=[findings[number] for number in spec.get("weaknesses", [])],
        criteria=demo.criteria(spec),
        **fields(spec, "workstream", "weaknesses", "criteria", "milestones", "updates"),
    )
    for milestone in spec.get("milestones", []):
        plans.milestone_save(action=action, by=by, **fields(milestone))
    for update in updates:
        by = demo.users[update["recorded_by"]]
        plans.progress_add(action=action, by=by, **fields(update, "recorded_by"))


def check_in_date_order(updates: list[dict], what: str) -> None:
    dates = [update["date"] for update in updates]
    if any(earlier >= later for earlier, later in pairwise(dates)):
        raise DemoDataError(f"Updates out of date order, or two on a day: {what}")


def review_load(demo: Demo, spec: dict) -> None:
    """The review with everything in it, unless the area has a review with its title."""
    area, by = demo.area, demo.users["scrutiny"]
    if ScrutinyReview.objects.for_area(area).filter(title=spec["title"]).exists():
        return
    review = scrutiny.review_save(area=area, by=by, **fields(spec, "recommendations"))
    for item in spec["recommendations"]:
        check_recommendation(review, item)
        recommendation = scrutiny.recommendation_save(
            review=review,
            by=by,
            criteria=demo.criteria(item),
            **fields(item, "criteria", "response", "updates"),
        )
        scrutiny.response_save(recommendation=recommendation, by=by, **fields(item["response"]))
        for update in item.get("updates", []):
            if update["date"] <= demo.today:  # later updates are left out
                scrutiny.recommendation_update_add(
                    recommendation=recommendation,
                    by=demo.users[update["recorded_by"]],
                    **fields(update, "recorded_by"),
                )


def check_recommendation(review: ScrutinyReview, spec: dict) -> None:
    updates, target = spec.get("updates", []), spec["response"]["target_date"]
    what = f"recommendation {spec['number']}"
    check_in_date_order(updates, what)
    if any(update["date"] < review.cabinet_decision_on for update in updates):
        raise DemoDataError(f"Update before the Cabinet decision: {what}")
    # The app counts a recommendation past its target as overdue unless it is settled, so
    # "on track" after the target date would read as a contradiction.
    late = [update for update in updates if target and update["date"] > target]
    if any(update["assessment"] == "on_track" for update in late):
        raise DemoDataError(f"Update on track after the target date: {what}")


def self_evaluation_load(demo: Demo, versions: list[dict]) -> None:
    """The versions in turn, unless the area has a self-evaluation."""
    if not versions or SelfEvaluationVersion.objects.for_area(demo.area).exists():
        return
    points: dict = {}  # (judgement area, kind, label) -> the point's spec, as last saved
    for spec in versions:
        points = version_load(demo, spec, points)


def version_load(demo: Demo, spec: dict, before: dict) -> dict:
    version = self_evaluation.draft_start(area=demo.area, by=demo.users[spec["started_by"]])
    # draft_start numbers the draft after the latest version, and copies that version.
    if version.number != spec["number"] or spec.get("copy_of") != (version.number - 1 or None):
        raise DemoDataError(f"Self-evaluation version {spec['number']} is out of turn")
    by, points = demo.users[spec["saved_by"]], dict(before)  # the draft is a copy
    for change in spec.get("changed", []):
        key = point_key(change)
        point = version.points.get(judgement_area__code=key[0], kind=key[1], label=key[2])
        points[key] = {**points[key], **fields(change)}
        point_save(demo, version, points[key], by=by, point=point)
    listed = [
        {**point, "judgement_area": code, "kind": kind}
        for code, kinds in (spec.get("points") or {}).items()
        for kind, in_order in kinds.items()
        for point in in_order
    ]
    for point in [*listed, *spec.get("added", [])]:
        points[point_key(point)] = point
        point_save(demo, version, point, by=by)
    if spec["status"] == SelfEvaluationVersion.Status.PUBLISHED:
        publisher = demo.users[spec["published_by"]]
        self_evaluation.version_publish(version=version, by=publisher, at=spec["published_at"])
    return points


def point_key(spec: dict) -> tuple[str, str, str]:
    return spec["judgement_area"], spec["kind"], spec["label"]


def point_save(demo: Demo, version, spec: dict, *, by, point=None) -> None:
    saved = self_evaluation.point_save(
        version=version,
        by=by,
        point=point,
        judgement_area=demo.lookup(JudgementArea, [spec["judgement_area"]])[0],
        criteria=demo.criteria(spec),
        kpis=demo.lookup(Kpi, spec.get("kpis", [])),
        **fields(spec, "judgement_area", "criteria", "kpis", "order"),
    )
    # point_save puts a new point at the end of its list: the file lists them in order.
    if saved.order != spec["order"]:
        raise DemoDataError(f"{spec['label']!r} is listed out of its order ({spec['order']})")


# (section of `kpis`, model, what identifies a row besides the KPI and period, service,
# who wrote it): a row that exists, or is for a period after today, is skipped.
KPI_SECTIONS: list[tuple[Any, ...]] = [
    ("values", KpiValue, ("variant",), kpi_services.kpi_value_save, "entered_by"),
    ("targets", KpiTarget, (), kpi_services.kpi_target_save, None),
    ("exceptions", KpiException, (), kpi_services.kpi_exception_save, "written_by"),
]


def kpis_load(demo: Demo, spec: dict) -> None:
    area, today = demo.area, demo.today
    ratings_end = latest_month_end(area) or today
    for section, model, identity, save, writer in KPI_SECTIONS:
        for row in spec[section]:
            (kpi,) = demo.lookup(Kpi, [row["kpi"]])
            if isinstance(row["period"], RelativePeriod):
                row = {**row, "period": relative_period(row["period"].label, ratings_end)}
            same = {name: row.get(name, "") for name in identity}
            found = model.objects.for_area(area).filter(kpi=kpi, period=row["period"], **same)
            if row["period"] > today or found.exists():
                continue
            by = demo.users[row.get(writer, "officer")]  # targets name no writer
            extra = {"today": today} if model is KpiValue else {}
            save(area=area, by=by, kpi=kpi, **extra, **fields(row, "kpi", writer or ""))


def latest_month_end(area: LocalArea) -> dt.date | None:
    """The last day of the area's latest month of ratings, if it has one."""
    latest = Assessment.objects.for_area(area).order_by("-month").values_list("month").first()
    return next_month(latest[0]) - dt.timedelta(days=1) if latest else None


def demo_counts() -> dict[str, dict[str, int]]:
    """How many demo rows exist, by what load_demo reports."""
    flagged, in_demo_areas = {"is_demo": True}, {"area__is_demo": True}
    return {
        "plans": {
            "inspections": Inspection.objects.filter(**flagged).count(),
            "findings": Finding.objects.filter(**flagged).count(),
            "plans": ImprovementPlan.objects.filter(**flagged).count(),
            "workstreams": Workstream.objects.filter(plan__is_demo=True).count(),
            "actions": Action.objects.filter(**flagged).count(),
            "milestones": Milestone.objects.filter(action__is_demo=True).count(),
            "updates": ProgressUpdate.objects.filter(**flagged).count(),
        },
        "scrutiny": {
            "reviews": ScrutinyReview.objects.filter(**flagged).count(),
            "recommendations": Recommendation.objects.filter(**flagged).count(),
            "responses": Response.objects.filter(**flagged).count(),
            "updates": RecommendationUpdate.objects.filter(**flagged).count(),
        },
        "self_evaluation": {
            "versions": SelfEvaluationVersion.objects.filter(**in_demo_areas).count(),
            "points": SelfEvaluationPoint.objects.filter(**flagged).count(),
        },
        "kpis": {
            "values": KpiValue.objects.filter(**flagged).count(),
            "targets": KpiTarget.objects.filter(**in_demo_areas).count(),
            "commentaries": KpiException.objects.filter(**in_demo_areas).count(),
        },
    }
