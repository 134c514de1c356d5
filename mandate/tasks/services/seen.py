"""The first opening of a task's page by a person: what takes a task off "new" on his My work."""

from __future__ import annotations

from django.utils import timezone

from mandate.people.models import User
from mandate.tasks.models import Task, TaskSeen


def task_mark_seen(*, actor: User, task: Task) -> None:
    """Record that ``actor`` opened ``task`` (a task he sees: callers pass one from
    ``selectors.task_get_visible``). The first opening stays; opening it again writes nothing
    (one INSERT that ignores the duplicate, whatever the database, even from two tabs at once).

    Not audited and no version bump: it is the reader's own bookkeeping of his inbox, like a
    notice's ``read_at``, not a change of the task (ADR 0026). Anonymous or system: nothing.
    """
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    TaskSeen.objects.bulk_create(
        [TaskSeen(task_id=task.pk, user_id=actor.pk, seen_at=timezone.now())], ignore_conflicts=True
    )
