"""The benchmark's floors: for each page, a bare view that fetches what the page shows
with one hand-written SQL query (pivoted in SQL: one row per thing the page lists) and
renders it in a minimal template. Each sits behind the same middleware, `login_required`
and one membership query as a real area page, so the floor leaves out only what the app
adds: the ORM, its selectors and the GOV.UK templates.

Used as ROOT_URLCONF (the app's URLs plus /floor/...): in process by national.py, and
under gunicorn through floors_wsgi.py.
"""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import path

from sendready.urls import urlpatterns as app_urlpatterns

TABLE = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><head><title>floor</title></head><body><main><table>"
    "{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>"
    "{% endfor %}</table></main></body></html>"
)

# The month form with the field names the app's month page uses, so the benchmark
# fills in and posts both the same way.
MONTH_FORM = engines["django"].from_string(
    "<!DOCTYPE html><html lang='en'><head><title>floor</title></head><body><main>"
    "<form method='post'>{% csrf_token %}"
    "<input type='hidden' name='version' value='{{ version }}'>"
    "<input type='hidden' name='form-TOTAL_FORMS' value='{{ rows|length }}'>"
    "<input type='hidden' name='form-INITIAL_FORMS' value='0'>"
    "{% for row in rows %}<fieldset><legend>{{ row.0 }} {{ row.1 }}</legend>"
    "<p>Last month: {{ row.2|default:'not rated' }}</p>"
    "{% for level in row.7 %}<input type='radio'"
    " name='form-{{ forloop.parentloop.counter0 }}-level' value='{{ level }}'"
    "{% if level == row.3 %} checked{% endif %}>{{ level }}{% endfor %}"
    "<textarea name='form-{{ forloop.counter0 }}-commentary'>{{ row.4 }}</textarea>"
    "<textarea name='form-{{ forloop.counter0 }}-next_steps'>{{ row.5 }}</textarea>"
    "<textarea name='form-{{ forloop.counter0 }}-evidence'>{{ row.6 }}</textarea>"
    "</fieldset>{% endfor %}<button>Save</button></form></main></body></html>"
)

