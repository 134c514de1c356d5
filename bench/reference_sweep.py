"""The sweep's reference (issue 9, section 6): the SQL a database engineer would write by hand for
the effect of ``mandate.tasks.services.escalation.sweep`` on one day, its answer, and the check
that it is the application's.

The application runs each step of the sweep as its own statements over the step's condition
(``escalation._act``: the timeline rows, the notices, then the UPDATE), so the open tasks are
scanned once per step and a task that two steps touch is written twice. By hand, every step's
condition is a column of one scan of the tasks, and the writes hang off that scan:

1. **One statement for the tasks, their timeline and their notices.** One scan of
   ``tasks_task`` (every open task, and the ones carrying a mark to clear), the report window's
   task ids hashed and LEFT JOINed once (as ``recent_reports`` does for the counts), gives each
   task the flags of every step; the tasks that any step touches are kept (``flagged``,
   materialised: 47,000 of the 600,000 scanned at 1M), and only those are joined to the heads of
   their units (read once for every step, one row per unit) and to the lead person's account.
   One ``UPDATE … FROM`` joined back by ``ctid`` (a TID scan of the kept rows: no second scan of
   the table, no index probe; the rows in their physical order, so that each page is dirtied
   once: in the order of the unit joins the UPDATE took 7.6 s, sorted 3.8 s, at 1M in two
   loaded runs) sets or clears both marks, the three reminders, the count after
   the deadline and the escalation in one new row version per task (the application writes a
   task once per step that touches it, and each later write of a row written in the same
   transaction re-checks its five foreign keys). ``RETURNING`` hands the touched tasks to two
   ``INSERT … SELECT`` of the same statement (data-modifying CTEs): the timeline rows, and the
   notices to the active heads of the unit on the day and to the lead person's active account
   (``notifications.notify_from_query``'s recipients; a recipient named twice for one row gets
   one notice, as there, by the partial unique key's ``ON CONFLICT DO NOTHING``, which also
   drops a notice given earlier with the same dedupe key). The escalation counts the reminder of
   the same run (it follows it in the application).
2. **Today's counts for every unit** (``rollups.refresh_all``): the advisory lock the
   application takes, a grouped count of all tasks with the report window joined (a parallel
   scan; the counts read no column the sweep writes), the rows replaced, the state row upserted.
   The count is a SELECT of its own, its rows written by a second statement from arrays, as the
   application's ``bulk_create`` does: PostgreSQL plans no parallel scan for a statement that
   writes, and one ``INSERT … SELECT`` of the counts took 0.9–1.4 s longer at 1M than the two
   (3.7–4.8 s against 2.8–3.4 s, three alternations on the loaded host). The count is the
   application's own plan: a covering index-only scan grouped by the lead path was no faster
   (the report window's hash join and the twelve counts, not the scan, take the time).

Under concurrent writes the ``ctid`` join skips a task another transaction changed after the
statement began (its row version is gone), where the application's UPDATEs re-check their
conditions on the new version: the next run (the sweep runs hourly) takes it. The benchmark runs
it alone.

The audit entry is left out (one single-row INSERT whose keyed hash is computed in Python; the
replay keeps it, less its row in the sequencer's queue). What the reference is given, as the
application has it before its first statement: the day and the dates the working-day calendar
gives (``mandate.core.workdays``, a Python calendar of the holidays), the report window's
instants, and the texts of the timeline rows and the notices (the default language's). Every
value is a parameter; no text is interpolated but the fixed SQL below.

The answer (``state_after``), read inside each one's rolled-back transaction, after it: the ids
each step touched (the application's ``SweepResult.touched``), the new timeline rows and notices
(per kind, and a hash of their sorted contents but the ids and times), the roll-up rows (a hash
of the sorted rows but their ids, and the state row's day) and a hash of every task's sweep
columns (so that the marks cleared, which the application does not return, are compared too).
"""

# ruff: noqa: S608  (the SQL is written here by hand: fixed text, every value a parameter)

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Sequence
from typing import Any

from bench.reference_sql import COUNT_NAMES
from bench.report import Outcome

OPEN = "('assigned', 'in_progress', 'reported', 'returned')"
STEPS = ("overdue", "not_updated", "reminded_before", "reminded_due", "reminded_after", "escalated")
# The tag of each reminding step (reminded before, on and after the deadline, escalated) in the
# notices' dedupe keys: ``escalation.sweep``'s.
TAGS = ("before", "due", "overdue", "escalated")


