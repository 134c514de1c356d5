"""Which notices still point at something their reader may see.

A notice names its target by type and id (``tasks.task``, 42), and this app sits below the apps
that own the targets, so it cannot ask them itself. Each such app registers, when it starts, how
to tell which of a reader's targets he may still see (``TasksConfig.ready``). A notice about a
task that has since left the reader's scope then says so instead of leading to a 404
(issue 10 §6). A type nobody registered is taken as visible: its link answers for itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from mandate.people.models import User

# (reader, ids as stored: text) → the ids among them he may see.
VisibleIds = Callable[[User, list[str]], set[str]]

_registry: dict[str, VisibleIds] = {}


def register(target_type: str, visible_ids: VisibleIds) -> None:
    _registry[target_type] = visible_ids


def out_of_reach(*, actor: User, targets: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (type, id) pairs among ``targets`` that the actor may no longer see: one query per
    registered type present, whatever the number of notices."""
    by_type: dict[str, set[str]] = defaultdict(set)
    for target_type, target_id in targets:
        if target_type in _registry and target_id:
            by_type[target_type].add(target_id)
    gone: set[tuple[str, str]] = set()
    for target_type, ids in by_type.items():
        visible = _registry[target_type](actor, sorted(ids))
        gone.update((target_type, target_id) for target_id in ids - visible)
    return gone
