"""Running the reference SQL (``bench.reference_sql``, ``bench.reference_pages``): the context each
reference is given, its answer, the application's answer to the same question, and their
comparison. A reference whose answer differs is reported as such, and the question FAILs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bench import ind_questions, ind_reference, reference_pages, reference_sql
from bench.common import Meta
from bench.reference_sql import COUNT_NAMES, Day, Reader, Statement

LIST_ROWS = 50  # the API lists' page_size in the questions
PAGE_ROWS = 20  # My work and the dashboard (tasks.views.work.ROWS_PER_GROUP)


@dataclass(frozen=True)
class Context:
    meta: Meta
    today: Day
    past: Day
    paths: dict[int, str]  # unit id: path
    readers: dict[str, Reader]  # by the bench user's key
    task_id: int | None


def _day(on: dt.date) -> Day:
    from django.utils import timezone

    from mandate.tasks import selectors, states

    start, end = states.report_window(on, selectors.NOT_UPDATED_DAYS)
    month = timezone.make_aware(dt.datetime.combine(on.replace(day=1), dt.time.min))
    window_from = on - dt.timedelta(days=selectors.NOT_UPDATED_DAYS - 1)
    return Day(on=on, window_from=window_from, start=start, end=end, month_start=month)


def _reader(user_id: int) -> Reader:
    from mandate.people.models import Person, User
    from mandate.people.scopes import acting_for, read_scope
    from mandate.tasks.permissions import ASSIGNING_ROLES, LEADING_ROLES

    user = User.objects.get(pk=user_id)
    person = Person.objects.filter(user=user).values_list("pk", flat=True).first()
    acting = acting_for(user)
    return Reader(
        user_id=user_id,
        person_id=person,
        scope=list(read_scope(user).prefixes),
        acting=list(acting.paths),
        assigning=list(acting.paths_with(ASSIGNING_ROLES)),
        leading=list(acting.paths_with(LEADING_ROLES)),
    )


def context(meta: Meta, today: dt.date, past: dt.date, task_id: int | None) -> Context:
    from mandate.organisations.models import OrgUnit

    users = meta.users
    units = {users[k]["unit_id"] for k in users}
    paths = dict(OrgUnit.objects.filter(pk__in=units).values_list("pk", "path"))
    readers = {key: _reader(users[key]["user_id"]) for key in users}
    return Context(meta, _day(today), _day(past), paths, readers, task_id)


def statements_for(name: str, user: str, ctx: Context) -> list[Statement]:
    """The reference statements of question ``name`` asked by the bench user ``user``."""
    reader = ctx.readers[user]
    unit = ctx.meta.users[user]["unit_id"]
    if name.startswith("ind_"):
        return ind_reference.statements(name, _ind(ctx), reader.scope)
    if name.startswith("stats_today_"):
        return reference_sql.stats_today(unit_id=unit, reader=reader, day=ctx.today)
    if name.startswith("stats_past_"):
        return reference_sql.stats_past(prefix=ctx.paths[unit], day=ctx.past)
    if name == "list_overdue_province":
        return reference_sql.list_overdue(
            prefix=ctx.paths[unit], reader=reader, day=ctx.today, rows=LIST_ROWS
        )
    if name.startswith("list_sorted_"):
        key = name.removeprefix("list_sorted_")
        key = f"-{key.removesuffix('_desc')}" if key.endswith("_desc") else key
        return reference_sql.list_sorted(
            prefix=ctx.paths[unit], reader=reader, day=ctx.today, rows=LIST_ROWS, key=key
        )
    if name == "list_mine":
        return reference_sql.list_mine(reader=reader, day=ctx.today, rows=LIST_ROWS)
    if name == "task_detail" and ctx.task_id is not None:
        return reference_sql.task_detail(task_id=ctx.task_id, reader=reader, day=ctx.today)
    if name == "page_my_work":
        return reference_pages.my_work(reader=reader, day=ctx.today, rows=PAGE_ROWS)
    if name == "page_dashboard":
        return reference_pages.dashboard(
            prefix=ctx.paths[unit], unit_id=unit, reader=reader, day=ctx.today, rows=PAGE_ROWS
        )
    raise KeyError(name)


def execute(statements: Sequence[Statement]) -> list[list[tuple[Any, ...]]]:
    from django.db import connection

    results = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(list(cursor.fetchall()))
    return results


def explain_ms(statements: Sequence[Statement]) -> float:
    """Planning + execution time of every statement under ``EXPLAIN (ANALYZE, FORMAT JSON)``: the
    replay's measure, so that the two columns compare."""
    from django.db import connection

    total = 0.0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            row = cursor.fetchone()
            assert row is not None
            plan = row[0] if not isinstance(row[0], str) else json.loads(row[0])
            total += float(plan[0]["Planning Time"]) + float(plan[0]["Execution Time"])
    return total


def plans_text(statements: Sequence[Statement]) -> str:
    from django.db import connection

    lines: list[str] = []
    with connection.cursor() as cursor:
        for number, (sql, params) in enumerate(statements, 1):
            lines.append(f"-- reference statement {number}\n{cursor.mogrify(sql, params)}\n")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            lines.extend(str(r[0]) for r in cursor.fetchall())
            lines.append("")
    return "\n".join(lines)


# --- the answers ----------------------------------------------------------------------------------


def _counts(row: Sequence[Any], names: Sequence[str] = COUNT_NAMES) -> dict[str, int]:
    return {name: int(value or 0) for name, value in zip(names, row, strict=True)}


