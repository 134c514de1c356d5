"""Defining indicators and sets, and drawing a set's reporting hierarchy (ADR 0029).

Who: an indicator is defined by the side of the unit that maintains it, a set by the side of its
collecting unit — leaders and specialists, the roles that assign tasks (``policy``). A
disaggregation (sex, age group) is shared reference data: administrators and the system.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit, generations
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.documents.models import Document
from mandate.indicators import hierarchy, policy, providers
from mandate.indicators.enums import Aggregation, Direction, IndicatorKind, Measure, ReportingPeriodKind
from mandate.indicators.hierarchy import hierarchy_on
from mandate.indicators.models import (
    Disaggregation,
    DisaggregationOption,
    Indicator,
    IndicatorSet,
    IndicatorSetItem,
    ReportingLine,
)
from mandate.indicators.services.common import field_error, require_text
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

INDICATOR_FIELDS = [
    "code",
    "name",
    "name_en",
    "definition",
    "measure",
    "direction",
    "kind",
    "numerator_label",
    "numerator_label_en",
    "denominator_label",
    "denominator_label_en",
    "factor",
    "provider",
    "aggregation",
    "period_kind",
    "source_document",
    "parent",
    "disaggregation",
    "explanation_threshold",
    "decimals",
    "owner_unit",
]
EDITABLE_INDICATOR_FIELDS = (
    "name",
    "name_en",
    "definition",
    "numerator_label",
    "numerator_label_en",
    "denominator_label",
    "denominator_label_en",
    "explanation_threshold",
    "source_document",
)
SET_FIELDS = [
    "code",
    "name",
    "name_en",
    "collecting_unit",
    "period_kind",
    "deadline_days",
    "valid_from",
    "valid_to",
]
# Measures whose values are never added up, whatever the definition says.
NEVER_SUMMED = frozenset({Measure.SCORE, Measure.RANK})


def _require_sign(actor: User | None, unit: OrgUnit, message: str) -> None:
    if not policy.acts_for(actor, unit.path, policy.ALLOCATING_ROLES):
        raise PermissionDeniedError(message)


def _code(code: str) -> str:
    text = (code or "").strip()
    if not text or len(text) > 40:
        raise field_error("code", _("Give a code of at most 40 characters."))
    return text


def _check_meaning(values: Mapping[str, Any]) -> None:
    """The rules of a definition that a constraint cannot state: each one names its field."""
    kind, aggregation, measure = values["kind"], values["aggregation"], values["measure"]
    choices = {
        "measure": Measure.values,
        "direction": Direction.values,
        "kind": IndicatorKind.values,
        "aggregation": Aggregation.values,
        "period_kind": ReportingPeriodKind.values,
    }
    for name, allowed in choices.items():
        if values[name] not in allowed:
            raise field_error(name, _("Not a choice."))
    if not (values["name"] or "").strip():
        raise field_error("name", _("Give a name."))
    if kind == IndicatorKind.RATIO:
        for name in ("numerator_label", "denominator_label"):
            if not (values[name] or "").strip():
                raise field_error(name, _("A ratio names its numerator and its denominator."))
    if kind == IndicatorKind.COMPUTED and not providers.is_registered(values["provider"]):
        raise field_error("provider", _("No provider is registered under this key."))
    if aggregation == Aggregation.SUM and (
        measure in NEVER_SUMMED or (measure == Measure.PERCENT and kind != IndicatorKind.RATIO)
    ):
        raise field_error(
            "aggregation",
            _("A score, a rank or a percentage typed as a number is never summed: choose “not summed”."),
        )
    if values["disaggregation"] is not None and aggregation != Aggregation.SUM:
        raise field_error("disaggregation", _("Only a summed indicator is broken down into parts."))
    if not 0 <= values["decimals"] <= 4:
        raise field_error("decimals", _("From 0 to 4."))
    threshold = values["explanation_threshold"]
    if threshold is not None and not Decimal(0) <= threshold <= Decimal(100):
        raise field_error("explanation_threshold", _("A percentage from 0 to 100."))
    if values["factor"] <= 0:
        raise field_error("factor", _("Must be more than zero."))
    parent: Indicator | None = values["parent"]
    if parent is not None and (parent.measure != measure or parent.period_kind != values["period_kind"]):
        raise field_error("parent", _("A part has the measure and the period type of its whole."))


@transaction.atomic
def indicator_create(
    *,
    actor: User | None,
    owner_unit: OrgUnit,
    code: str,
    name: str,
    measure: str,
    period_kind: str,
    kind: str = IndicatorKind.NUMBER,
    name_en: str = "",
    definition: str = "",
    direction: str = Direction.HIGHER,
    numerator_label: str = "",
    numerator_label_en: str = "",
    denominator_label: str = "",
    denominator_label_en: str = "",
    factor: Decimal | None = None,
    provider: str = "",
    aggregation: str = Aggregation.SUM,
    source_document: Document | None = None,
    parent: Indicator | None = None,
    disaggregation: Disaggregation | None = None,
    explanation_threshold: Decimal | None = None,
    decimals: int = 0,
) -> Indicator:
    _require_sign(actor, owner_unit, _("Only a leader or a specialist of the unit defines its indicators."))
    values: dict[str, Any] = {
        "code": _code(code),
        "name": name.strip(),
        "name_en": name_en.strip(),
        "definition": definition.strip(),
        "measure": measure,
        "direction": direction,
        "kind": kind,
        "numerator_label": numerator_label.strip(),
        "numerator_label_en": numerator_label_en.strip(),
        "denominator_label": denominator_label.strip(),
        "denominator_label_en": denominator_label_en.strip(),
        "factor": factor if factor is not None else Decimal(100 if kind == IndicatorKind.RATIO else 1),
        "provider": provider.strip() if kind == IndicatorKind.COMPUTED else "",
        "aggregation": aggregation,
        "period_kind": period_kind,
        "source_document": source_document,
        "parent": parent,
        "disaggregation": disaggregation,
        "explanation_threshold": explanation_threshold,
        "decimals": decimals,
    }
    _check_meaning(values)
    if Indicator.objects.filter(code=values["code"]).exists():
        raise field_error("code", _("This code is taken."), code="duplicate_code")
    indicator = Indicator.objects.create(owner_unit=owner_unit, owner_path=owner_unit.path, **values)
    audit.record(
        actor=actor,
        action="indicators.indicator_create",
        target=indicator,
        after=audit.snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


@transaction.atomic
def indicator_update(
    *, actor: User | None, indicator: Indicator, expected_version: int | None, changes: Mapping[str, Any]
) -> Indicator:
    """Names, labels, definition, threshold and source document only: the meaning of an
    indicator with values is never changed (ADR 0029)."""
    indicator = Indicator.objects.select_for_update(of=("self",)).get(pk=indicator.pk)
    _require_sign(actor, indicator.owner_unit, _("Only the maintaining unit's side changes an indicator."))
    check_version(obj=indicator, expected_version=expected_version)
    unknown = set(changes) - set(EDITABLE_INDICATOR_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise field_error(name, _("This changes what the indicator means: define a new indicator instead."))
    before = audit.snapshot(indicator, list(changes))
    for name, value in changes.items():
        setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    _check_meaning({name: getattr(indicator, name) for name in INDICATOR_FIELDS})
    bump_version(indicator)
    indicator.save(update_fields=[*changes, "version", "updated_at"])
    audit.record(
        actor=actor,
        action="indicators.indicator_update",
        target=indicator,
        before=before,
        after=audit.snapshot(indicator, list(changes)),
    )
    return indicator


@transaction.atomic
def indicator_retire(
    *, actor: User | None, indicator: Indicator, expected_version: int | None, reason: str
) -> Indicator:
    indicator = Indicator.objects.select_for_update(of=("self",)).get(pk=indicator.pk)
    _require_sign(actor, indicator.owner_unit, _("Only the maintaining unit's side retires an indicator."))
    check_version(obj=indicator, expected_version=expected_version)
    reason = require_text(reason, "reason")
    if indicator.retired_at is not None:
        raise InvalidStateError(_("This indicator is already retired."))
    indicator.retired_at, indicator.retired_reason = timezone.now(), reason
    bump_version(indicator)
    indicator.save(update_fields=["retired_at", "retired_reason", "version", "updated_at"])
    audit.record(
        actor=actor, action="indicators.indicator_retire", target=indicator, after={"reason": reason}
    )
    return indicator


@transaction.atomic
def disaggregation_create(
    *, actor: User | None, code: str, name: str, options: Sequence[tuple[str, str, str]], name_en: str = ""
) -> Disaggregation:
    """``options``: (code, name, English name) in their order."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDeniedError(_("Only an administrator defines a disaggregation."))
    if len(options) < 2 or len({o[0] for o in options}) != len(options):
        raise field_error("options", _("Give at least two options, each with its own code."))
    if Disaggregation.objects.filter(code=_code(code)).exists():
        raise field_error("code", _("This code is taken."), code="duplicate_code")
    category = Disaggregation.objects.create(code=_code(code), name=name.strip(), name_en=name_en.strip())
    for position, (option_code, option_name, option_en) in enumerate(options):
        DisaggregationOption.objects.create(
            disaggregation=category, code=option_code, name=option_name, name_en=option_en, position=position
        )
    audit.record(
        actor=actor,
        action="indicators.disaggregation_create",
        target=category,
        after={"code": category.code, "options": [o[0] for o in options]},
    )
    return category


