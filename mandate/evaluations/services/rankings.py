"""Writing rankings (issue 14, item 4; docs/adr/0054): loading a year's method from its data
file (validated whole before anything is written), entering a unit's scores, and taking the
values of the criteria that read an indicator. Each write asks ``policy_rankings`` and is
audited; a score is never overwritten: a changed value closes the old row and opens a new one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.exceptions import ApplicationError, InvalidStateError, Message
from mandate.core.locks import lock_for_transaction
from mandate.evaluations import policy_rankings as policy
from mandate.evaluations.models import RankingCriterion, RankingIndex, RankingMethod, RankingScore
from mandate.evaluations.models.rankings import ScoreSource
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

METHOD_FIELDS = ("year", "name", "name_en", "source", "total_points", "is_example", "to_verify")


class MethodRefused(ApplicationError):
    default_code = "ranking_method_refused"


def _points(value: Any, where: str, problems: list[str]) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.append(_("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": value})
        return Decimal(0)
    if not number.is_finite() or number < 0:
        problems.append(
            _("%(where)s: “%(value)s” is not a number of points.") % {"where": where, "value": value}
        )
        return Decimal(0)
    return number


def _text(
    data: Mapping[str, Any], key: str, where: str, problems: list[str], *, required: bool = True
) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(_("%(where)s: “%(key)s” must be a text.") % {"where": where, "key": key})
        return ""
    return value.strip()


@dataclass(frozen=True)
class CheckedMethod:
    fields: dict[str, Any]
    criteria: list[dict[str, Any]]
    sha256: str


def method_check(data: Mapping[str, Any]) -> CheckedMethod:
    """Every problem of a method's data at once (``MethodRefused`` lists them), or the method.
    The criteria's maximum points must add up to the method's total unless it is marked to verify."""
    problems: list[str] = []
    where = _("method")
    year = data.get("year")
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        problems.append(_("%(where)s: the year must be a year.") % {"where": where})
    fields = {
        "year": year,
        "name": _text(data, "name", where, problems),
        "name_en": _text(data, "name_en", where, problems),
        "source": _text(data, "source", where, problems, required=False),
        "total_points": _points(data.get("total_points"), where, problems),
        "is_example": bool(data.get("example", False)),
        "to_verify": bool(data.get("to_verify", False)),
        "note": _text(data, "note", where, problems, required=False),
        "note_en": _text(data, "note_en", where, problems, required=False),
    }
    if not fields["source"] and not fields["is_example"]:
        problems.append(_("%(where)s: a method that is not an example names its source.") % {"where": where})
    raw = data.get("criteria")
    criteria: list[dict[str, Any]] = []
    if not isinstance(raw, list) or not raw:
        problems.append(_("%(where)s: it needs a list of criteria.") % {"where": where})
        raw = []
    for order, item in enumerate(raw, start=1):
        here = _("criterion %(n)s") % {"n": order}
        if not isinstance(item, Mapping):
            problems.append(_("%(where)s: not a criterion.") % {"where": here})
            continue
        criteria.append(
            {
                "order": order,
                "code": _text(item, "code", here, problems),
                "name": _text(item, "name", here, problems),
                "name_en": _text(item, "name_en", here, problems),
                "max_points": _points(item.get("max_points"), here, problems),
                "weight": _points(item.get("weight", 1), here, problems),
                "to_verify": bool(item.get("to_verify", False)),
            }
        )
    codes = [c["code"] for c in criteria]
    if len(set(codes)) != len(codes):
        problems.append(_("%(where)s: two criteria have the same code.") % {"where": where})
    total = sum((c["max_points"] * c["weight"] for c in criteria), Decimal(0))
    if criteria and not fields["to_verify"] and total != fields["total_points"]:
        problems.append(
            _("%(where)s: the criteria add up to %(sum)s points, not %(total)s.")
            % {"where": where, "sum": total, "total": fields["total_points"]}
        )
    if problems:
        raise MethodRefused(" ".join(problems), fields={"file": list[Message](problems)})
    canonical = json.dumps({"method": fields, "criteria": criteria}, sort_keys=True, default=str)
    return CheckedMethod(fields, criteria, hashlib.sha256(canonical.encode()).hexdigest())


@transaction.atomic
def ranking_method_load(
    *, actor: User | None, index: RankingIndex, data: Mapping[str, Any]
) -> tuple[RankingMethod, bool]:
    """The year's method of ``index`` from its data; (method, whether it was created). The same
    content again changes nothing; a different content for a year already loaded is a conflict
    (a year's method is what the units were ranked by: it is not rewritten)."""
    if actor is not None:
        policy.require(policy.may_load_methods(actor, index))
    checked = method_check(data)
    lock_for_transaction(f"evaluations.ranking_method:{index.pk}")
    existing = RankingMethod.objects.filter(index=index, year=checked.fields["year"]).first()
    if existing is not None:
        if existing.content_sha256 == checked.sha256:
            return existing, False
        raise InvalidStateError(
            _("The method of %(year)s is already loaded with another content; it is not rewritten.")
            % {"year": existing.year},
            code="ranking_method_exists",
        )
    method = RankingMethod.objects.create(index=index, content_sha256=checked.sha256, **checked.fields)
    RankingCriterion.objects.bulk_create(RankingCriterion(method=method, **c) for c in checked.criteria)
    audit.record(
        actor=actor,
        action="evaluations.ranking_method_load",
        target=method,
        after={**audit.snapshot(method, METHOD_FIELDS), "criteria": [c["code"] for c in checked.criteria]},
    )
    return method, True


@transaction.atomic
def ranking_index_create(
    *, actor: User | None, code: str, name: str, name_en: str, owner_unit: OrgUnit
) -> RankingIndex:
    if actor is not None:
        policy.require(policy.may_load_methods(actor, None))
    index = RankingIndex.objects.create(code=code, name=name, name_en=name_en, owner_unit=owner_unit)
    audit.record(
        actor=actor,
        action="evaluations.ranking_index_create",
        target=index,
        after=audit.snapshot(index, ("code", "name", "name_en", "owner_unit")),
    )
    return index


def candidate_units(index: RankingIndex, year: int) -> dict[str, OrgUnit]:
    """The units a year's scores may name, by name: the owner's direct subunits in force at any
    time of the year (a department merged since is still ranked for its past years), and the
    units the index already ranks."""
    owner = index.owner_unit
    ranked = RankingScore.objects.filter(criterion__method__index=index).values("unit_id")
    children = Q(
        path__startswith=owner.path, depth=owner.depth + 1, valid_from__lte=dt.date(year, 12, 31)
    ) & (Q(valid_to__isnull=True) | Q(valid_to__gte=dt.date(year, 1, 1)))
    units = OrgUnit.objects.filter(children | Q(pk__in=ranked)).order_by("path")
    return {unit.name: unit for unit in units}


def _refuse(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, code="invalid_score", fields={field: [message]})


def checked_values(method: RankingMethod, values: Mapping[str, Any]) -> dict[RankingCriterion, Decimal]:
    """The values by criterion code, each between 0 and the criterion's maximum (400 otherwise)."""
    criteria = {c.code: c for c in method.criteria.all()}
    checked: dict[RankingCriterion, Decimal] = {}
    problems: dict[str, list[Message]] = {}
    for code, raw in values.items():
        criterion = criteria.get(code)
        if criterion is None:
            problems[code] = [_("No criterion of this method has this code.")]
            continue
        try:
            value = Decimal(str(raw))
        except (InvalidOperation, ValueError):
            problems[code] = [_("Not a number.")]
            continue
        if not value.is_finite() or not Decimal(0) <= value <= criterion.max_points:
            problems[code] = [_("Between 0 and %(max)s points.") % {"max": criterion.max_points}]
            continue
        checked[criterion] = value
    if problems:
        raise ApplicationError(_("Some scores are not valid."), code="invalid_score", fields=problems)
    if not checked:
        raise _refuse("values", _("Give at least one score."))
    return checked


def write_scores(
    *, actor: User | None, unit: OrgUnit, values: Mapping[RankingCriterion, Decimal], source: str
) -> int:
    """Inside the caller's transaction: close each changed current score and record the new one;
    the number changed (equal values are left alone)."""
    now = timezone.now()
    current = {
        s.criterion_id: s
        for s in RankingScore.objects.select_for_update().filter(
            criterion__in=list(values), unit=unit, superseded_at__isnull=True
        )
    }
    changed = 0
    for criterion, value in values.items():
        old = current.get(criterion.pk)
        if old is not None and old.value == value:
            continue
        if old is not None:
            old.superseded_at = now
            old.save(update_fields=["superseded_at", "updated_at"])
        RankingScore.objects.create(
            criterion=criterion, unit=unit, value=value, source=source, recorded_at=now, recorded_by=actor
        )
        changed += 1
    return changed


@transaction.atomic
def ranking_scores_enter(
    *,
    actor: User | None,
    index: RankingIndex,
    year: int,
    unit: OrgUnit,
    values: Mapping[str, Any],
    source: str = ScoreSource.ENTERED,
) -> int:
    """A unit's scores of ``year`` by criterion code; the number of scores changed."""
    if actor is not None:
        policy.require(policy.may_write_scores(actor, index))
    method = RankingMethod.objects.filter(index=index, year=year).first()
    if method is None:
        raise _refuse("year", _("The index has no method for %(year)s.") % {"year": year})
    if unit.pk not in {u.pk for u in candidate_units(index, year).values()}:
        raise _refuse("unit", _("“%(unit)s” is not in the field of this index.") % {"unit": unit.name})
    checked = checked_values(method, values)
    lock_for_transaction(f"evaluations.ranking_scores:{method.pk}")
    changed = write_scores(actor=actor, unit=unit, values=checked, source=source)
    if changed:
        audit.record(
            actor=actor,
            action="evaluations.ranking_scores_enter",
            target=method,
            after={
                "unit": unit.pk,
                "source": source,
                "values": {c.code: str(v) for c, v in sorted(checked.items(), key=lambda cv: cv[0].order)},
            },
        )
    return changed


@dataclass(frozen=True)
class Pulled:
    """What ``ranking_scores_pull`` did: scores changed, and each value it could not take
    (criterion code, unit name, why)."""

    changed: int
    missing: list[tuple[str, str, str]]


@transaction.atomic
def ranking_scores_pull(*, actor: User, index: RankingIndex, year: int) -> Pulled:
    """The criteria that read an indicator take, for each unit of the year's field (the units
    scored on any criterion), the unit's value of the indicator in its set for the calendar year,
    as the actor may read it (``indicators.selectors``); a value over the criterion's maximum, or
    none, is left out and said."""
    from mandate.core import periods
    from mandate.indicators import selectors as indicator_selectors

    policy.require(policy.may_write_scores(actor, index))
    method = RankingMethod.objects.filter(index=index, year=year).first()
    if method is None:
        raise _refuse("year", _("The index has no method for %(year)s.") % {"year": year})
    lock_for_transaction(f"evaluations.ranking_scores:{method.pk}")
    period = periods.year(year)
    field = OrgUnit.objects.filter(
        pk__in=RankingScore.objects.filter(criterion__method=method, superseded_at__isnull=True).values(
            "unit_id"
        )
    ).order_by("path")
    changed, missing = 0, []
    taken: dict[str, dict[str, str]] = {}
    for criterion in method.criteria.filter(indicator__isnull=False).select_related(
        "indicator", "indicator_set"
    ):
        assert criterion.indicator is not None
        assert criterion.indicator_set is not None
        for unit in field:
            actual = (
                indicator_selectors.actual_list_visible(
                    actor=actor,
                    indicator_set=criterion.indicator_set,
                    indicator=criterion.indicator,
                    period=period,
                    unit=unit,
                )
                .filter(option__isnull=True)
                .first()
            )
            if actual is None:
                missing.append((criterion.code, unit.name, _("no value for the year")))
            elif not Decimal(0) <= actual.value <= criterion.max_points:
                missing.append((criterion.code, unit.name, _("the value is outside the criterion's points")))
            else:
                changed += write_scores(
                    actor=actor, unit=unit, values={criterion: actual.value}, source=ScoreSource.INDICATOR
                )
                taken.setdefault(criterion.code, {})[str(unit.pk)] = str(actual.value)
    # Audited even when nothing changed: the owner's act of taking the values, and what was missing.
    audit.record(
        actor=actor,
        action="evaluations.ranking_scores_pull",
        target=method,
        after={"taken": taken, "missing": [list(m) for m in missing]},
    )
    return Pulled(changed, missing)
