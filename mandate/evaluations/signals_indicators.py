"""The signal of late reporting on indicators (issue 14 item 1, from issue 11's reporting rates;
docs/adr/0051): a unit expected to report for a set whose deadline passed within the period, and
that, by the end of the period's last day, had submitted late or not at all.

It reads the reporting rates' own rule (``indicators.reporting_rates.recorded_statuses``: each
submission's state and last submission as recorded by the day), so the signal and the rate page
never disagree. A report is the unit's, never a person's: counted for units only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.core import period_labels, periods
from mandate.core.models import Period
from mandate.core.period_spans import PeriodSpan, half_span, month_span, quarter_span, year_span
from mandate.evaluations.signals_registry import Behaviour, Counts, Hit, SignalDefinition, Window, register
from mandate.evaluations.signals_tasks import in_units
from mandate.indicators.enums import ReportingPeriodKind, ReportingStatus
from mandate.indicators.hierarchy import hierarchy_on
from mandate.indicators.models import IndicatorSet
from mandate.indicators.reporting_rates import recorded_statuses

SUBMISSION = "indicators.submission"
SET = "indicators.indicatorset"
LATE = frozenset({ReportingStatus.LATE, ReportingStatus.NOT_SUBMITTED})


def _spans(kind: str, first_year: int, last_year: int) -> list[PeriodSpan]:
    found: list[PeriodSpan] = []
    for year in range(first_year, last_year + 1):
        if kind == ReportingPeriodKind.MONTH:
            found += [month_span(year, number) for number in range(1, 13)]
        elif kind == ReportingPeriodKind.QUARTER:
            found += [quarter_span(year, number) for number in range(1, 5)]
        elif kind == ReportingPeriodKind.HALF:
            found += [half_span(year, number) for number in (1, 2)]
        else:
            found.append(year_span(year))
    return found


def _due_in(window: Window, indicator_set: IndicatorSet) -> list[tuple[PeriodSpan, dt.date]]:
    """The set's periods whose deadline fell in the period, before its last day (so it had passed
    when the figures are read), within the days the set was collected."""
    due = []
    for span in _spans(indicator_set.period_kind, window.starts_on.year - 1, window.ends_on.year):
        deadline = periods.deadline(span, days=indicator_set.deadline_days)
        if not window.starts_on <= deadline < window.ends_on:
            continue
        if span.ends_on < indicator_set.valid_from:
            continue
        if indicator_set.valid_to is not None and span.starts_on > indicator_set.valid_to:
            continue
        due.append((span, deadline))
    return due


@dataclass(frozen=True)
class _Late:
    indicator_set: IndicatorSet
    span: PeriodSpan
    deadline: dt.date
    unit_path: str
    status: str
    submission_id: int | None


def _late(window: Window) -> Iterator[_Late]:
    """Each unit's report due in the window and late or missing, in the reporting rates' rule:
    what the records list shows and the board counts (``_counts``), one reading for both."""
    if window.person_ids is not None:
        return
    sets = IndicatorSet.objects.filter(valid_from__lte=window.ends_on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(window.starts_on.year - 1, 1, 1))
    )
    for indicator_set in sets.order_by("pk"):
        for span, deadline in _due_in(window, indicator_set):
            hierarchy = hierarchy_on(indicator_set, span.ends_on)
            units = [
                u for u in hierarchy.parent_of if in_units(hierarchy.path_of.get(u, ""), window.prefixes)
            ]
            if not units:
                continue
            period = Period.objects.filter(code=span.code).first()
            statuses = (
                recorded_statuses(indicator_set, period, units, on=window.ends_on)
                if period is not None
                else dict.fromkeys(units, (ReportingStatus.NOT_SUBMITTED, None, None, None))
            )
            for unit_id in sorted(units, key=lambda u: hierarchy.path_of[u]):
                status, _state, _at, submission_id = statuses[unit_id]
                if status in LATE:
                    path = hierarchy.path_of[unit_id]
                    yield _Late(indicator_set, span, deadline, path, status, submission_id)


def _counts(window: Window) -> Counts:
    counts: Counts = {}
    for late in _late(window):
        counts[(late.unit_path, None)] = counts.get((late.unit_path, None), 0) + 1
    return counts


def indicator_reports_late(window: Window) -> list[Hit]:
    hits: list[Hit] = []
    words: dict[tuple[int, str, str], tuple[str, str, str]] = {}
    for late in _late(window):
        key = (late.indicator_set.pk, late.span.code, late.status)
        if key not in words:  # the set's words and link once, not once a unit
            detail = (
                _("Submitted after the deadline of %(day)s")
                if late.status == ReportingStatus.LATE
                else _("Not submitted by the deadline of %(day)s")
            ) % {"day": f"{late.deadline:%d/%m/%Y}"}
            label = f"{late.indicator_set.name} · {period_labels.label(late.span)}"
            words[key] = (label, detail, reverse("indicators:entry", args=[late.indicator_set.pk]))
        label, detail, link = words[key]
        hits.append(
            Hit(
                record_type=SUBMISSION if late.submission_id is not None else SET,
                record_id=late.submission_id if late.submission_id is not None else late.indicator_set.pk,
                unit_path=late.unit_path,
                person_id=None,
                day=late.deadline,
                label=label,
                detail=detail,
                link=link,
            )
        )
    return hits


register(
    SignalDefinition(
        code="indicator_reports_late",
        behaviour=Behaviour.DELAY,
        label=gettext_lazy("Indicator reports late"),
        measures=gettext_lazy("Indicator reports due in the period, submitted late or not at all."),
        finder=indicator_reports_late,
        counter=_counts,
        per_person=False,
    )
)