def _texts() -> dict[str, dict[str, Any]]:
    """Each reminding step's timeline row and notice (``escalation.sweep``'s texts; the notice's
    title is its message in the default language, ``notifications._text``)."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext as _

    from mandate.notifications import messages
    from mandate.notifications.enums import NotificationKind
    from mandate.tasks.enums import EventKind
    from mandate.tasks.services.escalation import REMIND_BEFORE_WORKING_DAYS

    steps = {
        "before": (EventKind.REMINDER, _("Reminder: the deadline is near."), NotificationKind.REMINDER_BEFORE,
                   "Deadline in %(n)s working days or less", {"n": REMIND_BEFORE_WORKING_DAYS}),
        "due": (EventKind.REMINDER, _("Reminder: the deadline is today."), NotificationKind.REMINDER_DUE,
                "The deadline is today", {}),
        "overdue": (EventKind.REMINDER, _("Reminder: the task is overdue."),
                    NotificationKind.REMINDER_OVERDUE, "Overdue task", {}),
        "escalated": (EventKind.ESCALATED, _("Escalated to the head of the assigning unit."),
                      NotificationKind.ESCALATION, "Escalated: overdue after three reminders", {}),
    }  # fmt: skip
    texts = {}
    for tag, (event, text, kind, message, params) in steps.items():
        frozen = messages.freeze(params)
        with translation.override(settings.LANGUAGE_CODE):
            title = messages.render(message, frozen, fallback=message)
        texts[tag] = {"tag": tag, "event": str(event), "text": text, "kind": str(kind), "title": title[:300],
                      "message": message, "params": json.dumps(frozen)}  # fmt: skip
    return texts


def parameters(day: dt.date) -> dict[str, Any]:
    """The values the statements are given (see the module docstring)."""
    from django.utils import timezone

    from mandate.core.locks import lock_key
    from mandate.core.workdays import add_working_days, is_working_day
    from mandate.tasks import states
    from mandate.tasks.selectors import NOT_UPDATED_DAYS
    from mandate.tasks.services import escalation

    start, end = states.report_window(day, NOT_UPDATED_DAYS)
    working = is_working_day(day)
    params: dict[str, Any] = {
        "on": day,
        "day_text": day.isoformat(),
        "past": day < timezone.localdate(),  # "completed" on a past day also reads accepted_on
        "from": day - dt.timedelta(days=NOT_UPDATED_DAYS - 1),
        "start": start,
        "end": end,
        "before_until": add_working_days(day, escalation.REMIND_BEFORE_WORKING_DAYS),
        "remind_after": working,
        "cycle_start": escalation.working_days_back(day, escalation.REMIND_EVERY_WORKING_DAYS)
        if working
        else day,
        "escalate_after": escalation.ESCALATE_AFTER_REMINDERS,
        "body_length": escalation.BODY_MAX_LENGTH,
        "now": timezone.now(),
        "lock": lock_key("task-rollup-all"),
    }
    for tag, text in _texts().items():
        params.update({f"{tag}_{name}": value for name, value in text.items()})
    return params


_TEXTS_VALUES = ",\n            ".join(
    f"(%({tag}_tag)s::text, %({tag}_event)s::text, %({tag}_text)s::text, %({tag}_kind)s::text, "
    f"%({tag}_title)s::text, %({tag}_message)s::text, %({tag}_params)s::jsonb)"
    for tag in TAGS
)

# The tasks, their timeline rows and their notices: one scan, one UPDATE, two INSERTs.
TASKS_SQL = f"""
WITH reported AS (
    SELECT DISTINCT task_id FROM tasks_progressreport
    WHERE reported_at >= %(start)s AND reported_at < %(end)s
), scanned AS (
    SELECT t.ctid AS row_id, t.overdue_since, t.not_updated_since, t.reminders_after_deadline,
        t.lead_unit_id, t.assigner_unit_id, t.lead_person_id,
        t.kind = 'deadline' AND t.status IN {OPEN} AND t.deadline_on < %(on)s AS overdue,
        t.status IN {OPEN} AND t.assigned_on < %(from)s AND r.task_id IS NULL AS stale,
        t.kind = 'deadline' AND t.status IN {OPEN} AND t.deadline_on > %(on)s
            AND t.deadline_on <= %(before_until)s AND t.reminded_before_on IS NULL AS before,
        t.kind = 'deadline' AND t.status IN {OPEN} AND t.deadline_on = %(on)s
            AND t.reminded_due_on IS NULL AS due,
        %(remind_after)s AND t.kind = 'deadline' AND t.status IN {OPEN} AND t.deadline_on < %(on)s
            AND t.deadline_on <= %(cycle_start)s
            AND (t.last_reminder_on IS NULL OR t.last_reminder_on <= %(cycle_start)s) AS after,
        t.escalated_on IS NULL AS unescalated
    FROM tasks_task t LEFT JOIN reported r ON r.task_id = t.id
    WHERE t.status IN {OPEN} OR t.overdue_since IS NOT NULL OR t.not_updated_since IS NOT NULL
), flagged AS MATERIALIZED (
    SELECT * FROM (
        SELECT s.*, s.overdue AND s.unescalated
            AND s.reminders_after_deadline + s.after::int >= %(escalate_after)s AS escalate
        FROM scanned s
    ) f
    WHERE f.overdue <> (f.overdue_since IS NOT NULL) OR f.stale <> (f.not_updated_since IS NOT NULL)
        OR f.before OR f.due OR f.after OR f.escalate
), heads AS (
    SELECT p.unit_id, array_agg(n.user_id) AS users
    FROM people_position p
    JOIN people_person n ON n.id = p.person_id
    JOIN people_user u ON u.id = n.user_id AND u.is_active
    WHERE p.is_head AND p.valid_from <= %(on)s AND (p.valid_to IS NULL OR p.valid_to >= %(on)s)
    GROUP BY p.unit_id
), targets AS MATERIALIZED (
    SELECT f.row_id, f.overdue, f.overdue_since, f.stale, f.not_updated_since, f.before, f.due, f.after,
        f.escalate,
        coalesce(lead.users, '{{}}') || ARRAY(
            SELECT n.user_id FROM people_person n JOIN people_user u ON u.id = n.user_id
            WHERE n.id = f.lead_person_id AND u.is_active AND (f.before OR f.due OR f.after)
        ) AS lead_side,
        coalesce(assigner.users, '{{}}') AS assigner_side
    FROM flagged f
    LEFT JOIN heads lead ON lead.unit_id = f.lead_unit_id
    LEFT JOIN heads assigner ON assigner.unit_id = f.assigner_unit_id
    ORDER BY f.row_id
), changed AS (
    UPDATE tasks_task t SET
        overdue_since = CASE WHEN x.overdue THEN coalesce(t.overdue_since, %(on)s) END,
        not_updated_since = CASE WHEN x.stale THEN coalesce(t.not_updated_since, %(on)s) END,
        reminded_before_on = CASE WHEN x.before THEN %(on)s ELSE t.reminded_before_on END,
        reminded_due_on = CASE WHEN x.due THEN %(on)s ELSE t.reminded_due_on END,
        reminders_after_deadline = t.reminders_after_deadline + x.after::int,
        last_reminder_on = CASE WHEN x.after THEN %(on)s ELSE t.last_reminder_on END,
        escalated_on = CASE WHEN x.escalate THEN %(on)s ELSE t.escalated_on END
    FROM targets x
    WHERE t.ctid = x.row_id AND t.ctid = ANY (ARRAY(SELECT row_id FROM flagged))
    RETURNING t.id, t.lead_unit_id, t.assigner_unit_id, t.content, x.lead_side, x.assigner_side,
        x.overdue AND x.overdue_since IS NULL AS marked_overdue,
        x.stale AND x.not_updated_since IS NULL AS marked_stale,
        x.before, x.due, x.after, x.escalate
), acts AS (
    SELECT id, lead_unit_id AS unit_id, lead_side AS recipients, content, 'before' AS tag
    FROM changed WHERE before
    UNION ALL SELECT id, lead_unit_id, lead_side, content, 'due' FROM changed WHERE due
    UNION ALL SELECT id, lead_unit_id, lead_side, content, 'overdue' FROM changed WHERE after
    UNION ALL SELECT id, assigner_unit_id, assigner_side, content, 'escalated' FROM changed WHERE escalate
), texts (tag, event, text, kind, title, message, params) AS (
    VALUES {_TEXTS_VALUES}
), events AS (
    INSERT INTO tasks_taskevent (task_id, kind, from_status, to_status, actor_id, actor_label, at, text, data)
    SELECT a.id, x.event, '', '', NULL, 'system', %(now)s, x.text, '{{}}'::jsonb
    FROM acts a JOIN texts x ON x.tag = a.tag
    RETURNING 1
), notices AS (
    INSERT INTO notifications_notification (recipient_id, unit_id, kind, title, message, params, body,
        target_type, target_id, url, created_at, read_at, emailed_on, dedupe_key)
    SELECT r.recipient, a.unit_id, x.kind, x.title, x.message, x.params, left(a.content, %(body_length)s),
        'tasks.task', a.id::text, '/tasks/' || a.id || '/', %(now)s, NULL, NULL,
        'task:' || a.id || ':' || a.tag || ':' || %(day_text)s
    FROM acts a CROSS JOIN LATERAL unnest(a.recipients) r (recipient) JOIN texts x ON x.tag = a.tag
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT
    coalesce(array_agg(id ORDER BY id) FILTER (WHERE marked_overdue), '{{}}') AS overdue,
    coalesce(array_agg(id ORDER BY id) FILTER (WHERE marked_stale), '{{}}') AS not_updated,
    coalesce(array_agg(id ORDER BY id) FILTER (WHERE before), '{{}}') AS reminded_before,
    coalesce(array_agg(id ORDER BY id) FILTER (WHERE due), '{{}}') AS reminded_due,
    coalesce(array_agg(id ORDER BY id) FILTER (WHERE after), '{{}}') AS reminded_after,
    coalesce(array_agg(id ORDER BY id) FILTER (WHERE escalate), '{{}}') AS escalated,
    (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM notices) AS notices
FROM changed
"""

# "Completed" on the day: accepted (and, for a past day, accepted by then: states.completed).
_DONE = "(t.status = 'accepted' AND (NOT %(past)s OR t.accepted_on <= %(on)s))"
_STALE = f"NOT {_DONE} AND t.assigned_on < %(from)s AND r.task_id IS NULL"
_COUNTS = {
    "total": "t.kind = 'deadline'",
    "completed": f"t.kind = 'deadline' AND {_DONE}",
    "completed_on_time": f"t.kind = 'deadline' AND {_DONE} AND t.done_reported_on <= t.deadline_on",
    "completed_late": f"t.kind = 'deadline' AND {_DONE} AND t.done_reported_on > t.deadline_on",
    "in_progress": f"t.kind = 'deadline' AND NOT {_DONE} AND t.deadline_on >= %(on)s",
    "overdue": f"t.kind = 'deadline' AND NOT {_DONE} AND t.deadline_on < %(on)s",
    "due": "t.kind = 'deadline' AND t.deadline_on <= %(on)s",
    "completed_of_due": f"t.kind = 'deadline' AND t.deadline_on <= %(on)s AND {_DONE}",
    "due_today": f"t.kind = 'deadline' AND NOT {_DONE} AND t.deadline_on = %(on)s",
    "not_updated": f"t.kind = 'deadline' AND {_STALE}",
    "regular_total": "t.kind = 'regular'",
    "regular_not_updated": f"t.kind = 'regular' AND {_STALE}",
}
assert tuple(_COUNTS) == COUNT_NAMES

# Today's counts of every unit (lead unit, top level or not) over the tasks that exist on the day.
COUNT_SQL = f"""
SELECT array_agg(g.unit), array_agg(u.path), array_agg(g.top_level),
    {", ".join(f"array_agg(g.{name})" for name in COUNT_NAMES)}
FROM (
    SELECT t.lead_unit_id AS unit, t.parent_id IS NULL AS top_level,
        {", ".join(f"count(*) FILTER (WHERE {condition}) AS {name}" for name, condition in _COUNTS.items())}
    FROM tasks_task t
    LEFT JOIN (SELECT DISTINCT task_id FROM tasks_progressreport
               WHERE reported_at >= %(start)s AND reported_at < %(end)s) r ON r.task_id = t.id
    WHERE t.assigned_on <= %(on)s AND (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s)
    GROUP BY 1, 2
) g JOIN organisations_orgunit u ON u.id = g.unit
"""
ROLLUP_COLUMNS = ("unit_id", "unit_path", "top_level", *COUNT_NAMES)
_ARRAY_TYPES = ("bigint", "text", "boolean", *["integer"] * len(COUNT_NAMES))
WRITE_ROLLUPS_SQL = f"""
INSERT INTO tasks_taskrollup (day, {", ".join(ROLLUP_COLUMNS)})
SELECT %(on)s, * FROM unnest({", ".join(f"%(c{i})s::{kind}[]" for i, kind in enumerate(_ARRAY_TYPES))})
"""
STATE_SQL = """
INSERT INTO tasks_taskrollupstate (id, day) VALUES (1, %(on)s)
ON CONFLICT (id) DO UPDATE SET day = excluded.day
"""


def run(day: dt.date) -> tuple[dict[str, list[int]], dict[str, Any], float]:
    """The reference, executed on Django's connection (inside the caller's transaction, to be
    rolled back): the touched ids per step, the counts it returned, and its wall time in ms."""
    from django.db import connection

    params = parameters(day)
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(TASKS_SQL, params)
        row = cursor.fetchone()
        assert row is not None
        cursor.execute("SELECT pg_advisory_xact_lock(%(lock)s)", params)
        cursor.execute(COUNT_SQL, params)
        counted = cursor.fetchone()
        assert counted is not None
        cursor.execute("DELETE FROM tasks_taskrollup")
        arrays = {f"c{i}": list(values or []) for i, values in enumerate(counted)}
        cursor.execute(WRITE_ROLLUPS_SQL, {**params, **arrays})
        cursor.execute(STATE_SQL, params)
    wall = (time.perf_counter() - started) * 1000
    touched = {step: sorted(ids) for step, ids in zip(STEPS, row[: len(STEPS)], strict=True)}
    return touched, {"events": row[-2], "notices": row[-1], "rollups": len(arrays["c0"])}, wall


_TIME = re.compile(r"^(Planning|Execution) Time: ([0-9.]+) ms$")


def explain(day: dt.date) -> tuple[float, str]:
    """The reference once more under ``EXPLAIN (ANALYZE)`` (inside the caller's transaction, to
    be rolled back): the sum of planning and execution times, as the replay is measured, and
    the plans. The roll-up rows are written from the counts this run read."""
    from django.db import connection

    params = parameters(day)
    total, lines = 0.0, []
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

        def explained(number: int, sql: str, values: dict[str, Any]) -> None:
            nonlocal total
            lines.append(f"-- sweep reference statement {number}\n{cursor.mogrify(sql, values)}\n")
            cursor.execute("EXPLAIN (ANALYZE) " + sql, values)
            for (line,) in cursor.fetchall():
                lines.append(str(line))
                found = _TIME.match(str(line).strip())
                if found:
                    total += float(found.group(2))
            lines.append("")

        explained(1, TASKS_SQL, params)
        explained(2, "SELECT pg_advisory_xact_lock(%(lock)s)", params)
        cursor.execute(COUNT_SQL, params)  # for the rows the INSERT writes; timed just below
        counted = cursor.fetchone()
        assert counted is not None
        explained(3, COUNT_SQL, params)
        explained(4, "DELETE FROM tasks_taskrollup", {})
        arrays = {f"c{i}": list(values or []) for i, values in enumerate(counted)}
        explained(5, WRITE_ROLLUPS_SQL, {**params, **arrays})
        explained(6, STATE_SQL, params)
    return total, "\n".join(lines)


# --- the answer -----------------------------------------------------------------------------------


def marks() -> dict[str, int]:
    """The last timeline row and notice before a run: the run's own come after them."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT coalesce(max(id), 0) FROM tasks_taskevent), "
            "(SELECT coalesce(max(id), 0) FROM notifications_notification)"
        )
        row = cursor.fetchone()
        assert row is not None
    return {"event": int(row[0]), "notice": int(row[1])}


