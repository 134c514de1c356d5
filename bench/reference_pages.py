"""The reference SQL of the two pages (``page_my_work``, ``page_dashboard``): what a database
engineer would write for the numbers and rows each page shows (see ``bench.reference_sql``).

The pages' session, account and notice-count look-ups (a primary-key probe each) are the
framework's, not the question's: left out of the reference as of the replay's comparison.
"""

# ruff: noqa: S608  (the SQL is written here by hand: fixed text, every value a parameter)

from __future__ import annotations

import datetime as dt

from bench.reference_sql import (
    _ROW,
    _ROW_JOINS,
    _VISIBLE,
    COUNT_NAMES,
    Day,
    Reader,
    Statement,
    page_of,
    upper,
)

DUE_SOON_DAYS = 7  # tasks.my_work
MONTHS = 12  # tasks.dashboard

_EXISTS_ON = "t.assigned_on <= %(on)s AND (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s)"
_OPEN = "t.status IN ('assigned', 'in_progress', 'reported', 'returned')"
_STALE = """t.status <> 'accepted' AND t.assigned_on < %(from)s AND NOT EXISTS (
    SELECT 1 FROM tasks_progressreport r
    WHERE r.task_id = t.id AND r.reported_at >= %(start)s AND r.reported_at < %(end)s)"""

# My work's groups (ADR 0026) of the tasks the reader leads (his units as lead unit, or his person
# as lead person; today an open task is one not completed): counted in one pass over those tasks.
_HELD = "t.status IN ('assigned', 'in_progress', 'reported')"
MY_WORK_GROUPS = {
    # Not started, not opened by him, and his: named to him, or his unit's with nobody named.
    "new": "t.status = 'assigned' AND (t.lead_person_id = %(person)s OR (t.lead_person_id IS NULL "
    "AND t.lead_path = ANY(%(acting)s))) AND NOT EXISTS (SELECT 1 FROM tasks_taskseen s "
    "WHERE s.user_id = %(user)s AND s.task_id = t.id)",
    # In progress after a rework event with no reopening since (``taskevent_rework_idx``).
    "rework": "t.status = 'in_progress' AND EXISTS (SELECT 1 FROM tasks_taskevent e WHERE e.task_id = t.id "
    "AND e.kind = 'rework' AND NOT EXISTS (SELECT 1 FROM tasks_taskevent o WHERE o.task_id = t.id "
    "AND o.kind = 'reopened' AND o.at > e.at))",
    "overdue": f"{_OPEN} AND t.kind = 'deadline' AND t.deadline_on < %(on)s AND {_EXISTS_ON}",
    "due_soon": f"{_OPEN} AND t.kind = 'deadline' AND t.deadline_on >= %(on)s AND t.deadline_on <= %(soon)s "
    f"AND {_EXISTS_ON}",
    "not_updated": f"{_OPEN} AND t.kind = 'deadline' AND {_EXISTS_ON} AND {_STALE}",
    "regular_due": f"t.kind = 'regular' AND t.status IN ('assigned', 'in_progress') AND {_EXISTS_ON} "
    "AND NOT EXISTS (SELECT 1 FROM tasks_progressreport r WHERE r.task_id = t.id "
    "AND r.reported_at >= %(month)s)",
    "led": _HELD,
}
_LED = "(t.lead_path = ANY(%(acting)s) OR t.lead_person_id = %(person)s)"
# Awaiting his decision: the settling move's side and role (``tasks.policy``): accepting a task
# reported done needs a leading role, reassigning a returned one an assigning role.
_DECIDING = (
    "((t.status = 'reported' AND t.assigner_path = ANY(%(leading)s)) "
    "OR (t.status = 'returned' AND t.assigner_path = ANY(%(assigning)s)))"
)
_REQUESTED = (
    "EXISTS (SELECT 1 FROM tasks_extensionrequest e WHERE e.task_id = t.id AND e.status = 'pending') "
    "AND t.status NOT IN ('accepted', 'cancelled') AND t.assigner_path = ANY(%(leading)s)"
)
_COORDINATED = (
    f"{_HELD} AND EXISTS (SELECT 1 FROM tasks_taskcoordinator c WHERE c.task_id = t.id "
    "AND c.unit_path = ANY(%(acting)s))"
)