def _items(indicator_set: IndicatorSet, indicators: Sequence[Indicator], start: int) -> None:
    for position, indicator in enumerate(indicators, start=start):
        if indicator.period_kind != indicator_set.period_kind:
            raise field_error("indicators", _("Every indicator of a set has the set's period type."))
        if indicator.retired_at is not None:
            raise field_error("indicators", _("A retired indicator is not collected."))
        try:
            with transaction.atomic():
                IndicatorSetItem.objects.create(
                    indicator_set=indicator_set, indicator=indicator, position=position
                )
        except IntegrityError:
            raise field_error("indicators", _("An indicator is listed twice.")) from None


@transaction.atomic
def indicator_set_create(
    *,
    actor: User | None,
    collecting_unit: OrgUnit,
    code: str,
    name: str,
    period_kind: str,
    valid_from: dt.date,
    indicators: Sequence[Indicator],
    lines: Sequence[tuple[OrgUnit, OrgUnit]] = (),
    name_en: str = "",
    deadline_days: int = 15,
    valid_to: dt.date | None = None,
    source_document: Document | None = None,
) -> IndicatorSet:
    """A set, its indicators in order and its first reporting lines (unit → reports to), in
    force from ``valid_from``."""
    _require_sign(
        actor, collecting_unit, _("Only a leader or a specialist of the collecting unit defines a set.")
    )
    if period_kind not in ReportingPeriodKind.values:
        raise field_error("period_kind", _("Not a choice."))
    if not name.strip():
        raise field_error("name", _("Give a name."))
    if valid_to is not None and valid_to < valid_from:
        raise field_error("valid_to", _("Must not be before the first day."))
    if not 0 <= deadline_days <= 366:
        raise field_error("deadline_days", _("From 0 to 366 days."))
    if IndicatorSet.objects.filter(code=_code(code)).exists():
        raise field_error("code", _("This code is taken."), code="duplicate_code")
    indicator_set = IndicatorSet.objects.create(
        code=_code(code),
        name=name.strip(),
        name_en=name_en.strip(),
        collecting_unit=collecting_unit,
        collecting_path=collecting_unit.path,
        period_kind=period_kind,
        deadline_days=deadline_days,
        valid_from=valid_from,
        valid_to=valid_to,
        source_document=source_document,
    )
    _items(indicator_set, indicators, 0)
    add_lines(indicator_set, lines, valid_from)
    audit.record(
        actor=actor,
        action="indicators.set_create",
        target=indicator_set,
        after=audit.snapshot(indicator_set, SET_FIELDS)
        | {"indicators": [i.code for i in indicators], "lines": [[u.pk, p.pk] for u, p in lines]},
    )
    return indicator_set


