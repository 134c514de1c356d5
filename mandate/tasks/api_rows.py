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

from mandate.tasks import states
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
    "state": "state",  # computed from the row's columns (states.state_of), not read
    "stale": "stale",
    "progress": "progress",
    "last_progress_at": "last_progress_at",
    "urgency": "urgency",
    "version": "version",
}

READ = [lookup for lookup in COLUMNS.values() if lookup != "state"] + ["done_reported_on"]
_DATETIME = serializers.DateTimeField()  # DRF's own conversion: the current time zone, ISO 8601


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return _DATETIME.to_representation(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class TaskRows:
    """What the paginator pages: the count of the tasks themselves, the page as values. Counted
    through the values, the joins they need (document, units, person) would stay in the count and
    keep PostgreSQL from an index-only scan (performance.md, F4)."""

    ordered = True

    def __init__(self, tasks: QuerySet[Task], listed: QuerySet[Task]) -> None:
        self.tasks = tasks  # bare (selectors.task_list_filtered)
        self.rows: QuerySet[Task, dict[str, Any]] = listed.values(*READ)

    def count(self) -> int:
        return self.tasks.count()

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return list(self.rows[index])


def as_output(rows: list[dict[str, Any]], *, on: dt.date) -> list[dict[str, Any]]:
    output = []
    for row in rows:
        row["state"] = states.state_of(
            kind=row["kind"], status=row["status"], deadline_on=row["deadline_on"],
            done_reported_on=row["done_reported_on"], on=on,
        )  # fmt: skip
        output.append({name: _plain(row[lookup]) for name, lookup in COLUMNS.items()})
    return output
