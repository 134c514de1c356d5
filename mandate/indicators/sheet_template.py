"""The template of a set's values for a period (issue 11 item 10; ADR 0038): one row per unit the
reader enters values for, per indicator of the set and per part of its breakdown, with the target
and the value stored now, as real numbers.

Why this shape: the upload is read back through the same declared columns (``sheet_values``), so
the headers are the import's own (in the reader's language; the reader matches either language),
the keys (unit id, part code, period code) and the version of each value travel in hidden columns,
and the sheet is protected except the cells to fill in — a slip cannot break the matching, and a
value changed since the template was made is recognised instead of overwritten.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from mandate.core import period_labels
from mandate.core.sheet_export import DECIMAL, NUMBER, TEXT, ExportColumn, Figure, TitleBlock, write_table
from mandate.indicators.enums import IndicatorKind, Measure, SubmissionState
from mandate.indicators.models import Actual, Indicator, Submission, Target
from mandate.indicators.sheet_values import (
    DENOMINATOR,
    EXPLANATION,
    INDICATOR,
    NUMERATOR,
    PART,
    PERIOD,
    UNIT,
    VALUE,
    VERSION,
    Scope,
)

COLUMNS = (
    ExportColumn(gettext_lazy("Reporting unit"), TEXT, 36),
    ExportColumn(INDICATOR.header, TEXT, INDICATOR.width),
    ExportColumn(gettext_lazy("Indicator name"), TEXT, 48),
    ExportColumn(gettext_lazy("Part"), TEXT, 16),
    ExportColumn(gettext_lazy("Unit of measure"), TEXT, 14),
    ExportColumn(gettext_lazy("Target for the period"), DECIMAL, 14),
    ExportColumn(VALUE.header, DECIMAL, VALUE.width, editable=True),
    ExportColumn(NUMERATOR.header, DECIMAL, NUMERATOR.width, editable=True),
    ExportColumn(DENOMINATOR.header, DECIMAL, DENOMINATOR.width, editable=True),
    ExportColumn(EXPLANATION.header, TEXT, EXPLANATION.width, editable=True),
    ExportColumn(gettext_lazy("Approval state"), TEXT, 18),
    ExportColumn(UNIT.header, NUMBER, UNIT.width, hidden=True),
    ExportColumn(PART.header, TEXT, PART.width, hidden=True),
    ExportColumn(PERIOD.header, TEXT, PERIOD.width, hidden=True),
    ExportColumn(VERSION.header, NUMBER, VERSION.width, hidden=True),
)


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def local_name(row: Any) -> str:
    """A row's name in the reader's language: the English one when he reads English and it has one."""
    english = getattr(row, "name_en", "") if _english() else ""
    return str(english or row.name)


def _figure(value: Decimal | None, places: int) -> Figure | None:
    return Figure(value, places) if value is not None else None


def targets_for(scope: Scope) -> dict[tuple[int, int], Target]:
    """The target each (indicator, unit) of the template is measured against: of the period, or of
    the shortest period that contains it (``measurement.target_for``), in one query."""
    period = scope.period
    found: dict[tuple[int, int], Target] = {}
    rows = Target.objects.filter(
        indicator__in=scope.indicators,
        unit__in=scope.units,
        period__starts_on__lte=period.starts_on,
        period__ends_on__gte=period.ends_on,
    ).order_by("-period__starts_on", "period__ends_on", "id")
    for target in rows:
        found.setdefault((target.indicator_id, target.unit_id), target)
    return found


def _rows(scope: Scope) -> Iterator[list[Any]]:
    period = scope.period
    stored = {
        (a.unit_id, a.indicator_id, a.option_id): a
        for a in Actual.objects.filter(period=period, unit__in=scope.units, indicator__in=scope.indicators)
    }
    states = {
        s.unit_id: SubmissionState(s.state).label
        for s in Submission.objects.filter(
            indicator_set=scope.indicator_set, period=period, unit__in=scope.units
        )
    }
    targets = targets_for(scope)
    options = {
        indicator.pk: list(indicator.disaggregation.options.all()) if indicator.disaggregation else []
        for indicator in scope.indicators
    }
    for unit in scope.units:
        state = str(states.get(unit.pk, SubmissionState.DRAFT.label))
        for indicator in scope.indicators:
            target = targets.get((indicator.pk, unit.pk))
            parts: Sequence[Any] = [None, *options[indicator.pk]]
            for option in parts:
                actual = stored.get((unit.pk, indicator.pk, option.pk if option else None))
                yield _row(scope, unit, indicator, option, actual, target if option is None else None, state)


def _row(
    scope: Scope,
    unit: Any,
    indicator: Indicator,
    option: Any,
    actual: Actual | None,
    target: Target | None,
    state: str,
) -> list[Any]:
    places = indicator.decimals
    ratio = indicator.kind == IndicatorKind.RATIO
    value = actual.value if actual is not None and not ratio else None
    return [
        local_name(unit),
        indicator.code,
        local_name(indicator),
        local_name(option) if option is not None else _("Total"),
        str(Measure(indicator.measure).label),
        _figure(target.value if target else None, places),
        Figure(value, places),  # to fill in: formatted with the indicator's decimals even when empty
        Figure(actual.numerator if actual is not None else None, places),
        Figure(actual.denominator if actual is not None else None, places),
        actual.explanation if actual is not None and actual.explanation else None,
        state,
        unit.pk,
        option.code if option is not None else None,
        scope.period.code,
        actual.version if actual is not None else None,
    ]


def _names(scope: Scope) -> str:
    shown = ", ".join(local_name(unit) for unit in scope.units[:20])
    return shown + ("…" if len(scope.units) > 20 else "")


def template_filename(scope: Scope) -> str:
    return f"mau-{slugify(scope.indicator_set.code) or 'bo-chi-tieu'}-{slugify(scope.period.code)}.xlsx"


def write_template(scope: Scope, *, by: str) -> IO[bytes]:
    """The template as a workbook in a temporary file (``xlsx_response`` sends it)."""
    values = {
        "value": VALUE.title(),
        "numerator": NUMERATOR.title(),
        "denominator": DENOMINATOR.title(),
        "explanation": EXPLANATION.title(),
    }
    title = TitleBlock(
        title=_("Values of “%(set)s”") % {"set": local_name(scope.indicator_set)},
        period=period_labels.label(scope.period),
        filters=[_("Units: %(names)s") % {"names": _names(scope)}] if scope.units else [],
        exported_by=by,
        notes=[
            _(
                "Fill in “%(value)s” (for a ratio, “%(numerator)s” and “%(denominator)s”) and, where "
                "asked, “%(explanation)s”; the other cells are protected."
            )
            % values,
            *([] if scope.units else [_("You enter values for no unit of this set in this period.")]),
            _(
                "An empty figure enters nothing and deletes nothing. Keep the hidden columns: the "
                "file is matched by them. Then send the file back as it is (.xlsx)."
            ),
        ],
    )
    return write_table(columns=COLUMNS, rows=_rows(scope), title=title, sheet=_("Values"), protect=True)