def _following(reader: Reader) -> tuple[str, dict[str, list[str]]]:
    """Assigned by his side, waiting for the other: assigned or in progress where he assigns;
    reported too where he assigns but may not accept (his leader does). One branch per set of
    units, the empty one left out (``task_open_assigner_idx``)."""
    accepting = [p for p in reader.assigning if p in reader.leading]
    other = [p for p in reader.assigning if p not in reader.leading]
    branches = []
    if accepting:
        branches.append(
            "(t.assigner_path = ANY(%(follow_accepting)s) AND t.status IN ('assigned', 'in_progress'))"
        )
    if other:
        branches.append(f"(t.assigner_path = ANY(%(follow_other)s) AND {_HELD})")
    condition = f"({' OR '.join(branches)})" if branches else "false"
    return condition, {"follow_accepting": accepting, "follow_other": other}


def my_work(*, reader: Reader, day: Day, rows: int) -> list[Statement]:
    """My work (ADR 0026's ten groups): the seven groups of the tasks he leads (his units as lead
    unit, or his person as lead person) counted in ONE pass over those tasks
    (``task_lead_path_status_idx`` and ``task_lead_person_status_idx``, OR-ed as a bitmap), then
    each group's first rows in deadline order; "awaiting my decision" — the reported or returned
    tasks whose settling move he may make (``task_awaiting_idx``), with the pending extension
    requests of the units he leads — counted and paged as one UNION ALL; the tasks his units
    coordinate (``coordinator_path_idx``); and the tasks his side assigned that wait for the other
    side (``task_open_assigner_idx``; the visibility condition left out when every unit he assigns
    for lies in his scope, as the application checks). Rows are looked up after the LIMIT."""
    following, follow_params = _following(reader)
    params = {
        "on": day.on, "from": day.window_from, "start": day.start, "end": day.end,
        "soon": day.on + dt.timedelta(days=DUE_SOON_DAYS), "month": day.month_start,
        "acting": reader.acting, "person": reader.person_id, "scope": reader.scope, "user": reader.user_id,
        "assigning": reader.assigning, "leading": reader.leading, "rows": rows, **follow_params,
    }  # fmt: skip
    counts = ", ".join(f"count(*) FILTER (WHERE {condition})" for condition in MY_WORK_GROUPS.values())
    statements: list[Statement] = [(f"SELECT {counts} FROM tasks_task t WHERE {_LED} AND {_VISIBLE}", params)]
    halves = (f"{_DECIDING} AND {_VISIBLE}", f"{_REQUESTED} AND NOT {_DECIDING} AND {_VISIBLE}")
    count = " + ".join(f"(SELECT count(*) FROM tasks_task t WHERE {half})" for half in halves)
    firsts = " UNION ALL ".join(
        f"(SELECT t.id, t.deadline_on FROM tasks_task t WHERE {half} ORDER BY t.deadline_on, t.id "
        "LIMIT %(rows)s)"
        for half in halves
    )
    statements.append((f"SELECT {count}", params))
    statements.append(
        (
            f"SELECT {_ROW} FROM tasks_task t {_ROW_JOINS} WHERE t.id IN (SELECT id FROM ({firsts}) f "
            "ORDER BY deadline_on, id LIMIT %(rows)s) ORDER BY t.deadline_on, t.id",
            params,
        )
    )
    for condition in MY_WORK_GROUPS.values():
        statements.append((page_of(f"{_LED} AND {condition} AND {_VISIBLE}"), params))
    in_scope = all(any(p.startswith(prefix) for prefix in reader.scope) for p in reader.assigning)
    for condition in (
        f"{_COORDINATED} AND {_VISIBLE}",
        following if in_scope else f"{following} AND {_VISIBLE}",
    ):
        statements.append((f"SELECT count(*) FROM tasks_task t WHERE {condition}", params))
        statements.append((page_of(condition), params))
    return statements