_EVENT_ROW = "concat_ws('|', task_id, kind, from_status, to_status, actor_id, actor_label, text, data::text)"
_NOTICE_ROW = (
    "concat_ws('|', recipient_id, unit_id, kind, title, message, params::text, body, target_type, "
    "target_id, url, read_at, emailed_on, dedupe_key)"
)
_ROLLUP_ROW = f"concat_ws('|', unit_id, unit_path, top_level, day, {', '.join(COUNT_NAMES)})"
_TASK_ROW = (
    "concat_ws('|', id, overdue_since, not_updated_since, reminded_before_on, reminded_due_on, "
    "reminders_after_deadline, last_reminder_on, escalated_on)"
)


def state_after(before: dict[str, int], touched: dict[str, list[int]]) -> dict[str, Any]:
    """What a sweep did, read in its transaction after it (see the module docstring)."""
    import hashlib

    from django.db import connection

    def one(cursor: Any, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...]:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        assert row is not None
        return tuple(row)

    answer: dict[str, Any] = {
        "touched": {step: len(ids) for step, ids in touched.items()},
        "touched_sha256": hashlib.sha256(json.dumps(touched, sort_keys=True).encode()).hexdigest(),
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT kind, text, count(*) FROM tasks_taskevent WHERE id > %s GROUP BY 1, 2 ORDER BY 1, 2",
            [before["event"]],
        )
        answer["events"] = [list(r) for r in cursor.fetchall()]
        answer["events_md5"] = one(
            cursor,
            f"SELECT md5(string_agg({_EVENT_ROW}, E'\\n' ORDER BY {_EVENT_ROW})) "
            "FROM tasks_taskevent WHERE id > %s",
            [before["event"]],
        )[0]
        cursor.execute(
            "SELECT kind, count(*) FROM notifications_notification WHERE id > %s GROUP BY 1 ORDER BY 1",
            [before["notice"]],
        )
        answer["notices"] = [list(r) for r in cursor.fetchall()]
        answer["notices_md5"] = one(
            cursor,
            f"SELECT md5(string_agg({_NOTICE_ROW}, E'\\n' ORDER BY recipient_id, dedupe_key)) "
            "FROM notifications_notification WHERE id > %s",
            [before["notice"]],
        )[0]
        rollups = one(
            cursor,
            f"SELECT count(*), md5(string_agg({_ROLLUP_ROW}, E'\\n' ORDER BY unit_id, top_level)), "
            "(SELECT day FROM tasks_taskrollupstate WHERE id = 1) FROM tasks_taskrollup",
        )
        answer["rollups"] = {"rows": rollups[0], "md5": rollups[1], "day": str(rollups[2])}
        tasks = one(
            cursor, f"SELECT count(*), sum(hashtextextended({_TASK_ROW}, 0)::numeric) FROM tasks_task"
        )
        answer["task_marks"] = {"rows": tasks[0], "hash_sum": str(tasks[1])}
    return answer


