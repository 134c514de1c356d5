"""The orders the task list can be read in: by deadline (the default), assignment date, lead unit,
state and progress, each ascending or descending, each ending with the id so that a page never
changes with ties (ADR 0026).

"By lead unit" is the order of the unit tree (the lead path), as reports list units, not the
alphabet: the tree order is what people read units in, and the (lead path, status) index yields
it. "By state" is the life cycle's order of the status (assigned, in progress, reported, returned,
accepted, cancelled), then the deadline: read from ``STATUS_RANK``, an expression the index
``task_status_order_idx`` is built on, so PostgreSQL walks the index for the first page.
"""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, OrderBy, Value, When

from mandate.tasks.enums import TaskStatus

DEFAULT = "deadline_on"
LIFE_CYCLE = (
    TaskStatus.ASSIGNED, TaskStatus.IN_PROGRESS, TaskStatus.REPORTED, TaskStatus.RETURNED,
    TaskStatus.ACCEPTED, TaskStatus.CANCELLED,
)  # fmt: skip


def status_rank() -> Case:
    """The status's place in the life cycle (1 to 6); the same expression as the index's."""
    return Case(
        *(When(status=str(status), then=Value(rank)) for rank, status in enumerate(LIFE_CYCLE, start=1)),
        default=Value(len(LIFE_CYCLE) + 1),
        output_field=IntegerField(),
    )


# The name a request gives: the columns read, before the id.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "deadline_on": ("deadline_on",),
    "assigned_on": ("assigned_on",),
    "lead_unit": ("lead_path", "deadline_on"),
    "status": ("status_rank", "deadline_on"),
    "progress": ("progress",),
}
# Every name the ``ordering`` parameter takes: each ascending, and descending with a "-".
CHOICES = tuple(name for key in ORDERINGS for name in (key, f"-{key}"))


def order_by(ordering: str) -> list[OrderBy]:
    """The ORDER BY of ``ordering`` (one of ``CHOICES``): its columns, then the id, all in the
    same direction (so that an index serves the descending order read backwards)."""
    descending = ordering.startswith("-")
    columns = ORDERINGS[ordering.removeprefix("-")]
    expressions = [status_rank() if column == "status_rank" else F(column) for column in (*columns, "id")]
    return [OrderBy(expression, descending=descending) for expression in expressions]
