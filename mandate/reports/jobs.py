"""The reports app's job: making a report in the background (issue 13, item 7;
docs/adr/0023-job-engine.md). Thin: the service does the work and is idempotent (a report is made
once, however often its run is repeated after a killed consumer)."""

from __future__ import annotations

from typing import Any

from mandate.core.job_engine import job
from mandate.reports import issued_files, services


@job("reports.make", lock_by="report_id")
def make(report_id: int) -> dict[str, Any]:
    return services.report_make(report_id)


@job("reports.files", lock_by="report_id")
def files(report_id: int) -> dict[str, Any]:
    return issued_files.report_files(report_id)
