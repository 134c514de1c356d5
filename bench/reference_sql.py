"""The reference answers: for each question, the SQL a database engineer would write by hand for
the same answer (issue 9, section 6).

The replay of the application's own statements (``raw`` in the table) shows only what the ORM
adds on top of its own plan; it cannot show a bad plan. Each function here returns the statements
of the best query for the question's answer, written against the schema as it is, with the
indexes it uses named in its docstring. ``bench.reference_run`` times them the way the replay is
timed (``EXPLAIN ANALYZE``: planning + execution) and checks that they give the application's
answer: the same counts, the same ids in the same order. A reference that answers differently is
a FAIL, whatever its speed.

What a reference is given, as the application has it before its first query: the reader's read
scope (the prefixes of the subtrees his positions cover) and the units he acts for, with his
roles there. The application computes them from the positions once and caches them per process
under a generation token (ADR 0015); a hand-written service would hold them in its session the
same way. Everything else is read by the statements themselves.

Every value is a parameter; no text is interpolated but the fixed SQL below.
"""

# ruff: noqa: S608  (the SQL is written here by hand: fixed text, every value a parameter)

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

Statement = tuple[str, dict[str, Any]]

COUNT_NAMES = (
    "total", "completed", "completed_on_time", "completed_late", "in_progress", "overdue", "due",
    "completed_of_due", "due_today", "not_updated", "regular_total", "regular_not_updated",
)  # fmt: skip
OPEN = ["assigned", "in_progress", "reported", "returned"]


