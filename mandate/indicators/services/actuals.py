"""Entering a unit's actuals for a set and period: in a form, through the API, or (item 10) from
an imported file — always through ``actuals_enter`` (ADR 0030).

Values change only while their submission is a draft or returned: a submitted one waits for
its approver (409), an accepted one is locked (409 naming who locked it and when). Every change
is an ``ActualRevision``; an entry identical to what is stored changes nothing and records
nothing, so the same file imported twice changes nothing the second time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version
from mandate.core.enums import PeriodKind
from mandate.core.exceptions import ConflictError, InvalidStateError, VersionRequiredError
from mandate.core.models import Period
from mandate.indicators import actual_sums, calculations, policy
from mandate.indicators.enums import IndicatorKind, ValueChange
from mandate.indicators.models import (
    Actual,
    ActualRevision,
    DisaggregationOption,
    Indicator,
    IndicatorSet,
    Submission,
)
from mandate.indicators.services import validation
from mandate.indicators.services.common import (
    checked_amount,
    field_error,
    hierarchy_for,
    label_of,
    moment,
    require_period_in_set,
    user_or_none,
)
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

# The places a ratio's value (numerator / denominator × factor) is kept to: the column's.
RATIO_PLACES = 4


@dataclass(frozen=True)
class ActualEntry:
    """One value to enter: ``value`` for a number, ``numerator`` and ``denominator`` for a
    ratio; ``option`` for a part of a disaggregation (None: the total); ``explanation`` None
    keeps the stored one; ``version`` is required when the value exists already."""

    indicator: Indicator
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    option: DisaggregationOption | None = None
    explanation: str | None = None
    version: int | None = None


@dataclass(frozen=True)
class _Checked:
    entry: ActualEntry
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None


def _check_period(indicator_set: IndicatorSet, period: Period) -> None:
    """Values are for the set's periods, or cumulative to a cut-off day ("9 tháng đầu năm")."""
    require_period_in_set(indicator_set, period)
    if period.kind not in (indicator_set.period_kind, PeriodKind.CUMULATIVE):
        raise field_error(
            "period",
            _("This set collects values per %(kind)s, or cumulative to a day.")
            % {"kind": PeriodKind(indicator_set.period_kind).label},
        )


def _check_entry(index: int, entry: ActualEntry, in_set: set[int]) -> _Checked:
    name = f"entries.{index}"
    indicator = entry.indicator
    if indicator.pk not in in_set:
        raise field_error(f"{name}.indicator", _("This indicator is not in the set."))
    if indicator.kind == IndicatorKind.COMPUTED:
        raise field_error(
            f"{name}.indicator", _("This indicator is computed from records: it is not entered.")
        )
    if entry.option is not None and entry.option.disaggregation_id != indicator.disaggregation_id:
        raise field_error(f"{name}.option", _("This is not a part of this indicator's breakdown."))
    if indicator.kind == IndicatorKind.RATIO:
        if entry.numerator is None or entry.denominator is None:
            raise field_error(f"{name}.numerator", _("A ratio takes a numerator and a denominator."))
        numerator = checked_amount(entry.numerator, field=f"{name}.numerator", decimals=indicator.decimals)
        denominator = checked_amount(
            entry.denominator, field=f"{name}.denominator", decimals=indicator.decimals, positive=True
        )
        value = calculations.ratio_value(
            numerator=numerator, denominator=denominator, factor=indicator.factor, places=RATIO_PLACES
        )
        assert value is not None  # the denominator is positive
        return _Checked(entry, value, numerator, denominator)
    if entry.value is None:
        raise field_error(f"{name}.value", _("Enter the value."))
    if entry.numerator is not None or entry.denominator is not None:
        raise field_error(f"{name}.numerator", _("Only a ratio takes a numerator and a denominator."))
    return _Checked(
        entry, checked_amount(entry.value, field=f"{name}.value", decimals=indicator.decimals), None, None
    )


def _check_version(actual: Actual, expected: int | None) -> None:
    """As ``core.concurrency.check_version``, naming the last change from the value's history."""
    if expected is None:
        raise VersionRequiredError()
    if actual.version != expected:
        last = actual.revisions.order_by("-at", "-id").first()
        raise ConflictError(
            current_version=actual.version,
            changed_by=last.actor_label if last else None,
            changed_at=last.at if last else None,
        )