_NO_STALE = [name for name in COUNT_NAMES if name not in ("not_updated", "regular_not_updated")]


def month_ends(on: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The last ``MONTHS`` months up to ``on``: (first day, last day counted); the month of ``on``
    ends on ``on`` (as ``tasks.dashboard.months``)."""
    months: list[tuple[dt.date, dt.date]] = []
    first, end = on.replace(day=1), on
    for _i in range(MONTHS):
        months.append((first, end))
        end = first - dt.timedelta(days=1)
        first = end.replace(day=1)
    return months[::-1]


def dashboard(*, prefix: str, unit_id: int, reader: Reader, day: Day, rows: int) -> list[Statement]:
    """The unit dashboard, today: the subtree's counts and the counts per child branch, both from
    the roll-up rows (``rollup_unit_path_idx``; the cache is exact today, checked in the first
    statement — the application counts the branches live over the tasks instead); the twelve
    months' completions and overdue tasks from the spans of the year (one index-only range of
    ``span_path_from_idx``, deadline spans only); the first rows of the overdue and not-updated
    top-level tasks (``task_open_path_deadline_idx``, as the list)."""
    cut = len(prefix) + 4  # OrgUnit.steplen
    params = {
        "on": day.on, "from": day.window_from, "start": day.start, "end": day.end,
        "lo": prefix, "hi": upper(prefix), "cut": cut, "unit": unit_id, "scope": reader.scope, "rows": rows,
    }  # fmt: skip
    sums = ", ".join(f"sum(r.{name})::int" for name in COUNT_NAMES)
    branch_sums = ", ".join(f"sum(r.{name})::int" for name in _NO_STALE)
    months = month_ends(day.on)
    month_counts = []
    for index, (first, end) in enumerate(months):
        params[f"f{index}"], params[f"e{index}"] = first, end
        in_force = f"s.valid_from <= %(e{index})s AND (s.valid_to IS NULL OR s.valid_to > %(e{index})s)"
        month_counts.append(
            f"count(*) FILTER (WHERE {in_force} AND s.accepted_on <= %(e{index})s "
            f"AND s.accepted_on >= %(f{index})s)"
        )
        month_counts.append(
            f"count(*) FILTER (WHERE {in_force} AND s.deadline_on < %(e{index})s "
            f"AND NOT coalesce(s.accepted_on <= %(e{index})s, false))"
        )
    exact = (
        "EXISTS (SELECT 1 FROM tasks_taskrollupstate s WHERE s.id = 1 AND s.day = %(on)s) "
        "AND NOT EXISTS (SELECT 1 FROM tasks_taskrollup x WHERE x.day <> %(on)s)"
    )
    in_subtree = "t.lead_path >= %(lo)s AND t.lead_path < %(hi)s AND t.parent_id IS NULL"
    open_deadline = f"{in_subtree} AND {_OPEN} AND t.kind = 'deadline' AND {_EXISTS_ON}"
    return [
        (
            f"SELECT {exact}, {sums} FROM tasks_taskrollup r "
            "WHERE r.unit_path >= %(lo)s AND r.unit_path < %(hi)s AND r.top_level",
            params,
        ),
        (
            f"SELECT substr(r.unit_path, 1, %(cut)s), {branch_sums} FROM tasks_taskrollup r "
            "WHERE r.unit_path >= %(lo)s AND r.unit_path < %(hi)s AND r.top_level GROUP BY 1",
            params,
        ),
        (
            f"SELECT {', '.join(month_counts)} FROM tasks_taskstatespan s "
            "WHERE s.lead_path >= %(lo)s AND s.lead_path < %(hi)s AND s.top_level AND s.kind = 'deadline' "
            "AND s.superseded_by_id IS NULL AND s.valid_from <= %(on)s "
            "AND (s.valid_to IS NULL OR s.valid_to > %(e0)s)",
            params,
        ),
        (page_of(f"{open_deadline} AND t.deadline_on < %(on)s"), params),
        (page_of(f"{open_deadline} AND {_STALE}"), params),
    ]