DASHBOARD = """
WITH recent AS (
    SELECT id, month FROM areas_assessment WHERE area_id = %(area)s ORDER BY month DESC LIMIT 12),
agreed AS (
    SELECT id, month, row_number() OVER (ORDER BY month DESC) AS age FROM areas_assessment
    WHERE area_id = %(area)s AND status = 'agreed' ORDER BY month DESC LIMIT 2),
trend AS (
    SELECT recent.month, j."order" AS ja_order, j.label AS ja, l."order" AS level_order,
           l.label AS level, count(*) AS n
    FROM recent JOIN areas_rating r ON r.assessment_id = recent.id
    JOIN frameworks_criterion c ON c.id = r.criterion_id
    JOIN frameworks_judgementarea j ON j.id = c.judgement_area_id
    JOIN frameworks_ratinglevel l ON l.id = r.level_id
    GROUP BY recent.month, j."order", j.label, l."order", l.label),
actions AS (
    SELECT a.status, a.due_on FROM actions_action a
    JOIN actions_workstream w ON w.id = a.workstream_id
    JOIN actions_improvementplan p ON p.id = w.plan_id
    WHERE p.area_id = %(area)s AND p.status = 'active'),
recommendations AS (
    SELECT rec.number, rec.theme, rec.text, resp.decision, resp.target_date,
        (SELECT u.assessment FROM actions_recommendationupdate u
         WHERE u.recommendation_id = rec.id AND u.withdrawn_at IS NULL
         ORDER BY u.date DESC, u.recorded_at DESC, u.id DESC LIMIT 1) AS current
    FROM actions_recommendation rec
    JOIN actions_scrutinyreview rv ON rv.id = rec.review_id
    LEFT JOIN actions_response resp ON resp.recommendation_id = rec.id
    WHERE rv.area_id = %(area)s),
latest_kpi AS (
    SELECT DISTINCT ON (v.kpi_id) v.kpi_id, v.period, v.value FROM areas_kpivalue v
    WHERE v.area_id = %(area)s ORDER BY v.kpi_id, v.period DESC),
agreed12 AS (
    SELECT id, row_number() OVER (ORDER BY month DESC) AS age FROM areas_assessment
    WHERE area_id = %(area)s AND status = 'agreed' ORDER BY month DESC LIMIT 12),
levels AS (
    SELECT l.id, l."order", l.is_target FROM frameworks_ratinglevel l
    JOIN areas_localarea la ON la.framework_id = l.framework_id WHERE la.id = %(area)s),
worst_ratings AS (  -- a criterion's run at the worst level: the ratings whose age is their rank
    SELECT r.criterion_id, g.age,
        row_number() OVER (PARTITION BY r.criterion_id ORDER BY g.age) AS rank
    FROM agreed12 g JOIN areas_rating r ON r.assessment_id = g.id
    WHERE r.level_id = (SELECT id FROM levels ORDER BY "order" LIMIT 1)),
streaks AS (
    SELECT c.code, count(*) FILTER (WHERE w.age = w.rank) AS months
    FROM worst_ratings w JOIN frameworks_criterion c ON c.id = w.criterion_id
    GROUP BY c.code)
SELECT 'trend', month::text, ja, string_agg(level || ' ' || n, ', ' ORDER BY level_order), ''
FROM trend GROUP BY month, ja_order, ja
UNION ALL
SELECT 'movement', c.code,
    max(l.label) FILTER (WHERE agreed.age = 1), max(l.label) FILTER (WHERE agreed.age = 2),
    max(r.commentary) FILTER (WHERE agreed.age = 1)
FROM agreed JOIN areas_rating r ON r.assessment_id = agreed.id
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
GROUP BY c.code, c."order"
UNION ALL
SELECT 'actions', count(*)::text,
    count(*) FILTER (WHERE due_on < current_date AND status NOT IN ('complete', 'closed'))::text,
    count(*) FILTER (WHERE status IN ('at_risk', 'off_track'))::text,
    count(*) FILTER (WHERE status IN ('complete', 'closed'))::text
FROM actions
UNION ALL
SELECT 'scrutiny', count(*)::text,
    count(*) FILTER (WHERE target_date < current_date AND decision <> 'not_accepted'
                     AND (current IS NULL OR current NOT IN ('implemented', 'superseded')))::text,
    count(*) FILTER (WHERE current = 'implemented')::text,
    count(*) FILTER (WHERE decision = 'not_accepted')::text
FROM recommendations
UNION ALL
(SELECT 'overdue', number::text, theme, target_date::text, text FROM recommendations
 WHERE target_date < current_date AND decision <> 'not_accepted'
     AND (current IS NULL OR current NOT IN ('implemented', 'superseded'))
 ORDER BY target_date, number LIMIT 10)  -- the first 10 (since 6a53d01)
UNION ALL
(SELECT 'self-evaluation', number::text, status, published_at::text, ''
 FROM areas_selfevaluationversion WHERE area_id = %(area)s AND status = 'published'
 ORDER BY number DESC LIMIT 1)
UNION ALL
SELECT 'kpi', k.name, latest_kpi.value::text || ' ' || coalesce(x.why, ''), t.value::text,
    e.value::text
FROM latest_kpi JOIN frameworks_kpi k ON k.id = latest_kpi.kpi_id
LEFT JOIN areas_kpitarget t ON t.area_id = %(area)s AND t.kpi_id = latest_kpi.kpi_id
    AND t.period = latest_kpi.period
LEFT JOIN areas_comparatorvalue e ON e.kpi_id = latest_kpi.kpi_id AND e.level = 'england'
    AND e.period = latest_kpi.period AND e.variant = ''
LEFT JOIN areas_kpiexception x ON x.area_id = %(area)s AND x.kpi_id = latest_kpi.kpi_id
    AND x.period = latest_kpi.period
UNION ALL
(SELECT 'inspection', kind, outcome_category, published_on::text, outcome FROM actions_inspection
 WHERE area_id = %(area)s AND published_on IS NOT NULL ORDER BY published_on DESC LIMIT 1)
UNION ALL  -- red or amber criteria of the latest agreed month with no open action
SELECT 'criteria gaps', count(*)::text, '', '', ''
FROM areas_rating r JOIN agreed ON agreed.id = r.assessment_id AND agreed.age = 1
JOIN levels l ON l.id = r.level_id
WHERE l."order" < (SELECT "order" FROM levels ORDER BY is_target DESC, "order" DESC LIMIT 1)
AND r.criterion_id NOT IN (
    SELECT ac.criterion_id FROM actions_action_criteria ac
    JOIN actions_action a ON a.id = ac.action_id
    JOIN actions_workstream w ON w.id = a.workstream_id
    JOIN actions_improvementplan p ON p.id = w.plan_id
    WHERE p.area_id = %(area)s AND a.status NOT IN ('complete', 'closed'))
UNION ALL  -- inspection weaknesses no action (but a closed one) addresses
SELECT 'weakness gaps', count(*)::text, '', '', ''
FROM actions_finding f JOIN actions_inspection i ON i.id = f.inspection_id
WHERE i.area_id = %(area)s AND f.withdrawn_at IS NULL
AND f.kind IN ('weakness', 'improvement', 'priority')
AND NOT EXISTS (
    SELECT 1 FROM actions_action_weaknesses aw JOIN actions_action a ON a.id = aw.action_id
    WHERE aw.finding_id = f.id AND a.status <> 'closed')
UNION ALL
SELECT 'persistent red', code, months::text, '', '' FROM streaks WHERE months >= 3
"""