def _unchanged(actual: Actual, checked: _Checked) -> bool:
    explanation = checked.entry.explanation
    return (
        actual.value == checked.value
        and actual.numerator == checked.numerator
        and actual.denominator == checked.denominator
        and (explanation is None or explanation.strip() == actual.explanation)
    )


def _submission(indicator_set: IndicatorSet, unit: OrgUnit, period: Period) -> Submission:
    found = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("accepted_by", "next_unit")
        .filter(indicator_set=indicator_set, unit=unit, period=period)
        .first()
    )
    return found or Submission(indicator_set=indicator_set, unit=unit, unit_path=unit.path, period=period)


@transaction.atomic
def actuals_enter(
    *,
    actor: User | None,
    indicator_set: IndicatorSet,
    unit: OrgUnit,
    period: Period,
    entries: Sequence[ActualEntry],
    on: dt.date | None = None,
    record_audit: bool = True,
) -> list[Actual]:
    """Enter or change the unit's values; all or none. Returns the actuals named, in order.

    ``record_audit=False`` is for a sheet import only (``indicators.sheet_values``): the import
    records one audit entry for the whole file (``core.sheet_import``, ADR 0032), not one per
    unit; every value still gets its revision."""
    hierarchy = hierarchy_for(indicator_set, period)
    if not hierarchy.reports(unit.pk):
        raise field_error("unit", _("This unit does not report in this set for this period."))
    submission = _submission(indicator_set, unit, period)
    policy.require(actor, submission, hierarchy, "enter")
    _check_period(indicator_set, period)
    if not entries:
        raise field_error("entries", _("Enter at least one value."))
    in_set = set(indicator_set.items.values_list("indicator_id", flat=True))
    checked = [_check_entry(index, entry, in_set) for index, entry in enumerate(entries)]
    keys = [(c.entry.indicator.pk, c.entry.option.pk if c.entry.option else None) for c in checked]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            raise field_error(f"entries.{index}.indicator", _("This value is entered twice."))
    stored = {
        (a.indicator_id, a.option_id): a
        for a in Actual.objects.select_for_update(of=("self",)).filter(
            unit=unit, period=period, indicator_id__in={k[0] for k in keys}
        )
    }
    for index, key in enumerate(keys):
        actual = stored.get(key)
        if actual is None:
            continue
        if actual.submission_id != submission.pk:
            raise InvalidStateError(
                _("This value is reported in the set “%(set)s”.")
                % {"set": IndicatorSet.objects.get(submissions=actual.submission_id).name},
                code="other_set",
            )
        _check_version(actual, entries[index].version)
    findings = validation.check_values(  # the set's rules (ADR 0036): an error refuses it all
        indicator_set=indicator_set,
        unit=unit,
        period=period,
        pending=[
            validation.pending_of(c.entry.indicator, c.entry.option, c.value, i)
            for i, c in enumerate(checked)
        ],
    )
    if submission.pk is None:
        submission.save()
    at = moment(on)
    result: list[Actual] = []
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    created: list[Actual] = []
    changed: list[Actual] = []
    revisions: list[tuple[Actual, str]] = []
    sums: list[actual_sums.SumChange] = []  # the totals' changes, for the running sums (ADR 0049)
    for key, item in zip(keys, checked, strict=True):
        actual = stored.get(key)
        label = f"{item.entry.indicator.code}" + (f"/{item.entry.option.code}" if item.entry.option else "")
        if actual is not None and _unchanged(actual, item):
            result.append(actual)
            continue
        explanation = item.entry.explanation
        if actual is None:
            actual = Actual(
                submission=submission,
                indicator=item.entry.indicator,
                unit=unit,
                unit_path=unit.path,
                period=period,
                option=item.entry.option,
                explanation=(explanation or "").strip(),
            )
            change = ValueChange.ENTERED
        else:
            before[label] = _figures(actual)
            bump_version(actual)
            change = ValueChange.CHANGED
            if explanation is not None:
                actual.explanation = explanation.strip()
        was = actual_sums.figures_of(actual) if actual.pk is not None else None
        actual.value, actual.numerator, actual.denominator = item.value, item.numerator, item.denominator
        if actual.option_id is None:
            sums.append(actual_sums.SumChange(actual.indicator_id, was, actual_sums.figures_of(actual)))
        actual.entered_by, actual.entered_at = user_or_none(actor), at
        (created if actual.pk is None else changed).append(actual)
        revisions.append((actual, change))
        after[label] = _figures(actual)
        result.append(actual)
    _write(created, changed, revisions, actor=actor, at=at)
    actual_sums.record(indicator_set=indicator_set, unit=unit, period=period, changes=sums)
    validation.record_warnings(
        findings, indicator_set=indicator_set, unit=unit, period=period, actuals=result, actor=actor, at=at
    )
    if after and record_audit:
        audit.record(
            actor=actor,
            action="indicators.actuals_enter",
            target=submission,
            before=before or None,
            after={"period": period.code, "values": after},
        )
    return result


