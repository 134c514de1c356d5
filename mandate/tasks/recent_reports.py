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

from mandate.tasks.models import ProgressReport, Task

ALIAS = "report_window"


class _WindowJoin:
    """``LEFT OUTER JOIN (SELECT DISTINCT task_id FROM reports WHERE start <= reported_at < end)
    AS report_window ON report_window.task_id = <task>.id``: at most one row per task."""

    join_type = LOUTER
    nullable = True
    filtered_relation = None

    def __init__(self, parent_alias: str, start: dt.datetime, end: dt.datetime) -> None:
        self.parent_alias = parent_alias
        self.table_alias = ALIAS
        self.table_name = ALIAS
        self.start, self.end = start, end

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        quote = connection.ops.quote_name
        report = ProgressReport._meta
        task_column = quote(report.get_field("task").column)
        time_field = report.get_field("reported_at")
        time_column = quote(time_field.column)
        bounds = [time_field.get_db_prep_value(value, connection) for value in (self.start, self.end)]
        # Names from the models' _meta, quoted; the bounds are parameters.
        sql = (
            f"LEFT OUTER JOIN (SELECT DISTINCT {task_column} FROM {quote(report.db_table)} "  # noqa: S608
            f"WHERE {time_column} >= %s AND {time_column} < %s) {ALIAS} "
            f"ON ({ALIAS}.{task_column} = {compiler.quote_name_unless_alias(self.parent_alias)}."
            f"{quote(Task._meta.pk.column)})"
        )
        return sql, bounds

    def relabeled_clone(self, change_map: dict[str, str]) -> _WindowJoin:
        return _WindowJoin(change_map.get(self.parent_alias, self.parent_alias), self.start, self.end)

    def promote(self) -> _WindowJoin:
        return self

    def demote(self) -> _WindowJoin:
        return self


def with_report_window(tasks: QuerySet[Task], *, start: dt.datetime, end: dt.datetime) -> QuerySet[Task]:
    """``tasks`` with the window's reported task ids joined (for ``reported_in_window``)."""
    joined = tasks.all()
    query = joined.query
    base = query.get_initial_alias()
    if ALIAS in query.alias_map:
        raise ValueError("The report window is already joined.")
    query.alias_map[ALIAS] = _WindowJoin(base, start, end)  # type: ignore[assignment]
    query.alias_refcount[ALIAS] = 1
    return joined


def reported_in_window() -> IsNull:
    """True for a task with a report in the joined window (``with_report_window``)."""
    return IsNull(Col(ALIAS, ProgressReport._meta.get_field("task")), False)
