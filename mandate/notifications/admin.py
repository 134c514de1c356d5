"""Notices and digests are outputs of other services: the admin shows them and changes nothing
(no add, change or delete), so what a person was told stays as it was told."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from mandate.notifications.models import DigestLog, Notification


class _ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(_ReadOnlyAdmin):
    list_display = ["id", "created_at", "recipient", "kind", "title", "unit", "read_at", "emailed_on"]
    list_filter = ["kind", "emailed_on"]
    search_fields = ["title", "recipient__username", "target_id"]
    list_select_related = ["recipient", "unit"]
    raw_id_fields = ["recipient", "unit"]


@admin.register(DigestLog)
class DigestLogAdmin(_ReadOnlyAdmin):
    list_display = ["day", "recipient", "unit", "count", "sent_at"]
    list_filter = ["day"]
    list_select_related = ["recipient", "unit"]
