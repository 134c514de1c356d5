"""Proposing and deciding an annual classification (issue 14 item 3; ADR 0053).

Both go through ``policy_annual``; both apply the rule set in force for the kind of subject at the
year's end (``rule_sets_load.rule_set_for``) with the facts of the year, the discipline read afresh
from the inspection records each time, so that a discipline decided between the proposal and the
decision still lowers the result. The proposal and the decision are kept side by side, each with
the overrides it met. A decision that would break a quota of the rule set is refused (409) with
the count and the cap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.evaluations import policy_annual, rule_sets, selectors_annual
from mandate.evaluations.models.annual import (
    AnnualClassification,
    AnnualLevel,
    AnnualRuleSet,
    AnnualState,
    AnnualSubjectKind,
)
from mandate.evaluations.rule_sets_load import rule_set_for, rules_of
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User

AUDITED = [
    "year",
    "subject_kind",
    "rule_set_id",
    "months_worked",
    "maternity_leave",
    "leave_months",
    "degradation_concluded",
    "managed_unit_corruption",
    "points",
    "proposed_level",
    "proposal_result",
    "state",
    "decided_level",
    "decision_result",
    "version",
]


@dataclass(frozen=True)
class Inputs:
    """What the leader enters: the level (a scale of levels) or the points by part (a points
    scale), and the year's facts the overrides read besides the discipline."""

    level: str | None = None
    points: dict[str, Decimal] = field(default_factory=dict)
    months_worked: int = 12
    maternity_leave: bool = False
    leave_months: int = 0
    degradation_concluded: bool = False
    managed_unit_corruption: bool = False
    note: str = ""


def _invalid(field_name: str, message: str) -> ApplicationError:
    return ApplicationError(message, fields={field_name: [message]})


def _points(rules: rule_sets.RuleSet, points: dict[str, Decimal]) -> tuple[Decimal, dict[str, str]]:
    """The total, each part checked against its maximum; every part is required."""
    parts = {part.code: part for part in rules.parts}
    unknown = set(points) - set(parts)
    if unknown:
        raise _invalid("points", _("Unknown parts: %(parts)s.") % {"parts": ", ".join(sorted(unknown))})
    stored: dict[str, str] = {}
    for code, part in parts.items():
        if code not in points:
            raise _invalid("points", _("The points of “%(part)s” are required.") % {"part": part.name})
        value = points[code]
        if not Decimal(0) <= value <= part.max:
            raise _invalid(
                "points",
                _("The points of “%(part)s” are between 0 and %(max)s.")
                % {"part": part.name, "max": part.max},
            )
        stored[code] = str(value)
    return sum((Decimal(v) for v in stored.values()), Decimal(0)), stored


def _outcome(
    rules: rule_sets.RuleSet, inputs: Inputs, *, person: Person | None, unit: OrgUnit, year: int
) -> tuple[rule_sets.Outcome, dict[str, str]]:
    total, stored = (None, {}) if rules.scale == "levels" else _points(rules, inputs.points)
    if rules.scale == "levels" and inputs.level not in rule_sets.RANK:
        raise _invalid("level", _("Choose one of the four levels."))
    if not 0 <= inputs.months_worked <= 12 or not 0 <= inputs.leave_months <= 12:
        raise _invalid("months_worked", _("Months are between 0 and 12."))
    facts = rule_sets.Facts(
        disciplined=selectors_annual.disciplined(person=person, unit=unit, year=year),
        months_worked=inputs.months_worked,
        maternity_leave=inputs.maternity_leave,
        leave_months=inputs.leave_months,
        degradation_concluded=inputs.degradation_concluded,
        managed_unit_corruption=inputs.managed_unit_corruption,
    )
    return rule_sets.apply(rules, level=inputs.level, points=total, facts=facts), stored


def _check_subject(subject_kind: str, unit: OrgUnit, person: Person | None, year: int) -> None:
    if subject_kind not in AnnualSubjectKind.values:
        raise _invalid("subject_kind", _("Not a kind of subject."))
    if (subject_kind == AnnualSubjectKind.PARTY_ORGANISATION) != (person is None):
        raise _invalid(
            "person", _("A Party organisation is classified without a person; anyone else with one.")
        )
    if not 1990 <= year <= timezone.localdate().year:
        raise _invalid("year", _("A year that has begun."))
    if person is not None and not selectors_annual.held_position_in(person=person, unit=unit, year=year):
        raise _invalid(
            "person", _("The person held no position in %(unit)s that year.") % {"unit": unit.name}
        )


