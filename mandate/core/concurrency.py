"""Optimistic concurrency: an update carries the version its author read; a stale one is refused.

Callers lock the row first (``select_for_update``), so two writers can never both pass the check.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from mandate.core import audit
from mandate.core.exceptions import ConflictError, VersionRequiredError


def check_version(*, obj: models.Model, expected_version: int | None) -> None:
    if expected_version is None:
        raise VersionRequiredError()
    current: int = obj.version  # type: ignore[attr-defined]
    if current != expected_version:
        change = audit.last_change(target=obj)
        raise ConflictError(
            current_version=current,
            changed_by=change.actor_label if change else None,
            changed_at=change.at if change else None,
        )


def bump_version(obj: Any) -> None:
    obj.version = obj.version + 1
