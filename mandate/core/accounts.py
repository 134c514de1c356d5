"""The acting account as the lower layers see it.

``mandate.core`` and ``mandate.organisations`` sit below ``mandate.people`` (import-linter), so
they cannot name ``people.models.User``; they take an ``Account``, which ``User`` satisfies. The
layers above take ``User`` itself.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db import models


class Account(Protocol):
    """What core and organisations read of the actor: who it is and which rights it holds."""

    @property
    def pk(self) -> Any: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...

    def get_username(self) -> str: ...

    def has_perm(self, perm: str, obj: models.Model | None = ...) -> bool: ...
