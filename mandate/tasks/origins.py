"""Where a task comes from, when an app above tasks made it (docs/adr/0047).

A task always comes from a document (``Task.document``); some are also what another record asked
for — an inspection's recommendation (issue 12, item 4). This app sits below those apps and may
not import them (the layers contract), so it cannot ask them itself, and it stores nothing of
theirs: whether the reader may see the origin is *their* reading rule, and it changes with his
positions and with the record. Each such app registers, when it starts, a resolver that answers
for one reader and one task — the origin as that reader may see it, or ``None`` (not from here,
or not for him) — and the task page shows the first answer. No resolver, no origin: the page
is the same as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mandate.people.models import User
from mandate.tasks.models import Task


@dataclass(frozen=True)
class Origin:
    """What the task page says: a label in the reader's language, and the origin's page for a
    reader who may open it ('' for none)."""

    label: str
    url: str = ""


# (reader, task) → the origin he may see, or None. One query at most: it runs on every task page.
Resolver = Callable[[User | None, Task], Origin | None]

_RESOLVERS: dict[str, Resolver] = {}


def register(name: str, resolver: Resolver) -> None:
    """``register("inspections.recommendation", resolver)`` in an ``AppConfig.ready``; the same
    name again replaces it."""
    _RESOLVERS[name] = resolver


def unregister(name: str) -> None:
    _RESOLVERS.pop(name, None)


def origin_of(*, actor: User | None, task: Task) -> Origin | None:
    for resolver in _RESOLVERS.values():
        origin = resolver(actor, task)
        if origin is not None:
            return origin
    return None
