"""Counting not-updated tasks in the same scan as every other count.

"Not updated on D" asks whether a task has a report in the window of days ending with D. Inside
an aggregate's FILTER, PostgreSQL can only answer that per task (a probe each, or a hashed
subplan that it abandons for a linear search when the window holds more reports than work_mem),
and as a separate query it reads the task table a second time (docs/performance.md, F3). Here
the window's reported task ids are LEFT JOINed once, as a set: the planner hashes or merges them
as their size says, and one parallel scan of the tasks gives every count.

The ORM cannot join a subquery, so ``with_report_window`` adds one to the query's FROM as a join
object (the way Django's own joins are compiled); ``reported_in_window`` is the condition on it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.db.models.expressions import Col
from django.db.models.lookups import IsNull
from django.db.models.sql.constants import LOUTER

from mandate.tasks.models import ProgressReport

ALIAS = "report_window"


class _WindowJoin:
    """``LEFT OUTER JOIN (SELECT DISTINCT task_id FROM reports WHERE start <= reported_at < end)
    AS report_window ON report_window.task_id = <task>.id``: at most one row per task."""

    join_type = LOUTER
    nullable = True
    filtered_relation = None

    def __init__(
        self,
        parent_alias: str,
        start: dt.datetime,
        end: dt.datetime,
        among: QuerySet[Any] | None,
        key: str = "id",
    ) -> None:
        self.parent_alias = parent_alias
        self.table_alias = ALIAS
        self.table_name = ALIAS
        self.start, self.end = start, end
        self.among = among
        self.key = key  # the column of the task's id in the joined-to table

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        quote = connection.ops.quote_name
        report = ProgressReport._meta
        task_column = quote(report.get_field("task").column)
        time_field = report.get_field("reported_at")
        time_column = quote(time_field.column)
        params = [time_field.get_db_prep_value(value, connection) for value in (self.start, self.end)]
        among = ""
        if self.among is not None:
            among_sql, among_params = (
                self.among.values("task_id" if self.key != "id" else "pk")
                .query.get_compiler(connection=connection)
                .as_sql()
            )
            among = f" AND {task_column} IN ({among_sql})"
            params.extend(among_params)
        # Names from the models' _meta, quoted; the values are parameters.
        sql = (
            f"LEFT OUTER JOIN (SELECT DISTINCT {task_column} FROM {quote(report.db_table)} "  # noqa: S608
            f"WHERE {time_column} >= %s AND {time_column} < %s{among}) {ALIAS} "
            f"ON ({ALIAS}.{task_column} = {compiler.quote_name_unless_alias(self.parent_alias)}."
            f"{quote(self.key)})"
        )
        return sql, params

    def relabeled_clone(self, change_map: dict[str, str]) -> _WindowJoin:
        return _WindowJoin(
            change_map.get(self.parent_alias, self.parent_alias), self.start, self.end, self.among, self.key
        )

    def promote(self) -> _WindowJoin:
        return self

    def demote(self) -> _WindowJoin:
        return self


def with_report_window(
    tasks: QuerySet[Any], *, start: dt.datetime, end: dt.datetime, few: bool = False, key: str = "id"
) -> QuerySet[Any]:
    """``tasks`` with the window's reported task ids joined (for ``reported_in_window``).

    ``few``: ``tasks`` are a few hundred (one unit's, recounted after a service's write), so only
    their reports are read, by index (``task_id IN (their ids)``): 16 ms instead of 65 at 1M.
    For a subtree or the country the whole window is read once and hashed; restricted, it cost
    4 times more (the country's past-date statistics 188 → 830 ms). ``key``: the column that
    holds the task's id in ``tasks``' table (``task_id`` for state spans)."""
    joined = tasks.all()
    query = joined.query
    base = query.get_initial_alias()
    if ALIAS in query.alias_map:
        raise ValueError("The report window is already joined.")
    query.alias_map[ALIAS] = _WindowJoin(base, start, end, tasks if few else None, key)  # type: ignore[assignment]
    query.alias_refcount[ALIAS] = 1
    return joined


def reported_in_window() -> IsNull:
    """True for a task with a report in the joined window (``with_report_window``)."""
    return IsNull(Col(ALIAS, ProgressReport._meta.get_field("task")), False)