def differences(app: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    """What differs, by key (app, reference); empty when the answers are the same."""
    keys = sorted(set(app) | set(reference))
    return {k: (app.get(k), reference.get(k)) for k in keys if app.get(k) != reference.get(k)}


def measure(outcome: Outcome, day: dt.date, app_answer: dict[str, Any]) -> str:
    """Run the reference twice, each time in a rolled-back transaction: under ``EXPLAIN ANALYZE``
    for its time (straight after the replay, so that the two meet the same load), then executed
    for its answer and its wall time. Record both on the sweep's row; return its plans. A
    reference that does not do what the application did FAILs the row."""
    from bench.measure import rolled_back

    def answered() -> tuple[dict[str, Any], dict[str, Any], float]:
        before = marks()
        touched, returned, wall = run(day)
        return state_after(before, touched), returned, wall

    try:
        total, text = rolled_back(lambda: explain(day))
        answer, returned, wall = rolled_back(answered)
    except Exception as error:  # a broken reference is no reference: the row FAILs, the run goes on
        outcome.reference_same = False
        outcome.notes.append(f"reference failed: {type(error).__name__}: {error}")
        return ""
    outcome.reference_ms = round(total, 1)
    outcome.detail["reference_wall_ms"] = round(wall, 1)
    outcome.detail["reference_returned"] = returned
    outcome.detail["app_answer"] = app_answer
    wrong = differences(app_answer, answer)
    outcome.reference_same = not wrong
    if wrong:
        outcome.detail["reference_answer"] = answer
        outcome.notes.append(f"reference differs (app, reference): {str(wrong)[:400]}")
    else:
        outcome.notes.append("reference answer = app answer (touched ids, timeline, notices, roll-ups)")
    return text