def reference_answer(name: str, results: list[list[tuple[Any, ...]]]) -> dict[str, Any]:
    """The reference's answer, in the form ``app_answer`` gives the application's."""
    if name.startswith("ind_"):
        return ind_reference.reference_answer(name, results)
    if name.startswith("stats_today_"):
        (row,) = results[0]
        return {"covered": row[1], "exact": row[2], **_counts(row[3:])}
    if name.startswith("stats_past_"):
        return {**_counts(results[0][0]), "corrections": [r[0] for r in results[1]]}
    if name.startswith("list_"):
        return {"count": results[0][0][0], "ids": [r[0] for r in results[1]]}
    if name == "task_detail":
        (row,) = results[0]
        *_columns, state, stale, coordinators, extensions, subtasks = row
        return {"state": state, "stale": stale, "coordinators": coordinators, "extensions": extensions,
                "subtasks": subtasks}  # fmt: skip
    if name == "page_my_work":
        counts = results[0][0]
        answer = {"awaiting": (results[1][0][0], [r[0] for r in results[2]])}
        for index, group in enumerate(reference_pages.MY_WORK_GROUPS):
            answer[group] = (counts[index], [r[0] for r in results[3 + index]])
        after = 3 + len(reference_pages.MY_WORK_GROUPS)
        for offset, group in enumerate(("coordinated", "following")):
            count, page = results[after + 2 * offset], results[after + 2 * offset + 1]
            answer[group] = (count[0][0], [r[0] for r in page])
        return answer
    if name == "page_dashboard":
        (total,) = results[0]
        no_stale = [n for n in COUNT_NAMES if n not in ("not_updated", "regular_not_updated")]
        months = results[2][0]
        return {
            "exact": total[0],
            "counts": _counts(total[1:]),
            "branches": {r[0]: _counts(r[1:], no_stale) for r in results[1]},
            "months": [(months[i], months[i + 1]) for i in range(0, len(months), 2)],
            "overdue": [r[0] for r in results[3]],
            "not_updated": [r[0] for r in results[4]],
        }
    raise KeyError(name)


def _ind(ctx: Context) -> ind_questions.IndContext:
    return ind_questions.context(ctx.meta.users["vanphong"]["ubnd_id"])


def app_answer(name: str, user: str, response: Any, ctx: Context) -> dict[str, Any]:
    """The application's answer: from the API's JSON, or for a page from the functions that give
    the page its numbers and rows (the HTML is their rendering)."""
    if name.startswith("stats_today_"):
        body = response.json()
        return {"covered": True, "exact": True, **{k: body[k] for k in COUNT_NAMES}}
    if name.startswith("stats_past_"):
        body = response.json()
        return {**{k: body[k] for k in COUNT_NAMES}, "corrections": [c["task"] for c in body["corrections"]]}
    if name.startswith("list_"):
        body = response.json()
        return {"count": body["count"], "ids": [r["id"] for r in body["results"]]}
    if name == "task_detail":
        body = response.json()
        return {
            "state": body["state"], "stale": body["stale"],
            "coordinators": [c["unit"] for c in body["coordinators"]],
            "extensions": [e["id"] for e in body["extension_requests"]],
            "subtasks": body["rollup"]["subtasks"],
        }  # fmt: skip
    from mandate.people.models import Person, User

    actor = User.objects.get(pk=ctx.readers[user].user_id)
    if name.startswith("ind_"):
        return ind_reference.app_answer(name, actor, response, _ind(ctx))
    if name == "page_my_work":
        from mandate.tasks.my_work import my_work_groups

        person = Person.objects.filter(user=actor).first()
        groups = my_work_groups(actor=actor, person=person, day=ctx.today.on, rows=PAGE_ROWS)
        return {g: (groups[g].count, [t.pk for t in groups[g].tasks]) for g in groups}
    if name == "page_dashboard":
        return _dashboard_answer(actor, ctx.meta.users[user]["unit_id"], ctx.today.on)
    raise KeyError(name)


def _dashboard_answer(actor: Any, unit_id: int, on: dt.date) -> dict[str, Any]:
    import dataclasses

    from mandate.organisations.models import OrgUnit
    from mandate.tasks import dashboard, rollups, selectors
    from mandate.tasks.enums import TaskKind

    unit = OrgUnit.objects.get(pk=unit_id)
    days = selectors.NOT_UPDATED_DAYS
    counts = rollups.subtree_counts(unit=unit, on=on, not_updated_days=days, include_subtasks=False)
    no_stale = [n for n in COUNT_NAMES if n not in ("not_updated", "regular_not_updated")]
    branches = dashboard.counts_by_branch(dashboard.tasks_of(unit), unit, on)
    listed = selectors.TaskFilters(within=unit, on=on, kind=TaskKind.DEADLINE)

    def first(state: str) -> list[int]:
        tasks = selectors.task_list_visible(actor=actor, filters=dataclasses.replace(listed, state=state))
        return [t.pk for t in tasks[:PAGE_ROWS]]

    return {
        "exact": counts is not None,
        "counts": {k: int((counts or {}).get(k) or 0) for k in COUNT_NAMES},
        "branches": {b: {k: int(row[k] or 0) for k in no_stale} for b, row in branches.items()},
        "months": [(m["completed"], m["overdue"]) for m in dashboard.counts_by_month(unit, on)],
        "overdue": first("overdue"),
        "not_updated": first("not_updated"),
    }


def differences(app: dict[str, Any], reference: dict[str, Any]) -> dict[str, Any]:
    """What differs, by key (app, reference); empty when the answers are the same."""
    keys = sorted(set(app) | set(reference))
    return {k: (app.get(k), reference.get(k)) for k in keys if _plain(app.get(k)) != _plain(reference.get(k))}


def _plain(value: Any) -> Any:
    """Tuples and lists alike (JSON has only lists)."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