_ROW = "(%s, CAST(%s AS NUMERIC), CAST(%s AS NUMERIC), CAST(%s AS NUMERIC), %s, %s)"


def _update(changed: list[Actual], *, actor: User | None, at: dt.datetime, revise: bool) -> None:
    """The changed values in one ``UPDATE … FROM (VALUES …)``: Django's ``bulk_update`` builds a
    ``CASE`` per field and row, a quarter of a second for a unit's 60 values in Python alone.
    ``entered_by``/``entered_at`` are the same for every row; ``updated_at`` is set as ``save``
    would (now). ``revise`` (PostgreSQL): each row's revision inserted by the same statement from
    what it wrote (``RETURNING``), not built as 60 model instances and sent again — an import of
    100,000 values wrote them twice (issue 11, item 14)."""
    if not changed:
        return
    now = timezone.now()
    for actual in changed:
        actual.updated_at = now
    params: list[Any] = []
    for actual in changed:
        params += [
            actual.pk,
            actual.value,
            actual.numerator,
            actual.denominator,
            actual.explanation,
            actual.version,
        ]
    ops = connection.ops
    first, rows, table = changed[0], ", ".join([_ROW] * len(changed)), Actual._meta.db_table
    update = f"""
        UPDATE {table} SET value = v.value, numerator = v.numerator,
            denominator = v.denominator, explanation = v.explanation, version = v.version,
            entered_by_id = %s, entered_at = %s, updated_at = %s
        FROM v WHERE {table}.id = v.id
    """  # noqa: S608  (the table's name and placeholders only; every value is a parameter)
    params += [
        first.entered_by_id,
        ops.adapt_datetimefield_value(first.entered_at),
        ops.adapt_datetimefield_value(now),
    ]
    values = f"v(id, value, numerator, denominator, explanation, version) AS (VALUES {rows})"
    query = f"WITH {values} {update}"
    if revise:
        query = f"""
            WITH {values}, u AS ({update} RETURNING {table}.id, {table}.value, {table}.numerator,
                {table}.denominator, {table}.explanation)
            INSERT INTO {ActualRevision._meta.db_table} (actual_id, change, value, numerator,
                denominator, explanation, actor_id, actor_label, at)
            SELECT u.id, %s, u.value, u.numerator, u.denominator, u.explanation, %s, %s, %s FROM u
        """  # noqa: S608  (the tables' names and placeholders only; every value is a parameter)
        params += [
            ValueChange.CHANGED.value,
            first.entered_by_id,
            label_of(actor),
            ops.adapt_datetimefield_value(at),
        ]
    with connection.cursor() as cursor:
        cursor.execute(query, params)


def _write(
    created: list[Actual],
    changed: list[Actual],
    revisions: list[tuple[Actual, str]],
    *,
    actor: User | None,
    at: dt.datetime,
) -> None:
    """The values and their revisions in at most three statements whatever their number: a unit's
    60 values of a month, or an import's 100,000 unit by unit (issue 11, item 14), are not a save
    each; on PostgreSQL the changed values' revisions come with their update (``_update``).
    ``updated_at`` is set here as ``save`` would."""
    Actual.objects.bulk_create(created)
    revise = connection.vendor == "postgresql"  # data-modifying WITH: PostgreSQL's, not SQLite's
    _update(changed, actor=actor, at=at, revise=revise)
    if revise:
        revisions = [(actual, change) for actual, change in revisions if change != ValueChange.CHANGED]
    ActualRevision.objects.bulk_create(
        ActualRevision(
            actual=actual,
            change=change,
            value=actual.value,
            numerator=actual.numerator,
            denominator=actual.denominator,
            explanation=actual.explanation,
            actor=user_or_none(actor),
            actor_label=label_of(actor),
            at=at,
        )
        for actual, change in revisions
    )


def _figures(actual: Actual) -> dict[str, Any]:
    return {
        "value": actual.value,
        "numerator": actual.numerator,
        "denominator": actual.denominator,
        "explanation": actual.explanation,
    }