TRACKER = """
WITH months AS (
    SELECT id, month FROM areas_assessment WHERE area_id = %(area)s ORDER BY month DESC LIMIT 12)
SELECT c.code, c.text, array_agg(l.label ORDER BY months.month)
FROM months JOIN areas_rating r ON r.assessment_id = months.id
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
GROUP BY c.id, c.code, c.text, c."order"
ORDER BY c."order"
"""

OVERVIEW = """
WITH mine AS (SELECT area_id, role FROM areas_membership WHERE user_id = %(user)s),
latest AS (
    SELECT DISTINCT ON (a.area_id) a.id, a.area_id, a.month
    FROM areas_assessment a JOIN mine ON mine.area_id = a.area_id
    WHERE a.status = 'agreed' ORDER BY a.area_id, a.month DESC),
newest AS (
    SELECT DISTINCT ON (a.area_id) a.area_id, a.month, a.status
    FROM areas_assessment a JOIN mine ON mine.area_id = a.area_id
    ORDER BY a.area_id, a.month DESC),
counts AS (
    SELECT latest.area_id, j."order" AS ja_order,
        j.label || ': ' || string_agg(l.label || ' ' || n, ', ' ORDER BY l."order") AS text
    FROM (SELECT latest.area_id, c.judgement_area_id, r.level_id, count(*) AS n
          FROM latest JOIN areas_rating r ON r.assessment_id = latest.id
          JOIN frameworks_criterion c ON c.id = r.criterion_id
          GROUP BY latest.area_id, c.judgement_area_id, r.level_id) AS latest
    JOIN frameworks_judgementarea j ON j.id = latest.judgement_area_id
    JOIN frameworks_ratinglevel l ON l.id = latest.level_id
    GROUP BY latest.area_id, j."order", j.label)
SELECT la.name, mine.role, latest.month, newest.month, newest.status,
    (SELECT string_agg(text, '; ' ORDER BY ja_order) FROM counts
     WHERE counts.area_id = la.id)
FROM mine JOIN areas_localarea la ON la.id = mine.area_id
LEFT JOIN latest ON latest.area_id = la.id
LEFT JOIN newest ON newest.area_id = la.id
ORDER BY la.name
"""

