from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from mandate.core.access_log import is_auditor
from mandate.core.admin_audit import AuditedAdmin, VersionedAdminForm
from mandate.core.calendar_services import (
    calendar_override_remove,
    calendar_override_set,
    can_change_calendar,
)
from mandate.core.models import AccessLogEntry, AuditEntry, CalendarOverride


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


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The access log, read-only, for the auditor (``core.access_log.is_auditor``): Django's view
    permission alone is not enough, so an administrator given it by mistake still sees nothing."""

    list_display = ["id", "at", "actor_label", "record_type", "record_id", "purpose", "route"]
    list_filter = ["record_type", "purpose"]
    search_fields = ["=record_id", "actor_label", "=request_id"]
    date_hierarchy = "at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_auditor(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_auditor(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CalendarOverrideForm(VersionedAdminForm):
    retire_reason = forms.CharField(
        label=_("Remove this override, for this reason"),
        help_text=_("Fill this in only to stop applying the override; the day then follows the law again."),
        required=False,
        max_length=300,
    )


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(AuditedAdmin):
    """Every save goes through the calendar services, which check the right, audit the change and
    clear the cached overrides (an ordinary admin save would leave deadlines on stale data)."""

    form = CalendarOverrideForm
    list_display = ["day", "is_working_day", "reason", "source_document", "retired_at"]
    list_filter = ["is_working_day", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["reason", "source_document"]
    date_hierarchy = "day"
    fields = ["day", "is_working_day", "reason", "source_document", "retired_at", "retired_reason"]
    readonly_fields = ["retired_at", "retired_reason"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_fields(request, obj))
        if obj is not None and obj.retired_at is None:
            fields.append("retire_reason")
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The day is the row's key: another day is another override, added on its own.
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "day"] if obj is not None else readonly

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and can_change_calendar(actor=request.user)

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: Any, change: bool) -> None:
        retire_reason = form.cleaned_data.get("retire_reason", "").strip()
        if change and retire_reason:
            saved = calendar_override_remove(actor=request.user, override=obj, reason=retire_reason)
        else:
            saved = calendar_override_set(
                actor=request.user,
                day=obj.day,
                is_working_day=obj.is_working_day,
                reason=obj.reason,
                source_document=obj.source_document,
            )
        # The admin's messages and redirect use ``obj``: make it the row the service saved.
        for field in saved._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False


# The job runs' page lives in its own module (registered on import).
from mandate.core import admin_jobs  # noqa: E402, F401
