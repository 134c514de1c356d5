"""The job runs, for administrators (``core.view_jobrun``): read-only, newest first, with the
runs whose consumer has gone quiet flagged (docs/adr/0023-job-engine.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mandate.core.models import JobRun, JobState

# A running job writes a heartbeat every MANDATE_JOBS_HEARTBEAT_SECONDS; three missed is worth a look.
QUIET_HEARTBEATS = 3


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = [
        "id",
        "name",
        "slot",
        "state",
        "attempts",
        "started_at",
        "finished_at",
        "heartbeat",
        "consumer",
        "short_error",
    ]
    list_filter = ["state", "name"]
    search_fields = ["name", "consumer", "error"]
    date_hierarchy = "queued_at"
    list_per_page = 50
    readonly_fields = [f.name for f in JobRun._meta.concrete_fields]

    @admin.display(description=_("last heartbeat"), ordering="heartbeat_at")
    def heartbeat(self, run: JobRun) -> str:
        if run.heartbeat_at is None:
            return "—"
        shown = timezone.localtime(run.heartbeat_at).strftime("%H:%M:%S %d/%m/%Y")
        quiet = dt.timedelta(seconds=QUIET_HEARTBEATS * settings.MANDATE_JOBS_HEARTBEAT_SECONDS)
        if run.state == JobState.RUNNING and timezone.now() - run.heartbeat_at > quiet:
            return str(_("%(when)s (no sign of life since)") % {"when": shown})
        return shown

    @admin.display(description=_("error"))
    def short_error(self, run: JobRun) -> str:
        lines = [line for line in run.error.strip().splitlines() if line.strip()]
        return lines[-1][:120] if lines else ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