CRITERION = """
WITH criterion AS (
    SELECT c.id FROM frameworks_criterion c JOIN areas_localarea la
    ON la.framework_id = c.framework_id WHERE la.id = %(area)s AND c.code = %(code)s)
(SELECT a.month::text, a.status, l.label, r.commentary, r.next_steps, r.evidence, u.username,
    (SELECT string_agg(ag.number || ': ' || al.label, '; ' ORDER BY ag.number)
     FROM areas_agreement ag JOIN areas_agreedrating ar ON ar.agreement_id = ag.id
     JOIN frameworks_ratinglevel al ON al.id = ar.level_id
     WHERE ag.assessment_id = a.id AND ar.criterion_id = r.criterion_id)
 FROM criterion JOIN areas_rating r ON r.criterion_id = criterion.id
 JOIN areas_assessment a ON a.id = r.assessment_id AND a.area_id = %(area)s
 JOIN frameworks_ratinglevel l ON l.id = r.level_id
 LEFT JOIN auth_user u ON u.id = r.updated_by_id
 ORDER BY a.month DESC LIMIT 24)  -- the page shows 24 months at a time (since 6a53d01)
UNION ALL
SELECT 'action', act.status, act.due_on::text, act.description, act.owner, w.code, '', ''
FROM criterion JOIN actions_action_criteria ac ON ac.criterion_id = criterion.id
JOIN actions_action act ON act.id = ac.action_id
JOIN actions_workstream w ON w.id = act.workstream_id
JOIN actions_improvementplan p ON p.id = w.plan_id AND p.area_id = %(area)s
ORDER BY 1 DESC
"""

MONTH = """
WITH this AS (
    SELECT id, month, version, framework_id FROM areas_assessment
    WHERE area_id = %(area)s AND month = %(month)s),
before AS (
    SELECT a.id FROM areas_assessment a, this
    WHERE a.area_id = %(area)s AND a.month < this.month ORDER BY a.month DESC LIMIT 1)
SELECT c.code, c.text, lp.label, l.code, r.commentary, r.next_steps, r.evidence,
    (SELECT array_agg(code ORDER BY "order") FROM frameworks_ratinglevel
     WHERE framework_id = this.framework_id), this.version
FROM this JOIN areas_rating r ON r.assessment_id = this.id
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
LEFT JOIN areas_rating rp ON rp.assessment_id = (SELECT id FROM before)
    AND rp.criterion_id = r.criterion_id
LEFT JOIN frameworks_ratinglevel lp ON lp.id = rp.level_id
ORDER BY c."order"
"""

# A month's save in one statement: refuse an agreed month, a stale version or a changed
# level without a commentary (against the month before), bump the version, change the
# ratings that differ, and keep their history and the month's as the app does.
MONTH_SAVE = """
WITH this AS (
    SELECT id, framework_id FROM areas_assessment
    WHERE area_id = %(area)s AND month = %(month)s AND status = 'draft'
    AND version = %(version)s FOR UPDATE),
before AS (
    SELECT a.id FROM areas_assessment a JOIN this ON a.framework_id = this.framework_id
    WHERE a.area_id = %(area)s AND a.month < %(month)s ORDER BY a.month DESC LIMIT 1),
sent AS (
    SELECT * FROM unnest(%(levels)s::text[], %(commentary)s::text[], %(next_steps)s::text[],
        %(evidence)s::text[]) WITH ORDINALITY AS s(level, commentary, next_steps, evidence, n)),
criteria AS (
    SELECT c.id, row_number() OVER (ORDER BY c."order") AS n
    FROM frameworks_criterion c JOIN this ON c.framework_id = this.framework_id),
unexplained AS (
    SELECT 1 FROM sent s JOIN criteria c ON c.n = s.n CROSS JOIN this
    JOIN frameworks_ratinglevel l ON l.framework_id = this.framework_id AND l.code = s.level
    JOIN areas_rating rp ON rp.assessment_id = (SELECT id FROM before)
        AND rp.criterion_id = c.id
    WHERE rp.level_id <> l.id AND s.commentary = ''),
bumped AS (
    UPDATE areas_assessment a SET version = a.version + 1, updated_at = now(),
        updated_by_id = %(user)s
    FROM this WHERE a.id = this.id AND NOT EXISTS (SELECT 1 FROM unexplained)
    RETURNING a.*),
month_history AS (
    INSERT INTO areas_historicalassessment (id, created_at, updated_at, month, status,
        agreed_at, version, history_date, history_type, agreed_by_id, area_id, framework_id,
        history_user_id, updated_by_id)
    SELECT id, created_at, updated_at, month, status, agreed_at, version, now(), '~',
        agreed_by_id, area_id, framework_id, %(user)s, updated_by_id
    FROM bumped),
changed AS (
    UPDATE areas_rating r SET level_id = l.id, commentary = s.commentary,
        next_steps = s.next_steps, evidence = s.evidence, updated_at = now(),
        updated_by_id = %(user)s, saved_in_version = bumped.version
    FROM sent s JOIN criteria c ON c.n = s.n CROSS JOIN bumped
    JOIN this ON this.id = bumped.id
    JOIN frameworks_ratinglevel l ON l.framework_id = this.framework_id
    WHERE l.code = s.level AND r.assessment_id = this.id AND r.criterion_id = c.id
    AND (r.level_id, r.commentary, r.next_steps, r.evidence)
        IS DISTINCT FROM (l.id, s.commentary, s.next_steps, s.evidence)
    RETURNING r.*)
INSERT INTO areas_historicalrating (id, commentary, next_steps, evidence, updated_at,
    saved_in_version, history_date, history_type, assessment_id, criterion_id,
    history_user_id, level_id, updated_by_id, carried_from_id)
SELECT id, commentary, next_steps, evidence, updated_at, saved_in_version, now(), '~',
    assessment_id, criterion_id, %(user)s, level_id, updated_by_id, carried_from_id
FROM changed
"""