def upper(prefix: str) -> str:
    """The first path after every path that starts with ``prefix`` (paths are ASCII, the
    collation orders them by byte): ``path >= prefix AND path < upper(prefix)`` is a subtree, as a
    range an ordinary b-tree serves (performance.md, F1)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


@dataclass(frozen=True)
class Reader:
    """What the application knows of a reader before its first query (see the module docstring)."""

    user_id: int
    person_id: int | None
    scope: list[str]  # read scope: the prefixes of the covered subtrees
    acting: list[str] = field(default_factory=list)  # the units he acts for (paths)
    assigning: list[str] = field(default_factory=list)  # … with a role that assigns
    leading: list[str] = field(default_factory=list)  # … with a role that decides extensions


@dataclass(frozen=True)
class Day:
    """The day of a question, and the instants that bound its not-updated window."""

    on: dt.date
    window_from: dt.date  # the first day of the window (a task assigned before it may be stale)
    start: dt.datetime  # [start, end): the window's instants
    end: dt.datetime
    month_start: dt.datetime | None = None  # My work's regular tasks: the month's first instant


# --- statistics -----------------------------------------------------------------------------------

_SCOPE_COVERS = "EXISTS (SELECT 1 FROM unnest(%(scope)s::text[]) p WHERE starts_with(u.path, p))"
_SUMS = ", ".join(f"sum(r.{name})::int AS {name}" for name in COUNT_NAMES)


def stats_today(*, unit_id: int, reader: Reader, day: Day) -> list[Statement]:
    """Today's counts of a subtree: the sum of the roll-up rows (the cache of today's counts per
    unit, ADR 0013) of the units in the subtree, top-level tasks. One statement: the unit, the
    reader's scope check, the cache's validity (built today, every row of today) and the sums.
    Index: ``rollup_unit_path_idx`` (unit_path), a range of at most a few thousand rows.
    A live count of the tasks would be the reference if the cache could not answer; it can."""
    sql = f"""
        SELECT u.path, {_SCOPE_COVERS} AS covered,
               EXISTS (SELECT 1 FROM tasks_taskrollupstate s WHERE s.id = 1 AND s.day = %(on)s)
               AND NOT EXISTS (SELECT 1 FROM tasks_taskrollup x WHERE x.day <> %(on)s) AS exact,
               {_SUMS}
        FROM organisations_orgunit u
        LEFT JOIN tasks_taskrollup r
          ON r.unit_path >= u.path AND r.unit_path < u.path || '~' AND r.top_level
        WHERE u.id = %(unit)s
        GROUP BY u.path
    """
    return [(sql, {"unit": unit_id, "scope": reader.scope, "on": day.on})]


def stats_past(*, prefix: str, day: Day) -> list[Statement]:
    """The counts of a subtree on a past date, from the state spans in force then (ADR 0020): one
    scan of the subtree's spans through the covering ``span_path_from_idx`` (lead_path, valid_from
    INCLUDE the state's columns), the window's reported tasks joined once as a set (an index-only
    range of ``report_time_task_idx``, hashed), then the corrections made since that change it
    (none in the data set: one probe of an empty table). The unit's look-up and the scope check
    are those of ``stats_today`` (a primary-key probe), left out: the app's are cached."""
    counts = """
        WITH s AS (
            SELECT task_id, kind, assigned_on, deadline_on, done_reported_on,
                   coalesce(accepted_on <= %(on)s, false) AS done
            FROM tasks_taskstatespan
            WHERE lead_path >= %(lo)s AND lead_path < %(hi)s AND top_level
              AND superseded_by_id IS NULL AND valid_from <= %(on)s
              AND (valid_to IS NULL OR valid_to > %(on)s)
        ), reported AS (
            SELECT DISTINCT task_id FROM tasks_progressreport
            WHERE reported_at >= %(start)s AND reported_at < %(end)s
        )
        SELECT
            count(*) FILTER (WHERE kind = 'deadline') AS total,
            count(*) FILTER (WHERE kind = 'deadline' AND done) AS completed,
            count(*) FILTER (WHERE kind = 'deadline' AND done AND done_reported_on <= deadline_on),
            count(*) FILTER (WHERE kind = 'deadline' AND done AND done_reported_on > deadline_on),
            count(*) FILTER (WHERE kind = 'deadline' AND NOT done AND deadline_on >= %(on)s),
            count(*) FILTER (WHERE kind = 'deadline' AND NOT done AND deadline_on < %(on)s),
            count(*) FILTER (WHERE kind = 'deadline' AND deadline_on <= %(on)s),
            count(*) FILTER (WHERE kind = 'deadline' AND deadline_on <= %(on)s AND done),
            count(*) FILTER (WHERE kind = 'deadline' AND NOT done AND deadline_on = %(on)s),
            count(*) FILTER (WHERE kind = 'deadline' AND NOT done AND assigned_on < %(from)s
                             AND r.task_id IS NULL),
            count(*) FILTER (WHERE kind = 'regular'),
            count(*) FILTER (WHERE kind = 'regular' AND NOT done AND assigned_on < %(from)s
                             AND r.task_id IS NULL)
        FROM s LEFT JOIN reported r ON r.task_id = s.task_id
    """
    corrections = """
        SELECT c.task_id FROM tasks_taskcorrection c
        WHERE c.effective_on <= %(on)s AND c.made_on > %(on)s AND EXISTS (
            SELECT 1 FROM tasks_taskstatespan s
            WHERE s.task_id = c.task_id AND s.lead_path >= %(lo)s AND s.lead_path < %(hi)s
              AND s.top_level AND s.superseded_by_id IS NULL AND s.valid_from <= %(on)s
              AND (s.valid_to IS NULL OR s.valid_to > %(on)s))
        ORDER BY c.made_at, c.id
    """
    params = {
        "lo": prefix, "hi": upper(prefix), "on": day.on, "from": day.window_from,
        "start": day.start, "end": day.end,
    }  # fmt: skip
    return [(counts, params), (corrections, params)]


# --- task lists -----------------------------------------------------------------------------------

