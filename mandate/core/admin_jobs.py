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
    # What fits a screen; the consumer, the times and the whole error are on each run's page.
    list_display = ["id", "name", "slot", "state_shown", "attempts", "finished_at", "short_error"]
    list_filter = ["state", "name"]
    search_fields = ["name", "consumer", "error"]
    date_hierarchy = "queued_at"
    list_per_page = 50
    readonly_fields = [f.name for f in JobRun._meta.concrete_fields]

    @admin.display(description=_("state"), ordering="state")
    def state_shown(self, run: JobRun) -> str:
        """The state; for a running job whose heartbeat stopped, since when (its consumer may be
        gone: the recovery queues it again within a minute once its lock is free)."""
        shown = run.get_state_display()
        quiet = dt.timedelta(seconds=QUIET_HEARTBEATS * settings.MANDATE_JOBS_HEARTBEAT_SECONDS)
        if run.state == JobState.RUNNING and run.heartbeat_at and timezone.now() - run.heartbeat_at > quiet:
            when = timezone.localtime(run.heartbeat_at).strftime("%H:%M:%S %d/%m/%Y")
            return str(_("%(state)s, no sign of life since %(when)s") % {"state": shown, "when": when})
        return str(shown)

    @admin.display(description=_("error"))
    def short_error(self, run: JobRun) -> str:
        lines = [line for line in run.error.strip().splitlines() if line.strip()]
        return lines[-1][:60] if lines else ""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
