from __future__ import annotations

from typing import Any


def can_manage_people(*, actor: Any) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.has_perm("people.add_position"))
