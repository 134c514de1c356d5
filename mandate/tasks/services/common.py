"""What every task service does after a change: a timeline event, an audit entry, notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from mandate.core import audit
from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.text import fold
from mandate.notifications import services as notifications
from mandate.organisations.models import OrgUnit
from mandate.people.models import User
from mandate.tasks import history, rollups
from mandate.tasks.models import ProgressReport, Task, TaskEvent

TASK_FIELDS = [
    "document", "parent", "content", "expected_product", "lead_unit", "lead_person", "assigner_unit",
    "authority", "assigned_on", "kind", "working_days", "deadline_on", "weight", "urgency", "status",
]  # fmt: skip


def today() -> Any:
    return timezone.localdate()


def moment(on: dt.date | None) -> dt.datetime:
    """When a change happened: now, or — for records entered after the fact (the demo's history,
    imports) — midday of the day given."""
    if on is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(on, dt.time(12, 0)))


def record(
    *,
    actor: User | None,
    task: Task,
    kind: str,
    action: str,
    text: str = "",
    from_status: str = "",
    to_status: str = "",
    data: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    report: ProgressReport | None = None,
    recount: bool = False,
) -> TaskEvent:
    """The timeline row, the state span (when what the states read changed: ``history.sync``),
    today's counts (``rollups``) and the audit entry of one change, written together.
    ``report``: the progress report the change added; ``recount``: the change rewrote the
    history itself (a correction), so the unit's counts are recounted, not moved."""
    event = TaskEvent.objects.create(
        at=at or timezone.now(),
        task=task,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor.get_username() if actor is not None else "system",
        text=text,
        data=data or {},
    )
    change = history.sync(task=task, day=timezone.localdate(at) if at is not None else today())
    audit.record(
        actor=actor,
        action=f"tasks.{action}",
        target=task,
        before=before,
        after={**(after or {}), **({"text": text} if text else {}), "event": event.pk},
    )
    # Last: the unit's row stays locked until the commit, so it is locked for as short a time
    # as the transaction allows.
    if recount:
        rollups.refresh_units(unit_ids=[task.lead_unit_id])
    else:
        rollups.apply_change(task=task, change=change, report=report)
    return event


def require(condition: bool, message: Any) -> None:
    if not condition:
        raise PermissionDeniedError(message)


def require_text(value: str, field: str, message: Any) -> str:
    if not value or not value.strip():
        raise ApplicationError(message, fields={field: [message]})
    return value.strip()


def search_text(task: Task) -> str:
    return fold(f"{task.ordinal} {task.content} {task.expected_product}")


def heads_of(unit_ids: Iterable[int], *, day: Any = None) -> list[User]:
    """Accounts of the heads (regular or acting) of these units on ``day``. One ``filter`` call:
    every condition is on the same position (two calls would join the positions twice, and a
    person whose head position ended would count through another position still running)."""
    day = day or today()
    return list(
        User.objects.filter(
            Q(person__positions__valid_to__isnull=True) | Q(person__positions__valid_to__gte=day),
            is_active=True,
            person__positions__unit_id__in=list(unit_ids),
            person__positions__is_head=True,
            person__positions__valid_from__lte=day,
        ).distinct()
    )


def lead_side_users(task: Task) -> list[User]:
    users = heads_of([task.lead_unit_id])
    if task.lead_person_id is not None and task.lead_person is not None and task.lead_person.user_id:
        users.append(task.lead_person.user)  # type: ignore[arg-type]
    return list({u.pk: u for u in users}.values())


def assigner_side_users(task: Task) -> list[User]:
    users = heads_of([task.assigner_unit_id])
    if task.assigned_by_id is not None and task.assigned_by is not None:
        users.append(task.assigned_by)
    return list({u.pk: u for u in users}.values())


def tell(
    *,
    users: list[User],
    actor: User | None,
    kind: str,
    task: Task,
    message: str,
    unit: OrgUnit | None,
    params: dict[str, Any] | None = None,
) -> None:
    """Notices to the other side (the actor does not notify himself). ``message`` is an English
    msgid marked with ``gettext_noop``: each reader reads it in his language (ADR 0027)."""
    recipients = [u for u in users if actor is None or u.pk != actor.pk]
    if recipients:
        notifications.notify(
            recipients=recipients,
            kind=kind,
            message=message,
            params=params,
            body=task.content[:500],
            unit=unit,
            target=task,
            url=f"/tasks/{task.pk}/",
        )
