"""The web questions of the benchmark (issue 3 item 9, issue 4's pages) and the independent
count that the statistics answers must equal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bench.common import Meta

NOT_UPDATED_DAYS = 15
TIME_ZONE = "Asia/Ho_Chi_Minh"
COUNT_KEYS = (
    "total", "completed", "completed_on_time", "completed_late", "in_progress", "overdue", "due",
    "completed_of_due", "not_updated", "regular_total", "regular_not_updated",
)  # fmt: skip


@dataclass
class Question:
    name: str
    label: str
    user: str  # key of meta.users
    url: str
    target_ms: float
    subtree: str | None = None  # path prefix whose counts the answer must equal (statistics)
    on: dt.date | None = None
    list_page: bool = False
    page: bool = False  # an HTML page, signed in with a session (not the API)
    sort: str | None = None  # a sorted list's key (SORT_KEYS)


def web_questions(meta: Meta, today: dt.date) -> list[Question]:
    from django.db import connection

    users = meta.users
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, path FROM organisations_orgunit WHERE id IN (%s, %s, %s)",
            [users["national"]["unit_id"], users["province"]["unit_id"], users["commune"]["unit_id"]],
        )
        paths = dict(cursor.fetchall())
        cursor.execute(
            "SELECT min(id) FROM tasks_task WHERE lead_person_id = %s", [users["commune"]["user_id"]]
        )
        row = cursor.fetchone()
    task_id = row[0] if row else None
    past = today - dt.timedelta(days=365)
    questions: list[Question] = []
    for when, on, target in (("today", None, 50.0), ("past", past, 500.0)):
        for level in ("national", "province", "commune"):
            unit = users[level]["unit_id"]
            where = {"national": "country", "province": "province", "commune": "commune"}[level]
            questions.append(
                Question(
                    name=f"stats_{when}_{where}",
                    label=f"status counts {'today' if on is None else on.isoformat()}, {where}",
                    user=level,
                    url=f"/api/v1/organisations/{unit}/statistics/" + (f"?on={on.isoformat()}" if on else ""),
                    target_ms=target,
                    subtree=paths[unit],
                    on=on or today,
                )
            )
    province = users["province"]["unit_id"]
    questions += [
        Question(
            name="list_overdue_province",
            label="task list: province, overdue, 50 rows",
            user="province",
            url=f"/api/v1/tasks/?within={province}&state=overdue&page_size=50",
            target_ms=60.0,
            list_page=True,
        ),
        Question(
            name="list_mine",
            label="task list: assigned to me, 50 rows",
            user="commune",
            url="/api/v1/tasks/?mine=true&page_size=50",
            target_ms=60.0,
            list_page=True,
        ),
        Question(
            name="task_detail",
            label="one task",
            user="commune",
            url=f"/api/v1/tasks/{task_id}/",
            target_ms=30.0,
        ),
        # Issue 4: the pages a specialist of the province's office (the demo's vanphong) opens.
        Question(
            name="page_my_work",
            label="page: My work (vanphong of the province)",
            user="vanphong",
            url="/",
            target_ms=300.0,
            page=True,
        ),
        Question(
            name="page_dashboard",
            label="page: unit dashboard of the province (vanphong)",
            user="vanphong",
            url="/dashboard/",
            target_ms=300.0,
            page=True,
        ),
    ]
    return questions + sorted_list_questions(meta)


# Issue 10, item 7: the task list sorted by the columns people sort by, each within the list's
# target at 1M tasks. Asked once the list endpoint declares one of SORT_PARAMETERS (it declares
# ``ordering`` since ADR 0026), with their reference (``reference_sql.list_sorted``), over the
# largest province's whole list (no state filter: the hardest case, about 63,000 top-level tasks
# at 1M), each ascending and descending (a descending order reads its index backwards).
SORT_KEYS = ("deadline_on", "assigned_on", "lead_unit", "state", "progress")
SORT_PARAMETERS = ("ordering", "sort", "order_by", "order")
# The first word of the value the API may call a key by, when it is not the key's own first word.
SORT_SYNONYMS = {"state": ("status",)}


def sort_parameter() -> tuple[str, dict[str, str]] | None:
    """The list endpoint's sort parameter and the value it takes for each of SORT_KEYS, if it
    declares one (its enum values are matched by the key's first word: "deadline", "lead", …,
    or a synonym: "state" is the API's "status")."""
    from mandate.tasks import api

    declared = {p.name: p for p in getattr(api, "TASK_FILTERS", [])}
    name = next((n for n in SORT_PARAMETERS if n in declared), None)
    if name is None:
        return None
    enum = [str(v) for v in (declared[name].enum or [])]
    values = {}
    for key in SORT_KEYS:
        stems = (key.split("_")[0], *SORT_SYNONYMS.get(key, ()))
        found = (v for v in enum if not v.startswith("-") and v.startswith(stems))
        values[key] = next(found, key) if enum else key
    return name, values


def sorted_list_questions(meta: Meta) -> list[Question]:
    found = sort_parameter()
    if found is None:
        return []
    parameter, values = found
    province = meta.users["province"]["unit_id"]
    return [
        Question(
            name=f"list_sorted_{key}{suffix}",
            label=f"task list: province, sorted by {key}{' descending' if sign else ''}, 50 rows",
            user="province",
            url=f"/api/v1/tasks/?within={province}&{parameter}={sign}{values[key]}&page_size=50",
            target_ms=60.0,
            list_page=True,
            sort=f"{sign}{key}",
        )
        for key in SORT_KEYS
        for sign, suffix in (("", ""), ("-", "_desc"))
    ]


def expected_counts(prefix: str, on: dt.date) -> dict[str, int]:
    """The counts of the issue's definitions (item 5), computed here in plain SQL, independently of
    the application, over the top-level tasks whose lead unit lies in the subtree ``prefix``."""
    from django.db import connection

    window_start = on - dt.timedelta(days=NOT_UPDATED_DAYS - 1)
    # ADR 0020: completed on D = accepted on or before D; overdue = deadline before D (the deadline
    # day is the assignee's). A past date reads the state spans in force on D, today the tasks.
    if on < dt.datetime.now(ZoneInfo(TIME_ZONE)).date():
        source = """
            FROM tasks_taskstatespan t
            WHERE t.lead_path LIKE %(prefix)s AND t.top_level AND t.superseded_by_id IS NULL
              AND t.valid_from <= %(on)s AND (t.valid_to IS NULL OR t.valid_to > %(on)s)"""
        accepted, task_id = "t.accepted_on <= %(on)s", "t.task_id"
    else:
        source = """
            FROM tasks_task t
            WHERE t.lead_path LIKE %(prefix)s AND t.parent_id IS NULL AND t.assigned_on <= %(on)s
              AND (t.cancelled_on IS NULL OR t.cancelled_on > %(on)s)"""
        accepted, task_id = "t.status = 'accepted'", "t.id"
    query = f"""
        WITH x AS (
            SELECT t.kind = 'deadline' AS dl,
                   coalesce({accepted}, false) AS c,
                   coalesce(t.done_reported_on <= t.deadline_on, false) AS on_time,
                   coalesce(t.done_reported_on > t.deadline_on, false) AS late,
                   t.kind = 'deadline' AND coalesce(t.deadline_on <= %(on)s, false) AS due,
                   t.kind = 'deadline' AND coalesce(t.deadline_on < %(on)s, false) AS past_due,
                   t.assigned_on < %(window)s AND NOT EXISTS (
                       SELECT 1 FROM tasks_progressreport r WHERE r.task_id = {task_id}
                       AND r.reported_at >= (%(window)s::date)::timestamp AT TIME ZONE '{TIME_ZONE}'
                       AND r.reported_at < (%(on)s::date + 1)::timestamp AT TIME ZONE '{TIME_ZONE}'
                   ) AS quiet
            {source}
        )
        SELECT count(*) FILTER (WHERE dl), count(*) FILTER (WHERE dl AND c),
               count(*) FILTER (WHERE dl AND c AND on_time), count(*) FILTER (WHERE dl AND c AND late),
               count(*) FILTER (WHERE dl AND NOT c AND NOT past_due),
               count(*) FILTER (WHERE past_due AND NOT c),
               count(*) FILTER (WHERE due), count(*) FILTER (WHERE due AND c),
               count(*) FILTER (WHERE dl AND NOT c AND quiet), count(*) FILTER (WHERE NOT dl),
               count(*) FILTER (WHERE NOT dl AND NOT c AND quiet)
        FROM x
    """  # noqa: S608  (interpolated: the TIME_ZONE constant and the fixed texts above)
    with connection.cursor() as cursor:
        cursor.execute(query, {"on": on, "window": window_start, "prefix": prefix + "%"})
        row = cursor.fetchone()
    assert row is not None
    return dict(zip(COUNT_KEYS, (int(v) for v in row), strict=True))
