"""Reads of reports, scoped to the reader (issue 13, item 8): a report the reader may not see
does not exist (404).

Who sees a report: its author; whoever acts for its unit (the unit's own people and the offices
it delegates to), draft or issued; and, once issued, every reader whose scope covers the unit —
an issued report is a document of the unit, read like its other documents. A draft is the
author's and the unit's work in progress, not yet a statement of the unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from mandate.core.exceptions import NotFoundError
from mandate.people.models import User
from mandate.people.scopes import acting_for, read_scope
from mandate.reports.models import Report, ReportState


def visible_q(actor: User) -> Q:
    acting = acting_for(actor)
    if acting.everything:
        return Q()
    issued = Q(state=ReportState.ISSUED) & read_scope(actor).q("unit__path")
    return Q(author=actor) | Q(unit__path__in=acting.paths) | issued


@dataclass(frozen=True)
class ReportFilters:
    unit_id: int | None = None
    state: str | None = None


def report_list(*, actor: User, filters: ReportFilters | None = None) -> QuerySet[Report]:
    """The reports the reader sees, newest first, with what the list shows (one query)."""
    filters = filters or ReportFilters()
    reports = Report.objects.filter(visible_q(actor)).select_related(
        "unit", "period", "author__person", "job"
    )
    if filters.unit_id is not None:
        reports = reports.filter(unit_id=filters.unit_id)
    if filters.state is not None:
        reports = reports.filter(state=filters.state)
    return reports.defer("content")


def report_get(*, actor: User, report_id: int) -> Report:
    report = (
        Report.objects.filter(visible_q(actor), pk=report_id)
        .select_related(
            "unit", "period", "author__person", "job", "document", "files_job", "subject_document"
        )
        .first()
    )
    if report is None:
        raise NotFoundError()
    return report