KPIS = """
WITH area AS (
    SELECT id, framework_id, region, ons_code, la_number FROM areas_localarea
    WHERE id = %(area)s),
kpi AS (SELECT k.* FROM frameworks_kpi k JOIN area ON k.framework_id = area.framework_id),
neighbour AS (
    SELECT neighbour_la_number FROM areas_statisticalneighbour n JOIN area
    ON n.la_number = area.la_number),
official AS (
    SELECT cv.kpi_id, cv.period,
        max(cv.value) FILTER (WHERE cv.level = 'england') AS england,
        max(cv.value) FILTER (WHERE cv.level = 'region') AS region,
        max(cv.value) FILTER (WHERE cv.code = area.ons_code) AS own,
        avg(cv.value) FILTER (WHERE cv.la_number IN (SELECT * FROM neighbour)) AS neighbours,
        count(*) FILTER (WHERE cv.level = 'local_authority') AS authorities
    FROM areas_comparatorvalue cv JOIN kpi ON kpi.id = cv.kpi_id CROSS JOIN area
    WHERE cv.level IN ('england', 'local_authority')
        OR (cv.level = 'region' AND cv.code = area.region)
    GROUP BY cv.kpi_id, cv.period),
own AS (
    SELECT kpi_id, period, max(value) AS value FROM areas_kpivalue
    WHERE area_id = %(area)s GROUP BY kpi_id, period),
target AS (SELECT kpi_id, period, value FROM areas_kpitarget WHERE area_id = %(area)s),
every_period AS (
    SELECT kpi_id, period FROM official UNION SELECT kpi_id, period FROM own
    UNION SELECT kpi_id, period FROM target),
periods AS (  -- the page shows each KPI's latest 24 periods (since 6a53d01)
    SELECT kpi_id, period FROM (
        SELECT kpi_id, period, row_number() OVER (PARTITION BY kpi_id ORDER BY period DESC)
        FROM every_period) numbered
    WHERE row_number <= 24)
SELECT kpi.name, periods.period, coalesce(own.value, official.own), target.value,
    official.england, official.region, round(official.neighbours, 1), official.authorities,
    ex.what
FROM periods JOIN kpi ON kpi.id = periods.kpi_id
LEFT JOIN official USING (kpi_id, period)
LEFT JOIN own USING (kpi_id, period)
LEFT JOIN target USING (kpi_id, period)
LEFT JOIN areas_kpiexception ex ON ex.area_id = %(area)s AND ex.kpi_id = periods.kpi_id
    AND ex.period = periods.period
ORDER BY kpi."order", periods.period
"""

PLAN = """
SELECT w.code, w.title, a.description, a.owner, a.partner, a.due_on, a.status,
    a.due_on < current_date AND a.status NOT IN ('complete', 'closed'),
    u.date, u.text, u.status_after,
    (SELECT string_agg(c.code, ', ' ORDER BY c."order") FROM actions_action_criteria ac
     JOIN frameworks_criterion c ON c.id = ac.criterion_id WHERE ac.action_id = a.id)
FROM actions_improvementplan p
JOIN actions_workstream w ON w.plan_id = p.id
JOIN actions_action a ON a.workstream_id = w.id
LEFT JOIN LATERAL (
    SELECT date, text, status_after FROM actions_progressupdate pu
    WHERE pu.action_id = a.id AND pu.withdrawn_at IS NULL
    ORDER BY date DESC, recorded_at DESC LIMIT 1) u ON true
WHERE p.id = %(plan)s AND p.area_id = %(area)s
ORDER BY w.code, a.due_on, a.id
"""

