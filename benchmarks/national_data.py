"""The national dataset of national.py, loaded in bulk: ratings with COPY, everything
else with INSERT ... SELECT over generate_series in the database (every area alike)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_dataset(*, areas_count: int, months: list[dt.date], load_users: int, password: str):
    """Bulk-load the national dataset; returns the seconds each part took."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from areas.models import Assessment, LocalArea, Membership
    from frameworks.kpi_loading import kpis_load, read_kpi_file
    from frameworks.loading import framework_load, read_framework_file

    seconds = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    framework, _ = framework_load(
        data=read_framework_file(ROOT / "fixtures" / "frameworks" / "send-2016.yaml")
    )
    kpis_load(data=read_kpi_file(ROOT / "fixtures" / "kpis" / "send-2016.yaml"))
    call_command("load_official_data", verbosity=0)
    seconds["migrate, framework, KPIs, official data"] = time.perf_counter() - started

    started = time.perf_counter()
    with open(ROOT / "fixtures" / "data" / "local-authorities.csv") as source:
        authorities = list(csv.DictReader(source))[:areas_count]
    areas = LocalArea.objects.bulk_create(
        LocalArea(
            name=row["la_name"],
            slug=row["la_code"].lower(),
            ons_code=row["la_code"],
            la_number=row["la_number"],
            region=row["region"],
            framework=framework,
        )
        for row in authorities
    )
    User = get_user_model()
    adviser = User.objects.create_user("bench-adviser", password=password)
    hashed = make_password(password)  # hashed once for all the load users
    users = User.objects.bulk_create(
        User(username=f"load-user-{n:02d}", password=hashed) for n in range(1, load_users + 1)
    )
    Membership.objects.bulk_create(
        [Membership(user=adviser, area=area, role=Membership.Role.LEAD) for area in areas]
        + [
            Membership(user=user, area=areas[n % len(areas)], role=Membership.Role.OFFICER)
            for n, user in enumerate(users, start=1)
        ]
    )
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
    criteria = list(framework.criteria.order_by("order").values_list("pk", "code"))
    levels = list(framework.levels.order_by("order").values_list("pk", flat=True))
    ratings = copy_ratings(connection, assessments, criteria, levels, adviser.pk, now)
    seconds["areas, users, months, ratings COPY"] = time.perf_counter() - started

    started = time.perf_counter()
    params = {"framework": framework.pk, "user": adviser.pk}
    with connection.cursor() as cursor:
        for statement in SECTIONS:
            cursor.execute(statement, params)
    seconds["agreements, plans, scrutiny, self-evaluation, KPI figures"] = (
        time.perf_counter() - started
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # sets the visibility map for index-only scans
    seconds["VACUUM ANALYZE"] = time.perf_counter() - started
    return {"ratings": ratings, "seconds": seconds}


def copy_ratings(connection, assessments, criteria, levels, user_id, now) -> int:
    """Ratings as a random walk per area and criterion, each with commentary and next
    steps, streamed in with COPY."""
    rng = random.Random(2016)
    buffer = io.StringIO()
    level_now: dict[tuple[int, int], int] = {}
    count = 0
    for assessment in assessments:  # ordered by area, then month
        for criterion, code in criteria:
            key = (assessment.area_id, criterion)
            index = level_now.get(key, rng.randrange(len(levels)))
            roll = rng.random()
            index = min(index + 1, len(levels) - 1) if roll < 0.05 else index
            index = max(index - 1, 0) if roll > 0.98 else index
            level_now[key] = index
            said = (
                f"{code} in {assessment.month:%B %Y}: audit of {rng.randrange(5, 40)} plans "
                f"found {rng.randrange(1, 5)} in {rng.randrange(5, 10)} good or better."
            )
            steps = f"Re-audit in {rng.randrange(1, 4)} months; report to the board."
            row = [assessment.pk, criterion, levels[index], said, steps, "", user_id]
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


CRITERIA = """(SELECT array_agg(id ORDER BY "order") AS ids FROM frameworks_criterion
    WHERE framework_id = %(framework)s)"""

AGREEMENTS = [
    """INSERT INTO areas_agreement (number, agreed_at, version, agreed_by_id, assessment_id)
    SELECT 1, agreed_at, 0, agreed_by_id, id FROM areas_assessment WHERE status = 'agreed'""",
    """INSERT INTO areas_agreedrating (commentary, next_steps, evidence, criterion_id, level_id,
        agreement_id)
    SELECT r.commentary, r.next_steps, r.evidence, r.criterion_id, r.level_id, ag.id
    FROM areas_agreement ag JOIN areas_rating r ON r.assessment_id = ag.assessment_id""",
]

PLANS = [
    """INSERT INTO actions_inspection (created_at, updated_at, kind, started_on, published_on,
        outcome_category, outcome, report_url, is_demo, area_id, framework_id, updated_by_id)
    SELECT now(), now(), 'full', DATE '2017-03-06', DATE '2017-05-10', 'wsoa',
        'A written statement of action is required.', '', false, id, framework_id, %(user)s
    FROM areas_localarea""",
    """INSERT INTO actions_finding (kind, number, text, is_demo, inspection_id, withdrawn_reason)
    SELECT 'weakness', g, 'Significant weakness ' || g || ': plans are not reviewed on time.',
        false, i.id, ''
    FROM actions_inspection i, generate_series(1, 8) g""",
    """INSERT INTO actions_improvementplan (created_at, updated_at, title, kind, starts_on,
        status, governance, budget, is_demo, area_id, inspection_id, updated_by_id)
    SELECT now(), now(), 'Written statement of action', 'wsoa', DATE '2017-08-01', 'active',
        'SEND Partnership Board', 250000, false, i.area_id, i.id, %(user)s
    FROM actions_inspection i""",
    """INSERT INTO actions_workstream (code, title, lead_partner, lead_officer, plan_id,
        key_indicators, updated_by_id)
    SELECT chr(64 + g), 'Workstream ' || chr(64 + g) || ': joint commissioning', 'joint',
        'Head of SEND', p.id, 'EHC plans issued within 20 weeks; fewer complaints', %(user)s
    FROM actions_improvementplan p, generate_series(1, 8) g""",
    # 25 actions per workstream: 200 per plan, a sixth of them finished, some overdue.
    """INSERT INTO actions_action (created_at, updated_at, description, owner, partner,
        starts_on, due_on, status, success_measure, is_demo, workstream_id, updated_by_id)
    SELECT now(), now(),
        'Action ' || w.code || g || ': review every plan due this term with the family.',
        'Service manager', 'council', DATE '2019-01-01' + g * 7,
        DATE '2019-01-01' + g * 7 + ((w.id * 37 + g * 101) %% 3000)::int,
        (ARRAY['not_started', 'on_track', 'at_risk', 'off_track', 'complete',
               'closed'])[1 + (w.id + g) %% 6],
        'Audits show 80%% of plans good or better.', false, w.id, %(user)s
    FROM actions_workstream w, generate_series(1, 25) g""",
    f"""INSERT INTO actions_action_criteria (action_id, criterion_id)
    SELECT a.id, c.ids[1 + (a.id + k * 7) %% array_length(c.ids, 1)]
    FROM actions_action a, {CRITERIA} c, generate_series(0, 1) k""",
    """INSERT INTO actions_action_weaknesses (action_id, finding_id)
    SELECT a.id, f.id FROM actions_action a
    JOIN actions_workstream w ON w.id = a.workstream_id
    JOIN actions_improvementplan p ON p.id = w.plan_id
    JOIN actions_finding f ON f.inspection_id = p.inspection_id AND f.number = 1 + a.id %% 8""",
    """INSERT INTO actions_milestone (title, due_on, done_on, action_id, updated_by_id)
    SELECT 'Milestone for action ' || a.id, a.due_on - 30,
        CASE WHEN a.status IN ('complete', 'closed') THEN a.due_on - 40 END, a.id, %(user)s
    FROM actions_action a""",
    """INSERT INTO actions_progressupdate (date, text, status_after, recorded_at, is_demo,
        action_id, recorded_by_id, updated_by_id, withdrawn_reason)
    SELECT a.starts_on + k * 60, 'Update ' || k || ': audits done, findings to the board.',
        a.status, now(), false, a.id, %(user)s, %(user)s, ''
    FROM actions_action a, generate_series(1, 2) k""",
]

SCRUTINY = [
    """INSERT INTO actions_scrutinyreview (created_at, updated_at, panel, title, scope,
        started_on, reported_on, cabinet_decision_on, report_url, status, is_demo, area_id,
        updated_by_id)
    SELECT now(), now(), 'Children and Young People Scrutiny Panel',
        'Review ' || g || ': support for children with SEND', 'Timeliness and quality.',
        DATE '2019-01-01' + g * 200, DATE '2019-03-01' + g * 200,
        DATE '2019-04-01' + g * 200, '', 'monitoring', false, la.id, %(user)s
    FROM areas_localarea la, generate_series(1, 3) g""",
    """INSERT INTO actions_recommendation (number, theme, text, is_demo, review_id,
        updated_by_id)
    SELECT g, 'Theme ' || (1 + g %% 6),
        'Recommendation ' || g || ': the council reports progress to the panel twice a year.',
        false, rv.id, %(user)s
    FROM actions_scrutinyreview rv, generate_series(1, 100) g""",
    """INSERT INTO actions_response (decision, text, implementation, responsible,
        target_date, timescale, decision_date, is_demo, recommendation_id, updated_by_id)
    SELECT (ARRAY['accepted', 'partially', 'not_accepted', 'deferred'])[1 + rec.id %% 4],
        'The cabinet accepts the recommendation in part.', 'Through the SEND board.',
        'Assistant director', rv.cabinet_decision_on + ((rec.id * 13) %% 1500)::int, '',
        rv.cabinet_decision_on, false, rec.id, %(user)s
    FROM actions_recommendation rec JOIN actions_scrutinyreview rv ON rv.id = rec.review_id""",
    """INSERT INTO actions_recommendationupdate (date, meeting, text, assessment, recorded_at,
        is_demo, recommendation_id, recorded_by_id, updated_by_id, withdrawn_reason)
    SELECT rv.cabinet_decision_on + k * 120, 'Panel meeting ' || k,
        'Progress reported; the panel asked for figures.',
        (ARRAY['implemented', 'on_track', 'behind', 'not_implemented',
               'superseded'])[1 + (rec.id + k) %% 5], now(), false, rec.id, %(user)s,
        %(user)s, ''
    FROM actions_recommendation rec JOIN actions_scrutinyreview rv ON rv.id = rec.review_id,
        generate_series(1, 2) k""",
    f"""INSERT INTO actions_recommendation_criteria (recommendation_id, criterion_id)
    SELECT rec.id, c.ids[1 + rec.id %% array_length(c.ids, 1)]
    FROM actions_recommendation rec, {CRITERIA} c""",
    """WITH numbered_actions AS (
        SELECT a.id, p.area_id, row_number() OVER (PARTITION BY p.area_id ORDER BY a.id) AS n
        FROM actions_action a JOIN actions_workstream w ON w.id = a.workstream_id
        JOIN actions_improvementplan p ON p.id = w.plan_id),
    numbered_recommendations AS (
        SELECT rec.id, rv.area_id,
            row_number() OVER (PARTITION BY rv.area_id ORDER BY rec.id) AS n
        FROM actions_recommendation rec JOIN actions_scrutinyreview rv ON rv.id = rec.review_id)
    INSERT INTO actions_recommendation_actions (recommendation_id, action_id)
    SELECT r.id, a.id FROM numbered_recommendations r JOIN numbered_actions a
    ON a.area_id = r.area_id AND a.n = 1 + r.n %% 200""",
]

SELF_EVALUATION = [
    """INSERT INTO areas_selfevaluationversion (created_at, updated_at, number, status,
        published_at, area_id, framework_id, published_by_id, updated_by_id)
    SELECT now(), now(), g, CASE WHEN g = 4 THEN 'draft' ELSE 'published' END,
        CASE WHEN g < 4 THEN now() - (4 - g) * interval '90 days' END, la.id,
        la.framework_id, CASE WHEN g < 4 THEN %(user)s END, %(user)s
    FROM areas_localarea la, generate_series(1, 4) g""",
    """INSERT INTO areas_selfevaluationpoint (key, kind, label, explanation, evidence, "order",
        is_demo, judgement_area_id, version_id, updated_by_id, withdrawn_reason)
    SELECT md5(v.area_id || '-' || g)::uuid,
        CASE WHEN g %% 2 = 0 THEN 'strength' ELSE 'develop' END, 'Point ' || g,
        repeat('What we did, for whom, and how we know it made a difference. ', 4),
        'Board minutes; audit ' || g, g, false, j.ids[1 + g %% array_length(j.ids, 1)], v.id,
        %(user)s, ''
    FROM areas_selfevaluationversion v,
        (SELECT array_agg(id ORDER BY "order") AS ids FROM frameworks_judgementarea
         WHERE framework_id = %(framework)s) j,
        generate_series(1, 40) g""",
    f"""INSERT INTO areas_selfevaluationpoint_criteria (selfevaluationpoint_id, criterion_id)
    SELECT p.id, c.ids[1 + (p."order" + k * 11) %% array_length(c.ids, 1)]
    FROM areas_selfevaluationpoint p, {CRITERIA} c, generate_series(0, 1) k""",
    """INSERT INTO areas_selfevaluationpoint_kpis (selfevaluationpoint_id, kpi_id)
    SELECT p.id, k.ids[1 + p."order" %% array_length(k.ids, 1)]
    FROM areas_selfevaluationpoint p,
        (SELECT array_agg(id ORDER BY "order") AS ids FROM frameworks_kpi
         WHERE framework_id = %(framework)s) k""",
]

KPI_FIGURES = [
    """INSERT INTO areas_kpivalue (period, variant, vintage, value, entered_at, is_demo,
        area_id, entered_by_id, kpi_id)
    SELECT p::date, '', '', round((20 + random() * 70)::numeric, 2), now(), false, la.id,
        %(user)s, k.id
    FROM areas_localarea la JOIN frameworks_kpi k ON k.framework_id = la.framework_id,
        generate_series(DATE '2021-01-01', date_trunc('month', now() - interval '1 month'),
            CASE k.frequency WHEN 'monthly' THEN interval '1 month'
                 WHEN 'termly' THEN interval '4 months' ELSE interval '1 year' END) p""",
    """INSERT INTO areas_kpitarget (period, value, area_id, kpi_id, updated_by_id)
    SELECT make_date(y, 1, 1), 60, la.id, k.id, %(user)s
    FROM areas_localarea la JOIN frameworks_kpi k ON k.framework_id = la.framework_id,
        generate_series(2021, 2026) y""",
    """INSERT INTO areas_kpiexception (period, what, why, next_steps, written_at, area_id,
        kpi_id, written_by_id)
    SELECT latest.period, 'Below target and England.', 'More requests than staff.',
        'Two more coordinators from January.', now(), latest.area_id, latest.kpi_id, %(user)s
    FROM (SELECT DISTINCT ON (area_id, kpi_id) area_id, kpi_id, period FROM areas_kpivalue
          ORDER BY area_id, kpi_id, period DESC) latest
    WHERE latest.kpi_id %% 3 = 0""",
]

SECTIONS = [*AGREEMENTS, *PLANS, *SCRUTINY, *SELF_EVALUATION, *KPI_FIGURES]
