"""Demonstration data: four local areas named after the source papers, each with
twelve months of ratings. Sunderland's February and March 2018 follow its 2018
scrutiny paper (seed 004); everything else is generated deterministically."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from areas.models import Assessment, LocalArea, Membership, Rating
from common.months import next_month, previous_month, this_month
from frameworks.models import Criterion, Framework, RatingLevel

MONTHS = 12


@dataclass(frozen=True)
class DemoArea:
    name: str
    slug: str
    ons_code: str
    la_number: str
    region: str
    last_month: dt.date | None  # None: the current month


DEMO_AREAS = [
    DemoArea("Sunderland", "sunderland", "E08000024", "394", "North East", dt.date(2018, 3, 1)),
    DemoArea("Kirklees", "kirklees", "E08000034", "382", "Yorkshire and The Humber", None),
    DemoArea("Kent", "kent", "E10000016", "886", "South East", None),
    DemoArea("Bradford", "bradford", "E08000032", "380", "Yorkshire and The Humber", None),
]

# Seed 004, section 3-4: levels the paper gives for February and March 2018.
SUNDERLAND_SEED = {
    "A9": ("red", "red"),
    "A4": ("red", "amber"),
    "A10": ("red", "amber"),
    "B2": ("red", "amber"),
    "A6": ("amber", "amber"),
    "C3": ("amber", "amber"),
    "A14": ("green", "green"),
    "A15": ("green", "green"),
}
SUNDERLAND_MARCH_2018 = {
    "A9": (
        "Challenge remains around joint working protocols and structures. Baseline targets "
        "set by education settings; social care support needs further consideration.",
        "Agree therapy needs baseline with health.",
    ),
    "A4": (
        "Children's social care accepts that every child or young person needs a child in need "
        "assessment as part of the process; social worker capacity still limits responsiveness.",
        "Review transition protocols with adult services; further staff training.",
    ),
    "A10": (
        "SEND analysis done from school census data and a public health needs analysis; "
        "commissioning process agreed between education, social care, public health and the CCG.",
        "Use the CCG analysis, when it arrives, to inform wider commissioning.",
    ),
    "B2": (
        "Strategic groups in place and roles shared with partners; JSNA being co-ordinated.",
        "Make sure needs assessments inform strategic planning.",
    ),
    "A6": (
        "All statement conversions met the agreed timescale; plans completed within 20 weeks "
        "rose from 69% in January 2018 to 86% in February 2018.",
        "Sustain 20-week performance.",
    ),
    "C3": (
        "Performance analysis by the SEN improvement officer; annual reviews identify progress.",
        "Quality assurance in health and social care focused on outcomes.",
    ),
    "A14": ("", "Strengthen person-centred approaches across all professionals."),
    "A15": ("", "Appoint a participation lead to gather young people's feedback."),
}

CHANGE_REASONS = {
    "up": [
        "Evidence from the last audit shows the new process is working across partners.",
        "Partners agreed the improvement is now embedded, based on case file audit.",
        "Co-produced with the parent carer forum; feedback confirms the change.",
    ],
    "down": [
        "Audit found the process is not yet consistent across health and social care.",
        "Performance slipped this month; the improvement is not yet embedded.",
    ],
}
NEXT_STEPS = [
    "Agree a joint quality assurance framework with health and social care.",
    "Share findings with the partnership board and agree owners.",
    "Run a multi-agency audit of a sample of EHC plans.",
    "Gather feedback from the parent carer forum before the next review.",
    "Update the local offer and check it with young people.",
]


def _months_ending(last: dt.date) -> list[dt.date]:
    months = [last]
    for _ in range(MONTHS - 1):
        months.append(previous_month(months[-1]))
    return list(reversed(months))


def _walk(rng: random.Random, months: int, start: int, top: int) -> list[int]:
    """A level index per month that mostly improves, sometimes slips."""
    levels, level = [], start
    for _ in range(months):
        roll = rng.random()
        if roll < 0.1 and level < top:
            level += 1
        elif roll > 0.97 and level > 0:
            level -= 1
        levels.append(level)
    return levels


def _level_plan(area: DemoArea, criteria, levels, months) -> dict[str, list[RatingLevel]]:
    rng = random.Random(f"send-ready-demo-{area.slug}")
    by_code = {level.code: level for level in levels}
    plan = {}
    for criterion in criteria:
        start = rng.choices(range(len(levels)), weights=[45, 40, 15][: len(levels)])[0]
        walk = [levels[i] for i in _walk(rng, len(months), start, len(levels) - 1)]
        if area.slug == "sunderland":
            feb, mar = SUNDERLAND_SEED.get(criterion.code, (None, None))
            if feb:
                walk[-2], walk[-1] = by_code[feb], by_code[mar]
            else:
                walk[-1] = walk[-2]  # the paper reports no other movement in March
        plan[criterion.code] = walk
    return plan


def _commentary(rng: random.Random, before: RatingLevel | None, after: RatingLevel) -> str:
    if before is None or before.pk == after.pk:
        return ""
    direction = "up" if after.order > before.order else "down"
    return f"{before.label} to {after.label}: {rng.choice(CHANGE_REASONS[direction])}"


@transaction.atomic
def demo_load(*, framework: Framework, password: str, today: dt.date | None = None) -> list[str]:
    """Create (or leave as they are) the demo areas, users and months. Returns usernames."""
    User = get_user_model()
    usernames = []
    admin, _ = User.objects.get_or_create(
        username="demo-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    admin.set_password(password)
    admin.save()
    usernames.append(admin.username)
    criteria = list(Criterion.objects.filter(framework=framework).order_by("order"))
    levels = list(RatingLevel.objects.filter(framework=framework).order_by("order"))
    for spec in DEMO_AREAS:
        area, _ = LocalArea.objects.update_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "ons_code": spec.ons_code,
                "la_number": spec.la_number,
                "region": spec.region,
                "framework": framework,
                "is_demo": True,
            },
        )
        users = {}
        for role in Membership.Role.values:
            user, _ = User.objects.get_or_create(username=f"{spec.slug}-{role}")
            user.set_password(password)
            user.save()
            Membership.objects.update_or_create(user=user, area=area, defaults={"role": role})
            users[role] = user
            usernames.append(user.username)
        if not area.assessments.exists():
            _create_months(spec, area, framework, criteria, levels, users, today)
    return usernames


def _create_months(spec, area, framework, criteria, levels, users, today) -> None:
    months = _months_ending(spec.last_month or this_month(today))
    plan = _level_plan(spec, criteria, levels, months)
    rng = random.Random(f"send-ready-commentary-{spec.slug}")
    officer, lead = users["officer"], users["lead"]
    for index, month in enumerate(months):
        is_current = spec.last_month is None and index == len(months) - 1
        agreed_at = timezone.make_aware(
            dt.datetime.combine(next_month(month), dt.time(10)) - dt.timedelta(days=1)
        )
        assessment = Assessment.objects.create(
            area=area,
            framework=framework,
            month=month,
            status=Assessment.Status.DRAFT if is_current else Assessment.Status.AGREED,
            agreed_by=None if is_current else lead,
            agreed_at=None if is_current else agreed_at,
        )
        ratings = []
        for criterion in criteria:
            level = plan[criterion.code][index]
            before = plan[criterion.code][index - 1] if index else None
            commentary, next_steps = _commentary(rng, before, level), rng.choice(NEXT_STEPS)
            if spec.slug == "sunderland" and index == len(months) - 1:
                seeded = SUNDERLAND_MARCH_2018.get(criterion.code)
                if seeded:
                    commentary = seeded[0] or commentary
                    next_steps = seeded[1]
            ratings.append(
                Rating(
                    assessment=assessment,
                    criterion=criterion,
                    level=level,
                    commentary=commentary,
                    next_steps=next_steps,
                    updated_by=officer,
                )
            )
        Rating.objects.bulk_create(ratings)