# The list's row: the task's own columns, the related names, and "not updated" (the window's
# report looked up by ``report_task_time_idx``, 50 probes).
_ROW = """
    t.id, t.ordinal, t.content, t.document_id, d.symbol, t.parent_id, t.depth, t.lead_unit_id,
    lu.name, t.lead_person_id, lp.full_name, t.assigner_unit_id, au.name, t.kind, t.assigned_on,
    t.deadline_on, t.status, t.accepted_on, t.progress, t.last_progress_at, t.urgency, t.version,
    t.status <> 'accepted' AND t.assigned_on < %(from)s AND NOT EXISTS (
        SELECT 1 FROM tasks_progressreport r
        WHERE r.task_id = t.id AND r.reported_at >= %(start)s AND r.reported_at < %(end)s) AS stale
"""
_ROW_JOINS = """
    JOIN documents_document d ON d.id = t.document_id
    JOIN organisations_orgunit lu ON lu.id = t.lead_unit_id
    LEFT JOIN people_person lp ON lp.id = t.lead_person_id
    JOIN organisations_orgunit au ON au.id = t.assigner_unit_id
"""
# Open today and past the deadline day (from today on an overdue task is open: performance.md F4).
_OVERDUE_TODAY = """
    t.status IN ('assigned', 'in_progress', 'reported', 'returned') AND t.kind = 'deadline'
    AND t.deadline_on < %(on)s AND t.assigned_on <= %(on)s
    AND (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s)
"""
# The reader's read scope (ADR 0003), for a list whose other conditions do not imply it.
_VISIBLE = """
    (EXISTS (SELECT 1 FROM unnest(%(scope)s::text[]) p
             WHERE starts_with(t.lead_path, p) OR starts_with(t.assigner_path, p))
     OR EXISTS (SELECT 1 FROM tasks_taskcoordinator c, unnest(%(scope)s::text[]) p
                WHERE c.task_id = t.id AND starts_with(c.unit_path, p)))
"""


def page_of(where: str, order: str = "t.deadline_on, t.id") -> str:
    """A page of list rows, the rows looked up late: the first ids in order from the bare table
    (what the index serves), then the names and "not updated" for those rows only. Joined before
    the sort, PostgreSQL computed them for every candidate row (425 for My work's not-updated
    group: 25 ms against 3)."""
    return (
        f"SELECT {_ROW} FROM (SELECT t.id FROM tasks_task t WHERE {where} ORDER BY {order} "
        f"LIMIT %(rows)s) f JOIN tasks_task t ON t.id = f.id {_ROW_JOINS} ORDER BY {order}"
    )


def _window(day: Day) -> dict[str, Any]:
    return {"on": day.on, "from": day.window_from, "start": day.start, "end": day.end}


def list_overdue(*, prefix: str, reader: Reader, day: Day, rows: int) -> list[Statement]:
    """The top-level tasks led in a subtree, overdue today: the count, then the first ``rows`` in
    deadline order with their row. Both walk ``task_open_path_deadline_idx`` (lead_path,
    deadline_on, id; partial on the open statuses; INCLUDE what the conditions read): the count
    is index-only, the page reads its rows in the index's order per unit and sorts the subtree's
    overdue tasks (a few thousand) by deadline. When the subtree lies in the reader's scope (the
    question's case; checked on the scope, as the application does), every task led in it is
    visible to him and the visibility condition is left out."""
    where = f"t.lead_path >= %(lo)s AND t.lead_path < %(hi)s AND t.parent_id IS NULL AND {_OVERDUE_TODAY}"
    if not any(prefix.startswith(p) for p in reader.scope):  # not the question's case
        where += f" AND {_VISIBLE}"
    params = {**_window(day), "lo": prefix, "hi": upper(prefix), "scope": reader.scope, "rows": rows}
    count = f"SELECT count(*) FROM tasks_task t WHERE {where}"
    page = page_of(where)
    return [(count, params), (page, params)]


def list_mine(*, reader: Reader, day: Day, rows: int) -> list[Statement]:
    """The top-level tasks whose lead person is the reader's person, visible to him: the count and
    the first ``rows`` in deadline order. ``task_lead_person_status_idx`` (lead_person_id, status)
    finds his few dozen tasks; the scope is checked on them."""
    where = f"t.lead_person_id = %(person)s AND t.parent_id IS NULL AND {_VISIBLE}"
    params = {**_window(day), "person": reader.person_id, "scope": reader.scope, "rows": rows}
    count = f"SELECT count(*) FROM tasks_task t WHERE {where}"
    page = page_of(where)
    return [(count, params), (page, params)]


# The order of each sort key (issue 10, item 7): ``tasks.list_order.ORDERINGS``, the id last so
# that the order is total. "State" is the status's rank in the life cycle, written as the
# expression ``task_status_order_idx`` is built on (so that the planner can walk it).
_STATUS_RANK = (
    "CASE WHEN t.status = 'assigned' THEN 1 WHEN t.status = 'in_progress' THEN 2 "
    "WHEN t.status = 'reported' THEN 3 WHEN t.status = 'returned' THEN 4 "
    "WHEN t.status = 'accepted' THEN 5 WHEN t.status = 'cancelled' THEN 6 ELSE 7 END"
)
SORT_ORDERS = {
    "deadline_on": ("t.deadline_on", "t.id"),
    "assigned_on": ("t.assigned_on", "t.id"),
    "lead_unit": ("t.lead_path", "t.deadline_on", "t.id"),
    "state": (_STATUS_RANK, "t.deadline_on", "t.id"),
    "progress": ("t.progress", "t.id"),
}