@transaction.atomic
def indicator_set_add_indicators(
    *, actor: User | None, indicator_set: IndicatorSet, indicators: Sequence[Indicator]
) -> IndicatorSet:
    _require_sign(actor, indicator_set.collecting_unit, _("Only the collecting unit's side changes its set."))
    start = indicator_set.items.count()
    _items(indicator_set, indicators, start)
    audit.record(
        actor=actor,
        action="indicators.set_add_indicators",
        target=indicator_set,
        after={"indicators": [i.code for i in indicators]},
    )
    return indicator_set


def add_lines(indicator_set: IndicatorSet, lines: Sequence[tuple[OrgUnit, OrgUnit]], day: dt.date) -> None:
    """Lines in force from ``day``: each unit reports to the collecting unit or to a unit that
    reports in the set on that day (already, or in the same batch); one line per unit; no cycle;
    both units exist on that day."""
    current = hierarchy_on(indicator_set, day)
    parent_of = dict(current.parent_of)
    for unit, reports_to in lines:
        if unit.pk == indicator_set.collecting_unit_id or unit.pk in parent_of or unit.pk == reports_to.pk:
            raise field_error("lines", _("“%(unit)s” already reports in this set.") % {"unit": unit.name})
        if not unit.is_valid_on(day) or not reports_to.is_valid_on(day):
            raise field_error("lines", _("“%(unit)s” does not exist on that day.") % {"unit": unit.name})
        parent_of[unit.pk] = reports_to.pk
    for unit, reports_to in lines:
        seen, current_id = {unit.pk}, reports_to.pk
        while current_id != indicator_set.collecting_unit_id:
            if current_id not in parent_of:
                raise field_error(
                    "lines",
                    _("“%(unit)s” reports to a unit that does not report in this set.") % {"unit": unit.name},
                )
            if current_id in seen:
                raise field_error("lines", _("These lines would go round in a circle."))
            seen.add(current_id)
            current_id = parent_of[current_id]
    ReportingLine.objects.bulk_create(
        ReportingLine(
            indicator_set=indicator_set,
            unit=unit,
            unit_path=unit.path,
            reports_to=reports_to,
            reports_to_path=reports_to.path,
            valid_from=day,
        )
        for unit, reports_to in lines
    )
    # Right after the write, in its transaction: the hierarchies cached under the old token are
    # dead from the commit on (hierarchy.py; a rollback keeps the old token and the old lines).
    generations.bump(hierarchy.GENERATION)


