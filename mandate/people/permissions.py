from __future__ import annotations

from mandate.people.models import User


def can_manage_people(*, actor: User | None) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.has_perm("people.add_position"))
