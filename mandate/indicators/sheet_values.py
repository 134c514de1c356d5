"""Indicator values from a workbook: the columns of the template (``sheet_template``) and the
importer that reads it back (issue 11 item 10; ADR 0032, ADR 0038).

Why through ``actuals_enter``: a value imported is a value entered — the same side (policy), the
same locks and versions, the same checks of decimals, parts and rules (issue 11 item 6), the same
revisions. The importer only matches rows to values and turns each refusal of the service back
into the row, column and value it came from; the core service makes it all or nothing, once per
file, with one audit entry for the import instead of one per unit (``record_audit=False``).

A row whose figures are empty enters nothing (a value is never deleted by a file); a row equal to
what is stored changes nothing; a row that differs from a value changed since the template was
made (its version) is refused, naming who changed it, as a stale edit is everywhere (409).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mandate.core import period_labels
from mandate.core.enums import PeriodKind
from mandate.core.exceptions import ApplicationError, NotFoundError, PermissionDeniedError
from mandate.core.models import Period
from mandate.core.sheet_columns import DecimalColumn, IntegerColumn, ReferenceColumn, TextColumn
from mandate.core.sheet_import import Applied, Importer, SheetRefused, Target, register
from mandate.core.sheet_reader import Problem, Progress, SheetRow, SheetSpec
from mandate.indicators import policy, selectors
from mandate.indicators.enums import IndicatorKind
from mandate.indicators.hierarchy import reused as hierarchy_reused
from mandate.indicators.models import Actual, ActualRevision, DisaggregationOption, Indicator, IndicatorSet
from mandate.indicators.services.actuals import ActualEntry, actuals_enter
from mandate.indicators.services.common import field_error, hierarchy_for, require_period_in_set
from mandate.organisations.models import OrgUnit
from mandate.people.enums import WRITING_ROLES
from mandate.people.models import User

KIND = selectors.VALUES_IMPORT
MAX_ROWS = 200_000
# Attempts per unit to find more refused rows after the first (each without the rows refused).
RETRIES = 20

INDICATOR = ReferenceColumn(
    key="indicator", header=gettext_lazy("Indicator code"), noun=gettext_lazy("indicator"), width=14
)
VALUE = DecimalColumn(key="value", header=gettext_lazy("Value reported"), required=False, width=16)
NUMERATOR = DecimalColumn(key="numerator", header=gettext_lazy("Numerator reported"), required=False)
DENOMINATOR = DecimalColumn(key="denominator", header=gettext_lazy("Denominator reported"), required=False)
EXPLANATION = TextColumn(
    key="explanation", header=gettext_lazy("Explanation"), required=False, max_length=5000, width=40
)
UNIT = ReferenceColumn(key="unit", header=gettext_lazy("Unit id"), noun=gettext_lazy("unit"), width=8)
PART = TextColumn(key="option", header=gettext_lazy("Part code"), required=False, max_length=40, width=8)
PERIOD = TextColumn(key="period", header=gettext_lazy("Period code"), max_length=32, width=8)
VERSION = IntegerColumn(key="version", header=gettext_lazy("Version"), required=False, width=6)
KEY = ("unit", "indicator", "option")


@dataclasses.dataclass(frozen=True, slots=True)
class Stored:
    """A stored value as matching needs it: a file of 100,000 values holds them all at once, and
    a model instance each weighs several times this."""

    id: int
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    explanation: str
    version: int


_STORED = ("id", "value", "numerator", "denominator", "explanation", "version")
# The columns read back, in the template's order (its other columns are there for people).
DECLARED = (INDICATOR, VALUE, NUMERATOR, DENOMINATOR, EXPLANATION, UNIT, PART, PERIOD, VERSION)
# The service's field names (``entries.<i>.<name>``) → the column a refusal is shown in.
FIELD_COLUMNS = {
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "explanation": "explanation",
    "indicator": "indicator",
    "option": "option",
}


@dataclasses.dataclass(frozen=True)
class Scope:
    """What one import or template is about: the set, the period, the units the actor enters
    values for (in the hierarchy on the period's last day) and the set's indicators."""

    indicator_set: IndicatorSet
    period: Period
    units: list[OrgUnit]
    indicators: list[Indicator]


def _period(period_id: Any) -> Period:
    found = Period.objects.filter(pk=period_id).first() if isinstance(period_id, int) else None
    if found is None:
        raise NotFoundError()
    return found


def check_period(indicator_set: IndicatorSet, period: Period) -> None:
    """The set collects values for this period: its own kind, or cumulative to a day."""
    require_period_in_set(indicator_set, period)
    if period.kind not in (indicator_set.period_kind, PeriodKind.CUMULATIVE):
        raise field_error(
            "period",
            _("This set collects values per %(kind)s, or cumulative to a day.")
            % {"kind": PeriodKind(indicator_set.period_kind).label},
        )


def enterable_units(actor: User | None, indicator_set: IndicatorSet, period: Period) -> list[OrgUnit]:
    """The units reporting in the set for the period that the actor enters values for (acting for
    them with a writing role, ``indicators.policy``), in the order of the tree."""
    hierarchy = hierarchy_for(indicator_set, period)
    ids = [
        unit_id
        for unit_id in hierarchy.parent_of
        if policy.acts_for(actor, hierarchy.path_of[unit_id], WRITING_ROLES)
    ]
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("path"))


def scope_of(
    actor: User | None, set_id: Any, period_id: Any, unit_id: Any = None, *, require_units: bool = True
) -> Scope:
    """The set (404 unless the actor reads it), the period (404 when unknown, 400 when the set does
    not collect for it), the units he enters for (only ``unit_id`` if given; 403 when there are
    none and ``require_units``: an import needs one, a template may be empty)."""
    if actor is None:
        indicator_set = IndicatorSet.objects.filter(pk=set_id).first()
        if indicator_set is None:
            raise NotFoundError()
    else:
        indicator_set = selectors.set_get_visible(actor=actor, set_id=set_id)
    period = _period(period_id)
    check_period(indicator_set, period)
    units = enterable_units(actor, indicator_set, period)
    if unit_id is not None:
        units = [unit for unit in units if unit.pk == unit_id]
    if not units and require_units:
        raise PermissionDeniedError(
            _("You enter values for no unit of this set in this period: only a reporting unit's side does.")
        )
    indicators = [
        item.indicator
        for item in indicator_set.items.select_related("indicator__disaggregation").order_by("position", "id")
        if item.indicator.kind != IndicatorKind.COMPUTED and item.indicator.retired_at is None
    ]
    return Scope(indicator_set, period, units, indicators)


def columns_for(scope: Scope) -> list[Any]:
    """The declared columns, their reference columns holding only what this actor may use."""
    return [
        dataclasses.replace(INDICATOR, codes={i.code: i for i in scope.indicators}),
        VALUE,
        NUMERATOR,
        DENOMINATOR,
        EXPLANATION,
        dataclasses.replace(UNIT, codes={str(u.pk): u for u in scope.units}),
        PART,
        PERIOD,
        VERSION,
    ]


def target_key(indicator_set: IndicatorSet, period: Period) -> str:
    return f"indicators.set:{indicator_set.pk}/period:{period.pk}"


class ValuesImporter(Importer):
    """A unit's (or several units') values for one set and period, from the template."""

    kind = KIND

    def _scope(self, actor: Any, params: Mapping[str, Any]) -> Scope:
        return scope_of(actor, params.get("set"), params.get("period"), params.get("unit"))

    def spec(self, *, actor: Any, params: Mapping[str, Any]) -> SheetSpec:
        return SheetSpec(columns=columns_for(self._scope(actor, params)), key=KEY, max_rows=MAX_ROWS)

    def target(self, *, actor: Any, params: Mapping[str, Any]) -> Target:
        scope = self._scope(actor, params)
        label = f"{scope.indicator_set.name} — {period_labels.label(scope.period)}"
        return Target(key=target_key(scope.indicator_set, scope.period), label=label)

    def apply(
        self, *, actor: Any, rows: Sequence[SheetRow], params: Mapping[str, Any], progress: Progress
    ) -> Applied:
        with hierarchy_reused():  # one read of the set's lines for all the units of the file
            scope = self._scope(actor, params)
            return _Application(actor, scope, rows, progress).run()


class _Application:
    """One import's rows matched to values and entered unit by unit; every refusal listed."""

    def __init__(
        self, actor: User | None, scope: Scope, rows: Sequence[SheetRow], progress: Progress
    ) -> None:
        self.actor, self.scope, self.rows, self.progress = actor, scope, rows, progress
        self.problems: list[Problem] = []
        self.applied = Applied()
        self.pending: dict[int, list[tuple[SheetRow, ActualEntry, Stored | None]]] = defaultdict(list)
        self.units: dict[int, OrgUnit] = {}
        self.submissions: set[int] = set()
        self.stored: dict[tuple[int, int, int | None], Stored] = {}
        self.options: dict[tuple[int | None, str], DisaggregationOption] = {}

    def run(self) -> Applied:
        period = self.scope.period
        indicator_ids = {row.values["indicator"].pk for row in self.rows}
        unit_ids = {row.values["unit"].pk for row in self.rows}
        rows = Actual.objects.filter(period=period, unit_id__in=unit_ids, indicator_id__in=indicator_ids)
        self.stored = {
            (unit, indicator, option): Stored(*found)
            for unit, indicator, option, *found in rows.values_list(
                "unit_id", "indicator_id", "option_id", *_STORED
            )
        }
        disaggregations = {i.disaggregation_id for i in self.scope.indicators if i.disaggregation_id}
        self.options = {
            (o.disaggregation_id, o.code.upper()): o
            for o in DisaggregationOption.objects.filter(disaggregation_id__in=disaggregations)
        }
        for row in self.rows:
            self._match(row)
        done = 0
        for unit_id, items in self.pending.items():
            self._enter(self.units[unit_id], items)
            done += len(items)
            self.progress("writing", done, len(self.rows))
        if self.problems:
            raise SheetRefused(self.problems)
        self.applied.details = {
            "set": self.scope.indicator_set.pk,
            "period": period.code,
            "submissions": sorted(self.submissions),
        }
        return self.applied

    def _match(self, row: SheetRow) -> None:
        values = row.values
        indicator: Indicator = values["indicator"]
        unit: OrgUnit = values["unit"]
        if values["period"] != self.scope.period.code:
            what = _(
                "This row is for the period “%(row)s”; the file is being imported into “%(period)s”."
            ) % {
                "row": values["period"],
                "period": self.scope.period.code,
            }
            mend = _("Download the template for this period, or import the file into its own period.")
            self.problems.append(row.problem("period", what, mend))
            return
        option = None
        if values["option"]:
            option = self.options.get((indicator.disaggregation_id, values["option"].upper()))
            if option is None:
                what = _("The indicator “%(code)s” has no part “%(part)s”.") % {
                    "code": indicator.code,
                    "part": values["option"],
                }
                self.problems.append(row.problem("option", what, _("Keep the rows of the template.")))
                return
        stored = self.stored.get((unit.pk, indicator.pk, option.pk if option else None))
        figures = {name: values[name] for name in ("value", "numerator", "denominator")}
        explanation = values["explanation"]
        if all(figure is None for figure in figures.values()):
            if explanation is None or stored is None:
                self.applied.unchanged += 1  # nothing typed: nothing entered, nothing deleted
                return
            figures = {
                "value": stored.value,
                "numerator": stored.numerator,
                "denominator": stored.denominator,
            }
            if stored.numerator is not None:
                figures["value"] = None
        if stored is not None and _same(stored, figures, explanation):
            self.applied.unchanged += 1
            return
        if stored is not None and values["version"] != stored.version:
            self.problems.append(_stale(row, stored))
            return
        entry = ActualEntry(
            indicator=indicator,
            value=figures["value"],
            numerator=figures["numerator"],
            denominator=figures["denominator"],
            option=option,
            explanation=explanation,
            version=stored.version if stored is not None else None,
        )
        self.units[unit.pk] = unit
        self.pending[unit.pk].append((row, entry, stored))

    def _enter(self, unit: OrgUnit, items: list[tuple[SheetRow, ActualEntry, Stored | None]]) -> None:
        remaining = list(items)
        for _attempt in range(RETRIES):
            try:
                with transaction.atomic():
                    saved = actuals_enter(
                        actor=self.actor,
                        indicator_set=self.scope.indicator_set,
                        unit=unit,
                        period=self.scope.period,
                        entries=[entry for _row, entry, _stored in remaining],
                        record_audit=False,
                    )
            except ApplicationError as error:
                refused = self._refused(error, remaining)
                remaining = [item for index, item in enumerate(remaining) if index not in refused]
                if not remaining:
                    return
                continue
            if not self.problems:
                self.applied.created += sum(1 for _row, _entry, stored in remaining if stored is None)
                self.applied.updated += sum(1 for _row, _entry, stored in remaining if stored is not None)
                self.submissions.update(a.submission_id for a in saved)
            return

    def _refused(
        self, error: ApplicationError, items: list[tuple[SheetRow, ActualEntry, Stored | None]]
    ) -> set[int]:
        """The problems of one refusal of the service, on the rows it names (``entries.<i>.<field>``)
        or, when it names none (a lock, the side, a stale value), on every row of the unit."""
        named: set[int] = set()
        for field, messages in error.fields.items():
            parts = field.split(".")
            if (
                len(parts) == 3
                and parts[0] == "entries"
                and parts[1].isdigit()
                and int(parts[1]) < len(items)
            ):
                index = int(parts[1])
                named.add(index)
                column = FIELD_COLUMNS.get(parts[2], "value")
                text = " ".join(str(message) for message in messages)
                mend = _("Correct the value and send the file again.")
                self.problems.append(items[index][0].problem(column, text, mend))
        if named:
            return named
        message = str(error.message)
        if error.fields:
            message = " ".join(str(m) for messages in error.fields.values() for m in messages)
        mend = _("Leave this unit's rows as they are, or settle this first, and send the file again.")
        for row, _entry, _stored in items:
            self.problems.append(row.problem("value", message, mend))
        return set(range(len(items)))


def _same(stored: Stored, figures: Mapping[str, Decimal | None], explanation: str | None) -> bool:
    return (
        all(getattr(stored, name) == figures[name] for name in ("numerator", "denominator"))
        and (stored.numerator is not None or stored.value == figures["value"])
        and (explanation is None or explanation.strip() == stored.explanation)
    )


def _stale(row: SheetRow, stored: Stored) -> Problem:
    last = ActualRevision.objects.filter(actual_id=stored.id).order_by("-at", "-id").first()
    moment = timezone.localtime(last.at).strftime("%d/%m/%Y %H:%M") if last else "?"
    what = _(
        "This value was changed by %(who)s at %(moment)s, after the template was made; your figure "
        "would overwrite it."
    ) % {"who": last.actor_label if last else "?", "moment": moment}
    mend = _("Download a new template, copy your figures into it and send it again.")
    return row.problem("value", what, mend)


IMPORTER = register(ValuesImporter())