@transaction.atomic
def reporting_lines_add(
    *,
    actor: User | None,
    indicator_set: IndicatorSet,
    lines: Sequence[tuple[OrgUnit, OrgUnit]],
    valid_from: dt.date,
) -> list[ReportingLine]:
    _require_sign(
        actor, indicator_set.collecting_unit, _("Only the collecting unit's side draws its hierarchy.")
    )
    if valid_from < indicator_set.valid_from:
        raise field_error(
            "valid_from",
            _("The set does not collect before %(day)s.")
            % {"day": indicator_set.valid_from.strftime("%d/%m/%Y")},
        )
    add_lines(indicator_set, lines, valid_from)
    audit.record(
        actor=actor,
        action="indicators.lines_add",
        target=indicator_set,
        after={"valid_from": valid_from, "lines": [[u.pk, p.pk] for u, p in lines]},
    )
    return list(ReportingLine.objects.filter(indicator_set=indicator_set, valid_from=valid_from))


def end_line(indicator_set: IndicatorSet, unit: OrgUnit, last_day: dt.date) -> ReportingLine | None:
    """End the unit's line on ``last_day`` (None if it has none then); no audit (the caller's)."""
    line = (
        ReportingLine.objects.select_for_update(of=("self",))
        .filter(indicator_set=indicator_set, unit=unit, valid_from__lte=last_day)
        .exclude(valid_to__lt=last_day)
        .first()
    )
    if line is None:
        return None
    line.valid_to = last_day
    line.save(update_fields=["valid_to"])
    generations.bump(hierarchy.GENERATION)  # the cached hierarchies are dead from the commit on
    return line


@transaction.atomic
def reporting_line_end(
    *, actor: User | None, indicator_set: IndicatorSet, unit: OrgUnit, last_day: dt.date, reason: str
) -> ReportingLine:
    """The unit stops reporting in the set after ``last_day``; refused while units still report
    to it the next day."""
    _require_sign(
        actor, indicator_set.collecting_unit, _("Only the collecting unit's side draws its hierarchy.")
    )
    reason = require_text(reason, "reason")
    after = hierarchy_on(indicator_set, last_day + dt.timedelta(days=1))
    if after.children(unit.pk):
        raise ApplicationError(
            _("Units still report to “%(unit)s”: move them first.") % {"unit": unit.name},
            code="has_reporting_units",
        )
    line = end_line(indicator_set, unit, last_day)
    if line is None:
        raise field_error("unit", _("This unit does not report in the set on that day."))
    audit.record(
        actor=actor,
        action="indicators.line_end",
        target=indicator_set,
        after={"unit": unit.pk, "last_day": last_day, "reason": reason},
    )
    return line
