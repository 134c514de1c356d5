"""The reports app's job: making a report in the background (issue 13, item 7;
docs/adr/0023-job-engine.md). Thin: the service does the work and is idempotent (a report is made
once, however often its run is repeated after a killed consumer)."""

from __future__ import annotations

from typing import Any

from mandate.core.job_engine import job
from mandate.reports import services


@job("reports.make")
def make(report_id: int) -> dict[str, Any]:
    return services.report_make(report_id)