def list_sorted(*, prefix: str, reader: Reader, day: Day, rows: int, key: str) -> list[Statement]:
    """The top-level tasks led in a subtree (every state; like the list, cancelled ones too),
    sorted by ``key`` (a ``-`` first: descending, every column and the id): the count
    (index-only on ``task_lead_path_status_idx``) and the first ``rows`` in that order, looked up
    late (``page_of``). The order is the application's (``tasks.list_order``, ADR 0026), the id
    last. By deadline ``task_deadline_order_idx`` (deadline_on, id; tasks 0014), by assignment
    date ``task_assigned_order_idx``, by state ``task_status_order_idx`` (the life cycle's rank,
    the same expression): each walked in order, forwards or backwards, and filtered to the
    subtree. By lead unit (the unit tree's order) the subtree's range of
    ``task_lead_path_status_idx``, each unit's tasks sorted by deadline. By progress no index
    gives the order (deliberately: ADR 0026), so the subtree's tasks are sorted, their ids only."""
    where = "t.lead_path >= %(lo)s AND t.lead_path < %(hi)s AND t.parent_id IS NULL"
    if not any(prefix.startswith(p) for p in reader.scope):
        where += f" AND {_VISIBLE}"
    params = {**_window(day), "lo": prefix, "hi": upper(prefix), "scope": reader.scope, "rows": rows}
    count = f"SELECT count(*) FROM tasks_task t WHERE {where}"
    direction = " DESC" if key.startswith("-") else ""
    order = ", ".join(f"{column}{direction}" for column in SORT_ORDERS[key.removeprefix("-")])
    return [(count, params), (page_of(where, order), params)]


def task_detail(*, task_id: int, reader: Reader, day: Day) -> list[Statement]:
    """One task as the API gives it: the task with its names, state, "not updated" flag, its
    coordinating units and extension requests (as arrays), and its subtasks' roll-up — one
    statement, every part by primary key or by the task's id (``tasks_taskcoordinator_task_id``,
    ``tasks_extensionrequest_task_id``, ``tasks_task_parent_id``)."""
    sql = f"""
        SELECT t.*, d.symbol, dt.name, lu.name, lp.full_name, au.name,
            CASE WHEN t.kind = 'regular' THEN 'regular' WHEN t.status = 'accepted' THEN 'completed'
                 WHEN t.deadline_on < %(on)s THEN 'overdue' WHEN t.deadline_on = %(on)s THEN 'due_today'
                 ELSE 'in_progress' END AS state,
            t.status <> 'accepted' AND t.assigned_on < %(from)s AND NOT EXISTS (
                SELECT 1 FROM tasks_progressreport r
                WHERE r.task_id = t.id AND r.reported_at >= %(start)s AND r.reported_at < %(end)s) AS stale,
            ARRAY(SELECT c.unit_id FROM tasks_taskcoordinator c WHERE c.task_id = t.id
                  ORDER BY c.id) AS coordinators,
            ARRAY(SELECT e.id FROM tasks_extensionrequest e WHERE e.task_id = t.id
                  ORDER BY e.created_at, e.id) AS extensions,
            (SELECT count(*) FROM tasks_task s
             WHERE s.parent_id = t.id AND s.status <> 'cancelled') AS subtasks
        FROM tasks_task t
        LEFT JOIN documents_document d ON d.id = t.document_id
        LEFT JOIN documents_documenttype dt ON dt.id = d.document_type_id
        JOIN organisations_orgunit lu ON lu.id = t.lead_unit_id
        LEFT JOIN people_person lp ON lp.id = t.lead_person_id
        JOIN organisations_orgunit au ON au.id = t.assigner_unit_id
        WHERE t.id = %(task)s AND {_VISIBLE}
    """
    return [(sql, {**_window(day), "task": task_id, "scope": reader.scope})]