SCRUTINY = """
SELECT rv.title, rec.number, rec.theme, rec.text, resp.decision, resp.target_date,
    cur.assessment, cur.date,
    resp.target_date < current_date AND resp.decision <> 'not_accepted'
    AND (cur.assessment IS NULL OR cur.assessment NOT IN ('implemented', 'superseded'))
FROM actions_scrutinyreview rv
JOIN actions_recommendation rec ON rec.review_id = rv.id
LEFT JOIN actions_response resp ON resp.recommendation_id = rec.id
LEFT JOIN LATERAL (
    SELECT assessment, date FROM actions_recommendationupdate u
    WHERE u.recommendation_id = rec.id AND u.withdrawn_at IS NULL
    ORDER BY date DESC, recorded_at DESC, id DESC LIMIT 1) cur ON true
WHERE rv.area_id = %(area)s
ORDER BY rv.started_on DESC, rv.title, rec.number
"""

SELF_EVALUATION = """
WITH version AS (
    SELECT id FROM areas_selfevaluationversion WHERE area_id = %(area)s
    ORDER BY number DESC LIMIT 1)
SELECT j.label, p.kind, p.label, p.explanation, p.evidence,
    (SELECT string_agg(c.code, ', ' ORDER BY c."order")
     FROM areas_selfevaluationpoint_criteria pc
     JOIN frameworks_criterion c ON c.id = pc.criterion_id
     WHERE pc.selfevaluationpoint_id = p.id),
    (SELECT string_agg(k.code, ', ') FROM areas_selfevaluationpoint_kpis pk
     JOIN frameworks_kpi k ON k.id = pk.kpi_id WHERE pk.selfevaluationpoint_id = p.id)
FROM version JOIN areas_selfevaluationpoint p ON p.version_id = version.id
JOIN frameworks_judgementarea j ON j.id = p.judgement_area_id
WHERE p.withdrawn_at IS NULL
ORDER BY j."order", p.kind, p."order", p.id
"""

# The readiness report's core: each criterion this month and the month before.
REPORT = """
WITH agreed AS (
    SELECT id, row_number() OVER (ORDER BY month DESC) AS age FROM areas_assessment
    WHERE area_id = %(area)s AND month <= %(month)s ORDER BY month DESC LIMIT 2)
SELECT j.label, c.code, c.text,
    max(l.label) FILTER (WHERE agreed.age = 1), max(l.label) FILTER (WHERE agreed.age = 2),
    max(r.commentary) FILTER (WHERE agreed.age = 1),
    max(r.next_steps) FILTER (WHERE agreed.age = 1)
FROM agreed JOIN areas_rating r ON r.assessment_id = agreed.id
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_judgementarea j ON j.id = c.judgement_area_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
GROUP BY j.label, c.code, c.text, c."order"
ORDER BY c."order"
"""

# The tracker workbook: every month across, and every rating's commentary and next steps.
WORKBOOK = """
SELECT c.code, c.text, array_agg(to_char(a.month, 'Mon YYYY') ORDER BY a.month),
    array_agg(l.label ORDER BY a.month), array_agg(r.commentary ORDER BY a.month),
    array_agg(r.next_steps ORDER BY a.month)
FROM areas_assessment a JOIN areas_rating r ON r.assessment_id = a.id
JOIN frameworks_criterion c ON c.id = r.criterion_id
JOIN frameworks_ratinglevel l ON l.id = r.level_id
WHERE a.area_id = %(area)s
GROUP BY c.id, c.code, c.text, c."order"
ORDER BY c."order"
"""


