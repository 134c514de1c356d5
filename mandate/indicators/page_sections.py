"""The indicator page's sections beside its figures (issue 11, items 8 and 9; ADR 0039): the
set's reporting rate for the period (``reporting_rates``, ADR 0037) and the stated figures about
the units the reader reads, flagged ones first (``figures.statement_list_visible``, ADR 0035).

Why a module of its own: the view stays a call per section, and each section reads through the
same selector the API does, so the page says what ``/reporting-rate/`` and ``/statements/`` say.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from mandate.core.exceptions import ApplicationError
from mandate.core.models import Period
from mandate.indicators import figures, reporting_rates
from mandate.indicators.enums import ReportingStatus, StatementVerdict
from mandate.indicators.models import Indicator, IndicatorSet, StatedFigure
from mandate.indicators.services.common import require_period_in_set
from mandate.indicators.statement_reasons import reason_of
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

STATEMENTS_SHOWN = 50


@dataclass(frozen=True)
class RateRow:
    unit: OrgUnit
    reports_to: OrgUnit
    status: str
    submitted_at: dt.datetime | None

    @property
    def status_label(self) -> str:
        return str(ReportingStatus(self.status).label)


@dataclass(frozen=True)
class RateSection:
    rate: reporting_rates.ReportingRate
    rows: list[RateRow]


def reporting_rate(*, actor: User, indicator_set: IndicatorSet, period: Period | None) -> RateSection | None:
    """The set's reporting rate for the period as recorded today, scoped as the API's; None when
    the period is not one the set collects for (another kind, such as a cut-off day, or outside
    the set's span, or named by no value yet)."""
    if period is None or period.kind != indicator_set.period_kind:
        return None
    try:
        require_period_in_set(indicator_set, period)
    except ApplicationError:
        return None
    rate = reporting_rates.reporting_rate(
        actor=actor, indicator_set=indicator_set, period=period, on=timezone.localdate()
    )
    rows = [RateRow(r.unit, r.reports_to, r.status, r.submitted_at) for r in rate.rows]
    return RateSection(rate=rate, rows=rows)


@dataclass(frozen=True)
class StatementRow:
    statement: StatedFigure
    reason: str

    @property
    def flagged(self) -> bool:
        return self.statement.verdict != StatementVerdict.OK


def stated_figures(
    *, actor: User, indicator_set: IndicatorSet, indicator: Indicator, period: Period | None
) -> list[StatementRow]:
    """The figures stated about this indicator and period for units the reader reads (his scope
    covers them, or a level above them in the set), the wrong and the malformed first, then the
    newest (at most ``STATEMENTS_SHOWN``)."""
    if period is None:
        return []
    rows = (
        figures.statement_list_visible(
            actor=actor, indicator=indicator, period=period, indicator_set=indicator_set
        )
        .annotate(
            right=Case(
                When(verdict=StatementVerdict.OK, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        .order_by("right", "-entered_at", "-id")[:STATEMENTS_SHOWN]
    )
    return [StatementRow(statement=row, reason=reason_of(row)) for row in rows]
