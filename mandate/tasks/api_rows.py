"""The rows of the task list endpoint: one compiled WHERE, two statements around it.

Why: the list is the most read endpoint, and Django's work for it (building the values query
with its four joins and the not-updated subquery, compiling the WHERE twice for the count and
the page, the aggregate's machinery) cost more than the SQL itself (docs/performance.md, F5
and F11). Here the conditions stay the selectors' (``selectors.task_list_filtered``, the one
definition shared with the statistics and the pages); Django compiles their FROM and WHERE once,
and the count and the page are the same text around them. The page's columns and joins are
derived from the model, the not-updated flag is the selectors' expression compiled once per day,
and the order is ``list_order``'s, compiled by Django once per ordering (ADR 0026).

The shape is ``api.TaskOutput``'s, which stays the schema and the detail's serializer; a test
(test_api.py) holds the two equal row by row, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, models
from django.db.models import QuerySet
from django.db.models.sql import Query
from django.db.models.sql.datastructures import Join
from django.utils import timezone
from rest_framework import serializers

from mandate.core.insert_select import column_of
from mandate.tasks import list_order, selectors, states
from mandate.tasks.models import Task, TaskStateSpan

# Output name: the task's own field it is read from (in TaskOutput's order, with the joined
# names, ``state`` and ``stale`` in between: see OUTPUT).
OWN: dict[str, str] = {
    "id": "id",
    "ordinal": "ordinal",
    "content": "content",
    "document": "document",
    "parent": "parent",
    "depth": "depth",
    "lead_unit": "lead_unit",
    "lead_person": "lead_person",
    "assigner_unit": "assigner_unit",
    "kind": "kind",
    "assigned_on": "assigned_on",
    "deadline_on": "deadline_on",
    "status": "status",
    "progress": "progress",
    "last_progress_at": "last_progress_at",
    "urgency": "urgency",
    "version": "version",
    "accepted_on": "accepted_on",  # for the state; not in the output
}
# Output name: (the task's foreign key, the related model's field).
JOINED: dict[str, tuple[str, str]] = {
    "document_symbol": ("document", "symbol"),
    "lead_unit_name": ("lead_unit", "name"),
    "lead_person_name": ("lead_person", "full_name"),
    "assigner_unit_name": ("assigner_unit", "name"),
}
OUTPUT = (
    "id", "ordinal", "content", "document", "document_symbol", "parent", "depth", "lead_unit",
    "lead_unit_name", "lead_person", "lead_person_name", "assigner_unit", "assigner_unit_name", "kind",
    "assigned_on", "deadline_on", "status", "state", "stale", "progress", "last_progress_at", "urgency",
    "version",
)  # fmt: skip
_DATES = ("assigned_on", "deadline_on")
_DATETIME = serializers.DateTimeField()  # DRF's own conversion: the current time zone, ISO 8601


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # a concrete field, not a relation's reverse side
    return field


@functools.lru_cache(maxsize=64)
def _order(alias: str, ordering: str) -> tuple[str, tuple[Any, ...]]:
    """The ORDER BY of ``ordering`` (``list_order``) as Django compiles it for the ORM's list: the
    same expressions, so the two lists come in the same order and read the same indexes."""
    query = Task.objects.using(alias).order_by(*list_order.order_by(ordering)).query
    compiler = query.get_compiler(using=alias)
    parts, params = [], []
    for _expression, (sql, sql_params, _is_ref) in compiler.get_order_by():
        parts.append(sql)
        params.extend(sql_params)
    return ", ".join(parts), tuple(params)


@functools.lru_cache(maxsize=64)
def _page_parts(alias: str, joined_already: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    """The page's columns and the joins for the related names, from the model's
    metadata, quoted for the connection ``alias``. The base table keeps its own name (Django's
    alias in the compiled WHERE). A relation the WHERE joins already ("assigned to me" joins the
    person) is read through its join (``joined_already``: foreign key, table alias): a second join
    of the same table costs PostgreSQL's planner more than the whole page (performance.md, F11)."""
    qn = connections[alias].ops.quote_name
    table = qn(Task._meta.db_table)
    reuse = dict(joined_already)

    def own(name: str) -> str:
        return f"{table}.{qn(column_of(Task, name))}"

    columns = [f"{own(field)} AS {qn(name)}" for name, field in OWN.items()]
    joins = []
    for name, (key, target) in JOINED.items():
        foreign = _field(Task, key)
        related: type[models.Model] = foreign.related_model  # type: ignore[assignment]
        joined = qn(reuse.get(key, f"listed_{key}"))
        columns.append(f"{joined}.{qn(column_of(related, target))} AS {qn(name)}")
        if key in reuse:
            continue
        kind = "LEFT OUTER JOIN" if foreign.null else "INNER JOIN"
        pk = qn(column_of(related, related._meta.pk.name))
        joins.append(f"{kind} {qn(related._meta.db_table)} {joined} ON ({own(key)} = {joined}.{pk})")
    return ", ".join(columns), " ".join(joins)


