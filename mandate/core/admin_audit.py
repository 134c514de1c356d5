"""The admin site writes through here, so its edits land in the audit trail like any other.

Deleting is switched off everywhere: records are retired, never removed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from mandate.core import audit


def _concrete_fields(obj: models.Model) -> list[str]:
    return [f.name for f in obj._meta.concrete_fields if f.name not in {"password", "search_text"}]


@transaction.atomic
def admin_save(*, actor: Any, obj: models.Model, change: bool) -> None:
    """Save an object edited in the admin and record what changed."""
    fields = _concrete_fields(obj)
    before: dict[str, Any] = {}
    if change and obj.pk is not None:
        original = type(obj)._default_manager.filter(pk=obj.pk).first()
        if original is not None:
            before = audit.snapshot(original, fields)
    if hasattr(obj, "version") and change:
        obj.version = obj.version + 1
    obj.save()
    after = audit.snapshot(obj, fields)
    old, new = audit.changes(before, after) if change else ({}, after)
    action = f"{obj._meta.app_label}.admin_{'change' if change else 'add'}"
    audit.record(actor=actor, action=action, target=obj, before=old or None, after=new)


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        admin_save(actor=request.user, obj=obj, change=change)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