def annual_propose(
    *, actor: User, year: int, subject_kind: str, unit: OrgUnit, person: Person | None, inputs: Inputs
) -> AnnualClassification:
    """The leader's proposal (a new one, or a revision while undecided), under the rule set in
    force for the kind of subject at the year's end."""
    policy_annual.require(policy_annual.check_propose(actor, unit, person))
    _check_subject(subject_kind, unit, person, year)
    rule_set = rule_set_for(subject_kind=subject_kind, year=year)
    outcome, stored = _outcome(rules_of(rule_set), inputs, person=person, unit=unit, year=year)
    with transaction.atomic():
        existing = AnnualClassification.objects.select_for_update().filter(year=year)
        existing = (
            existing.filter(person=person) if person is not None else existing.filter(unit=unit, person=None)
        )
        row = existing.first()
        before = audit.snapshot(row, AUDITED) if row is not None else None
        if row is not None and row.state == AnnualState.DECIDED:
            raise InvalidStateError(_("The classification is already decided."))
        if row is None:
            row = AnnualClassification(year=year, subject_kind=subject_kind, person=person)
        else:
            bump_version(row)
        row.subject_kind, row.unit, row.unit_path, row.rule_set = subject_kind, unit, unit.path, rule_set
        _set_inputs(row, inputs, stored)
        row.proposed_level, row.proposal_result = outcome.proposed, outcome.result
        row.proposal_overrides, row.proposal_note = outcome.met, inputs.note
        row.proposed_by, row.proposed_at = actor, timezone.now()
        row.full_clean()
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError as err:  # two proposals at once: the other one won
            raise InvalidStateError(_("Someone proposed this classification at the same time.")) from err
        audit.record(
            actor=actor, action="evaluations.annual_propose", target=row, before=before,
            after=audit.snapshot(row, AUDITED),
        )  # fmt: skip
    return row


def _set_inputs(row: AnnualClassification, inputs: Inputs, stored: dict[str, str]) -> None:
    row.months_worked, row.leave_months = inputs.months_worked, inputs.leave_months
    row.maternity_leave = inputs.maternity_leave
    row.degradation_concluded = inputs.degradation_concluded
    row.managed_unit_corruption = inputs.managed_unit_corruption
    row.points = stored


def _inputs_of(row: AnnualClassification, level: str | None, points: dict[str, Decimal] | None) -> Inputs:
    return Inputs(
        level=level,
        points=points if points is not None else {k: Decimal(v) for k, v in row.points.items()},
        months_worked=row.months_worked,
        maternity_leave=row.maternity_leave,
        leave_months=row.leave_months,
        degradation_concluded=row.degradation_concluded,
        managed_unit_corruption=row.managed_unit_corruption,
    )


def quota_checks(
    *,
    rule_set: AnnualRuleSet,
    unit: OrgUnit,
    year: int,
    extra: list[str] | None = None,
    exclude: int | None = None,
) -> list[rule_sets.QuotaCheck]:
    """The rule set's quotas over the unit's decided classifications of the year (``extra``: the
    result about to be decided, ``exclude``: its row)."""
    decided = AnnualClassification.objects.filter(
        unit=unit, year=year, rule_set=rule_set, state=AnnualState.DECIDED
    )
    if exclude is not None:
        decided = decided.exclude(pk=exclude)
    results = list(decided.values_list("decision_result", flat=True)) + (extra or [])
    return rule_sets.check_quotas(rules_of(rule_set), results)


def annual_decide(
    *,
    actor: User,
    classification: AnnualClassification,
    level: str | None,
    points: dict[str, Decimal] | None,
    note: str,
    expected_version: int | None,
) -> AnnualClassification:
    """The final decision, kept beside the proposal: the rule set's overrides applied again (the
    discipline read afresh), the quotas checked over the unit's decided classifications."""
    policy_annual.require(policy_annual.check_decide(actor, classification))
    with transaction.atomic():
        row = AnnualClassification.objects.select_for_update().get(pk=classification.pk)
        check_version(obj=row, expected_version=expected_version)
        policy_annual.require(policy_annual.check_decide(actor, row))
        rules = rules_of(row.rule_set)
        outcome, stored = _outcome(
            rules, _inputs_of(row, level, points), person=row.person, unit=row.unit, year=row.year
        )
        # The quota is the unit's: one decision at a time per unit and year.
        list(
            AnnualClassification.objects.select_for_update().filter(unit=row.unit, year=row.year).values("pk")
        )
        for check in quota_checks(
            rule_set=row.rule_set, unit=row.unit, year=row.year, extra=[outcome.result], exclude=row.pk
        ):
            if check.exceeded:
                raise InvalidStateError(quota_message(check), code="quota_exceeded")
        before = audit.snapshot(row, AUDITED)
        row.points = stored or row.points
        row.decided_level, row.decision_result = outcome.proposed, outcome.result
        row.decision_overrides, row.decision_note = outcome.met, note
        row.decided_by, row.decided_at, row.state = actor, timezone.now(), AnnualState.DECIDED
        bump_version(row)
        row.full_clean()
        row.save()
        audit.record(
            actor=actor, action="evaluations.annual_decide", target=row, before=before,
            after=audit.snapshot(row, AUDITED),
        )  # fmt: skip
    return row


def quota_message(check: rule_sets.QuotaCheck) -> str:
    quota = check.quota
    message = _(
        "At most %(cap)s “%(level)s” (%(share)s %% of those rated “%(of)s”, rounded down); this decision "
        "would make %(count)s."
    ) % {
        "cap": check.cap,
        "level": AnnualLevel(quota.level).label,
        "share": f"{quota.share * 100:f}".rstrip("0").rstrip(".").replace(".", ","),
        "of": AnnualLevel(quota.of).label,
        "count": check.counted,
    }
    if quota.to_verify:
        message += " " + _("To verify: %(note)s") % {
            "note": quota.note_en if rule_sets.english() else quota.note
        }
    return message