def _joined_already(query: Query) -> tuple[tuple[str, str], ...]:
    """The relations of JOINED that the compiled FROM joins straight from the task table."""
    base = query.get_initial_alias()
    foreign_keys = {_field(Task, key): key for key, _target in JOINED.values()}
    found: list[tuple[str, str]] = []
    for table_alias, join in query.alias_map.items():
        key = foreign_keys.get(join.join_field) if isinstance(join, Join) else None  # type: ignore[call-overload]
        if key is None or not query.alias_refcount[table_alias]:
            continue
        if join.parent_alias == base and join.filtered_relation is None:
            found.append((key, table_alias))
    return tuple(sorted(found))


@functools.lru_cache(maxsize=64)
def _stale(on: dt.date, days: int, zone: str, alias: str) -> tuple[str, tuple[Any, ...]]:
    """``selectors.stale_expression`` compiled for the connection ``alias``: the same text and
    parameters for every request of the day (``zone``: the window's bounds are local instants)."""
    query = Task.objects.using(alias).annotate(stale=selectors.stale_expression(on, days)).query
    sql, params = query.get_compiler(using=alias).compile(query.annotations["stale"])
    return sql, tuple(params)


class TaskRows:
    """What the paginator pages: ``count()`` and a slice, both read through the FROM and WHERE
    of ``tasks`` (bare, from ``selectors.task_list_filtered``), compiled once."""

    ordered = True

    def __init__(
        self, tasks: QuerySet[Task], *, on: dt.date, not_updated_days: int, ordering: str = list_order.DEFAULT
    ) -> None:
        self.alias = tasks.db
        self.ordering = ordering
        self.on, self.days = on, not_updated_days
        compiler = tasks.order_by().query.get_compiler(using=self.alias)
        compiler.pre_sql_setup()
        tables, from_params = compiler.get_from_clause()
        self.joined_already = _joined_already(compiler.query)
        self.tables = " ".join(tables)
        self.where, self.params = "", list(from_params)
        self.nothing = False
        try:
            where, where_params = compiler.compile(compiler.where)
        except EmptyResultSet:  # a condition no row can meet (an empty read scope)
            self.nothing = True
        except FullResultSet:  # no condition at all (an administrator's whole list)
            pass
        else:
            self.where = f" WHERE {where}"
            self.params += where_params

    def _fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def count(self) -> int:
        if self.nothing:
            return 0
        # Interpolated: Django's compiled FROM and WHERE; every value is a parameter.
        (row,) = self._fetch(f"SELECT COUNT(*) FROM {self.tables}{self.where}", self.params)  # noqa: S608
        return int(row[0])

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        start, stop = index.start or 0, index.stop
        if self.nothing or stop is None or stop <= start:
            return []
        columns, joins = _page_parts(self.alias, self.joined_already)
        order, order_params = _order(self.alias, self.ordering)
        stale, stale_params = _stale(self.on, self.days, timezone.get_current_timezone_name(), self.alias)
        sql = (  # interpolated: the model's names and Django's compiled SQL; values are parameters
            f"SELECT {columns}, {stale} AS stale FROM {self.tables} {joins}{self.where} "  # noqa: S608
            f"ORDER BY {order} LIMIT %s OFFSET %s"
        )
        fetched = self._fetch(sql, [*stale_params, *self.params, *order_params, stop - start, start])
        names = [*OWN, *JOINED, "stale"]
        zone = connections[self.alias].timezone
        rows = []
        for values in fetched:
            row = dict(zip(names, values, strict=True))
            row["stale"] = bool(row["stale"])  # an integer on SQLite
            moment = row["last_progress_at"]
            if moment is not None and timezone.is_naive(moment):  # SQLite keeps UTC without a zone
                row["last_progress_at"] = timezone.make_aware(moment, zone)
            rows.append(row)
        return rows


def _past_states(rows: list[dict[str, Any]], on: dt.date) -> dict[int, str]:
    """The states of a page's tasks on a past date, from their spans in force then (ADR 0020):
    one look-up of a page's ids, by index."""
    spans = TaskStateSpan.objects.filter(states.in_force(on), task_id__in=[row["id"] for row in rows]).values(
        "task_id", "kind", "accepted_on", "deadline_on"
    )
    return {
        s["task_id"]: states.state_of(
            kind=s["kind"], accepted_on=s["accepted_on"], deadline_on=s["deadline_on"], on=on
        )
        for s in spans
    }


def as_output(rows: list[dict[str, Any]], *, on: dt.date) -> list[dict[str, Any]]:
    """The rows in ``TaskOutput``'s shape. Only the three date columns are converted, by name:
    checking the type of every value cost more than the rest of the conversion."""
    output = []
    past = _past_states(rows, on) if on < timezone.localdate() else None
    for row in rows:
        if past is not None:
            row["state"] = past.get(row["id"], "absent")
            # Completed (or not there) on that day is never "not updated" then, whatever since.
            row["stale"] = row["stale"] and row["state"] not in ("completed", "absent")
        else:
            accepted = row["accepted_on"] if row["status"] == "accepted" else None
            row["state"] = states.state_of(
                kind=row["kind"], accepted_on=accepted, deadline_on=row["deadline_on"], on=on
            )
        for name in _DATES:
            value = row[name]
            row[name] = None if value is None else value.isoformat()
        row["last_progress_at"] = _DATETIME.to_representation(row["last_progress_at"])  # None stays None
        output.append({name: row[name] for name in OUTPUT})
    return output
