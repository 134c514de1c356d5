from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mandate.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["id", "at", "actor_label", "action", "target_type", "target_id", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_label", "actor_label", "action"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
