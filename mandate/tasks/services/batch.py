"""Several tasks from one document in one act, as a plan's table of tasks is assigned: every row
through ``assignment.task_assign`` (the same checks as one task alone, the assigner unit
included), all in one transaction — every row is assigned, or none, and each refused row says
why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mandate.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from mandate.documents.models import Document
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.tasks.enums import Urgency
from mandate.tasks.models import Task
from mandate.tasks.services import assignment

MAX_ROWS = 50


@dataclass(frozen=True)
class TaskRow:
    """One row of the table: what is to be done, by whom, by when, and what it yields."""

    content: str
    lead_unit: OrgUnit
    coordinating_units: Sequence[OrgUnit] = field(default_factory=tuple)
    deadline_on: dt.date | None = None
    working_days: int | None = None
    expected_product: str = ""
    ordinal: str = ""


class RowsRefused(ApplicationError):
    """Some rows were refused, so no task was assigned; ``rows`` holds each refused row's own
    refusal by its index (from 0), and ``fields`` names them ``rows.<index>.<field>``."""

    default_code = "rows_refused"

    def __init__(self, rows: dict[int, ApplicationError]) -> None:
        self.rows = rows
        fields: dict[str, list[object]] = {}
        for index, refusal in rows.items():
            for name, messages in (refusal.fields or {"row": [refusal.message]}).items():
                fields[f"rows.{index}.{name}"] = list(messages)
        message = ngettext(
            "%(n)s row was refused, so no task is assigned.",
            "%(n)s rows were refused, so no task is assigned.",
            len(rows),
        ) % {"n": len(rows)}
        super().__init__(message, fields=fields)  # type: ignore[arg-type]


@transaction.atomic
def task_assign_rows(
    *,
    actor: User | None,
    document: Document,
    assigner_unit: OrgUnit,
    rows: Sequence[TaskRow],
    urgency: str = Urgency.NORMAL,
    authority: str = "",
) -> list[Task]:
    """Assign every row, signed for ``assigner_unit``, or none. A refusal of the actor's right
    (403) ends it at once; any other refusal is recorded against its row and the next rows are
    still checked, so that one answer lists every row to correct."""
    if not rows:
        raise ApplicationError(_("Add at least one task."), fields={"rows": [_("Add at least one task.")]})
    if len(rows) > MAX_ROWS:
        message = _("At most %(n)s tasks at a time.") % {"n": MAX_ROWS}
        raise ApplicationError(message, fields={"rows": [message]})
    tasks: list[Task] = []
    refused: dict[int, ApplicationError] = {}
    for index, row in enumerate(rows):
        try:
            with transaction.atomic():  # a refused row leaves nothing behind
                tasks.append(
                    assignment.task_assign(
                        actor=actor,
                        document=document,
                        assigner_unit=assigner_unit,
                        content=row.content,
                        lead_unit=row.lead_unit,
                        coordinating_units=row.coordinating_units,
                        deadline_on=row.deadline_on,
                        working_days=row.working_days,
                        expected_product=row.expected_product,
                        ordinal=row.ordinal,
                        urgency=urgency,
                        authority=authority,
                    )
                )
        except (PermissionDeniedError, NotFoundError):
            raise
        except ApplicationError as err:
            if "assigner_unit" in err.fields:  # the same for every row: the form's, not a row's
                raise
            refused[index] = err
    if refused:
        raise RowsRefused(refused)
    return tasks
