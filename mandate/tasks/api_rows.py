"""The rows of the task list endpoint, read as values instead of model instances.

Why: a page of 50 tasks built as instances (four related models each) and serialised field by
field cost ~10 ms more than its SQL; as values converted here it costs ~2 ms (docs/performance.md,
F5). The shape is ``api.TaskOutput``'s, which stays the schema and the detail's serializer; a test
(test_api.py) holds the two equal row by row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from mandate.tasks.models import Task

# Output name: the lookup it is read from (in TaskOutput's order).
COLUMNS: dict[str, str] = {
    "id": "id",
    "ordinal": "ordinal",
    "content": "content",
    "document": "document_id",
    "document_symbol": "document__symbol",
    "parent": "parent_id",
    "depth": "depth",
    "lead_unit": "lead_unit_id",
    "lead_unit_name": "lead_unit__name",
    "lead_person": "lead_person_id",
    "lead_person_name": "lead_person__full_name",
    "assigner_unit": "assigner_unit_id",
    "assigner_unit_name": "assigner_unit__name",
    "kind": "kind",
    "assigned_on": "assigned_on",
    "deadline_on": "deadline_on",
    "status": "status",
    "state": "state",
    "stale": "stale",
    "progress": "progress",
    "last_progress_at": "last_progress_at",
    "urgency": "urgency",
    "version": "version",
}

_DATETIME = serializers.DateTimeField()  # DRF's own conversion: the current time zone, ISO 8601


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _DATETIME.to_representation(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def task_rows(tasks: QuerySet[Task]) -> QuerySet[Task, dict[str, Any]]:
    """The list's columns of ``tasks`` (annotated with ``state`` and ``stale``)."""
    rows: QuerySet[Task, dict[str, Any]] = tasks.values(*COLUMNS.values())
    return rows


def as_output(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{name: _plain(row[lookup]) for name, lookup in COLUMNS.items()} for row in rows]
