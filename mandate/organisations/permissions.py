from __future__ import annotations

from mandate.core.accounts import Account


def can_manage_structure(*, actor: Account | None) -> bool:
    """Changing the tree is an administrator's job, granted as a Django permission."""
    return bool(
        actor is not None and actor.is_authenticated and actor.has_perm("organisations.manage_structure")
    )