def membership(request, slug: str):
    """The one membership query every area page makes (the area comes with it)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT m.role, la.id FROM areas_membership m JOIN areas_localarea la"
            " ON la.id = m.area_id WHERE m.user_id = %s AND la.slug = %s",
            [request.user.pk, slug],
        )
        found = cursor.fetchone()
    if found is None:
        raise Http404
    return found


def fetched(sql: str, params: dict) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def spread(rows: list[tuple]) -> list[tuple]:
    """A pivoted row's last cell (a list of months) as cells of its own."""
    return [(*row[:-1], *row[-1]) for row in rows]


def table(sql: str, *, spread_last: bool = False):
    @login_required
    def view(request, area, **url):
        _, area_id = membership(request, area)
        rows = fetched(sql, {"area": area_id, "user": request.user.pk, **url})
        rows = spread(rows) if spread_last else rows
        return HttpResponse(TABLE.render({"rows": rows}, request))

    return view


@login_required
def overview(request):
    rows = fetched(OVERVIEW, {"user": request.user.pk})
    return HttpResponse(TABLE.render({"rows": rows}, request))


@login_required
def month(request, area, month):
    _, area_id = membership(request, area)
    if request.method == "POST":
        return month_save(request, area_id, month)
    rows = fetched(MONTH, {"area": area_id, "month": f"{month}-01"})
    version = rows[0][8] if rows else 0
    return HttpResponse(MONTH_FORM.render({"rows": rows, "version": version}, request))


def month_save(request, area_id: int, month: str):
    data = request.POST
    count = int(data.get("form-TOTAL_FORMS", 0))

    def column(name: str) -> list[str]:
        return [data.get(f"form-{n}-{name}", "").strip() for n in range(count)]

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            MONTH_SAVE,
            {
                "area": area_id,
                "month": f"{month}-01",
                "version": int(data.get("version", -1)),
                "user": request.user.pk,
                "levels": column("level"),
                "commentary": column("commentary"),
                "next_steps": column("next_steps"),
                "evidence": column("evidence"),
            },
        )
    return redirect(request.path)


@login_required
def report(request, area):
    from docx import Document

    _, area_id = membership(request, area)
    rows = fetched(REPORT, {"area": area_id, "month": f"{request.GET['month']}-01"})
    document = Document()
    document.add_heading("SEND inspection readiness", 0)
    grid = document.add_table(rows=0, cols=len(rows[0]) if rows else 1)
    for row in rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = str(value or "")
    return file_response(document.save, "application/vnd.openxmlformats-officedocument.word")


@login_required
def workbook(request, area):
    """With the library the page uses, XlsxWriter, held in memory: the fastest here for
    one workbook (the page writes row by row, slower but lighter on the process)."""
    import xlsxwriter

    _, area_id = membership(request, area)
    rows = fetched(WORKBOOK, {"area": area_id})
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    levels, notes = book.add_worksheet("Tracker"), book.add_worksheet("Commentary")
    line = 0
    for index, (code, text, months, labels, said, next_steps) in enumerate(rows):
        levels.write_row(index, 0, [code, text, *labels])
        for cells in zip(months, labels, said, next_steps, strict=True):
            notes.write_row(line, 0, [code, text, *cells])
            line += 1
    book.close()
    return HttpResponse(buffer.getvalue(), content_type="application/vnd.openxmlformats-sheet")


def file_response(save, content_type: str) -> HttpResponse:
    buffer = io.BytesIO()
    save(buffer)
    return HttpResponse(buffer.getvalue(), content_type=content_type)


AREA = "floor/areas/<slug:area>"

urlpatterns = [
    path("floor/", overview),
    path(f"{AREA}/", table(DASHBOARD)),
    path(f"{AREA}/tracker/", table(TRACKER, spread_last=True)),
    path(f"{AREA}/criteria/<str:code>/", table(CRITERION)),
    path(f"{AREA}/months/<str:month>/", month),
    path(f"{AREA}/kpis/", table(KPIS)),
    path(f"{AREA}/plans/<int:plan>/", table(PLAN)),
    path(f"{AREA}/scrutiny/", table(SCRUTINY)),
    path(f"{AREA}/self-evaluation/", table(SELF_EVALUATION)),
    path(f"{AREA}/papers/readiness/", report),
    path(f"{AREA}/tracker.xlsx", workbook),
    *app_urlpatterns,
]
