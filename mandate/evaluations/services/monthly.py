"""The writes of the monthly evaluation (issue 14, item 2): a leader opens his unit's month (one
evaluation per official, the task part pre-filled from the records), sets its closing day and
whether the unit is recognised as exceptionally outstanding; each official assesses himself; the
leader decides each one and submits the month within the A quota. Every write asks
``policy_monthly`` first, checks the version read, and is audited; a closed month refuses all.

``on`` is the day the act is done (today by default; the demo's loader plays the past).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit, workdays
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.evaluations import monthly_rules, policy_monthly
from mandate.evaluations.models import EvaluationState, MonthlyEvaluation, MonthSheet
from mandate.evaluations.monthly_prefill import month_end, prefill_many
from mandate.evaluations.monthly_rules import Rules
from mandate.organisations.models import OrgUnit
from mandate.people.enums import PositionKind
from mandate.people.models import Position, User

SHEET_FIELDS = ["closes_on", "exceptionally_outstanding", "outstanding_basis", "submitted_at", "version"]
DECISION_FIELDS = ["state", "discipline", "task_points", "bonus", "total", "grade", "version"]
SELF_FIELDS = ["state", "self_discipline", "self_task", "self_bonus", "version"]


def default_closes_on(month: dt.date, rules: Rules) -> dt.date:
    """The 5th working day of the next month (the rules' day), in the working-day calendar."""
    return workdays.add_working_days(month_end(month), rules.closing_working_day)


def first_of(month: dt.date) -> dt.date:
    return month.replace(day=1)


def rated_positions(unit: OrgUnit, month: dt.date) -> list[Position]:
    """The officials rated in the unit for the month: a regular position in the unit at some day of
    the month, the head excepted (the level above evaluates him). One row per person."""
    positions = (
        Position.objects.filter(
            unit=unit, kind=PositionKind.REGULAR, is_head=False, valid_from__lte=month_end(month)
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=month))
        .select_related("person")
        .order_by("person__full_name", "person_id", "-valid_from")
    )
    seen: dict[int, Position] = {}
    for position in positions:
        seen.setdefault(position.person_id, position)
    return list(seen.values())


def _as_of(sheet: MonthSheet, on: dt.date) -> dt.date:
    return min(on, sheet.closes_on)


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


@transaction.atomic
def month_open(*, actor: User | None, unit: OrgUnit, month: dt.date, on: dt.date | None = None) -> MonthSheet:
    """Open the unit's month: an evaluation for each official rated, its task part read from the
    records. Opening it again reads the records again for the evaluations not decided yet and adds
    the officials who joined since; a decided one is the leader's and stays as decided."""
    day = _today(on)
    month = first_of(month)
    rules = monthly_rules.rules_for(month)
    policy_monthly.require_leader(actor, unit)
    if month > day:
        raise ApplicationError(
            _("A month is evaluated once it has begun; %(month)s has not.") % {"month": f"{month:%m/%Y}"},
            fields={"month": [_("A month that has begun.")]},
        )
    sheet = MonthSheet.objects.select_for_update().filter(unit=unit, month=month).first()
    closes_on = sheet.closes_on if sheet is not None else default_closes_on(month, rules)
    policy_monthly.require_open(month, closes_on, day)
    if sheet is None:
        sheet = MonthSheet(
            unit=unit,
            unit_path=unit.path,
            month=month,
            rules_code=rules.code,
            closes_on=closes_on,
            opened_by=actor,
        )
        sheet.full_clean()
        sheet.save()
    else:
        rules = monthly_rules.rules_by_code(sheet.rules_code)
    as_of = _as_of(sheet, day)
    pending = list(sheet.evaluations.exclude(state=EvaluationState.DECIDED).select_for_update())
    have = set(sheet.evaluations.values_list("person_id", flat=True))
    missing = [position for position in rated_positions(unit, month) if position.person_id not in have]
    person_ids = [p.person_id for p in missing] + [e.person_id for e in pending]
    prefills = prefill_many(person_ids=person_ids, month=month, as_of=as_of, rules=rules)
    for evaluation in pending:
        prefill = prefills[evaluation.person_id]
        evaluation.task_prefill, evaluation.prefill = prefill.part.points, prefill.as_json(rules)
        evaluation.prefill_as_of = as_of
        bump_version(evaluation)
        evaluation.save(update_fields=["task_prefill", "prefill", "prefill_as_of", "version", "updated_at"])
    MonthlyEvaluation.objects.bulk_create(
        MonthlyEvaluation(
            sheet=sheet,
            person=position.person,
            position_title=position.title,
            task_prefill=prefills[position.person_id].part.points,
            prefill=prefills[position.person_id].as_json(rules),
            prefill_as_of=as_of,
        )
        for position in missing
    )
    audit.record(
        actor=actor,
        action="evaluations.month_open",
        target=sheet,
        after={
            **audit.snapshot(sheet, SHEET_FIELDS),
            "added": len(missing),
            "read_again": len(pending),
            "as_of": as_of,
        },
    )
    return sheet


@transaction.atomic
def month_settings(
    *,
    actor: User | None,
    sheet: MonthSheet,
    closes_on: dt.date,
    exceptionally_outstanding: bool,
    outstanding_basis: str,
    expected_version: int | None,
    on: dt.date | None = None,
) -> MonthSheet:
    """The unit's closing day for the month (after the month, not before today) and its
    recognition as exceptionally outstanding (with its basis: the 40 % quota rests on it)."""
    day = _today(on)
    locked = MonthSheet.objects.select_for_update().select_related("unit").get(pk=sheet.pk)
    policy_monthly.require_sheet_write(actor, locked, day)
    check_version(obj=locked, expected_version=expected_version)
    errors: dict[str, list[str]] = {}
    if closes_on <= month_end(locked.month) or closes_on < day:
        errors["closes_on"] = [_("The closing day is after the month and not before today.")]
    basis = " ".join(outstanding_basis.split())
    if exceptionally_outstanding and not basis:
        errors["outstanding_basis"] = [_("Say which decision recognised the unit.")]
    if errors:
        raise ApplicationError(fields=dict(errors))  # type: ignore[arg-type]
    before = audit.snapshot(locked, SHEET_FIELDS)
    locked.closes_on = closes_on
    locked.exceptionally_outstanding = exceptionally_outstanding
    locked.outstanding_basis = basis if exceptionally_outstanding else ""
    bump_version(locked)
    locked.save()
    audit.record(
        actor=actor, action="evaluations.month_settings", target=locked, before=before,
        after=audit.snapshot(locked, SHEET_FIELDS),
    )  # fmt: skip
    return locked


def _points(rules: Rules, values: dict[str, Decimal | None]) -> None:
    """Each part within its scale (0–20, 0–70, 0–10), in hundredths."""
    limits = {"discipline": rules.discipline_max, "task": rules.task_max, "bonus": rules.bonus_max}
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        if value is None:
            continue
        if (
            not value.is_finite()
            or value < 0
            or value > limits[name]
            or value != value.quantize(monthly_rules.CENT)
        ):
            errors[name] = [_("From 0 to %(max)s, in hundredths.") % {"max": limits[name]}]
    if errors:
        raise ApplicationError(fields=dict(errors))  # type: ignore[arg-type]


def _locked(evaluation: MonthlyEvaluation) -> MonthlyEvaluation:
    return (
        MonthlyEvaluation.objects.select_for_update()
        .select_related("sheet__unit", "person")
        .get(pk=evaluation.pk)
    )


@transaction.atomic
def evaluation_self_assess(
    *,
    actor: User | None,
    evaluation: MonthlyEvaluation,
    discipline: Decimal,
    task: Decimal,
    bonus: Decimal,
    note: str,
    expected_version: int | None,
    on: dt.date | None = None,
) -> MonthlyEvaluation:
    locked = _locked(evaluation)
    policy_monthly.require_self_assess(actor, locked, _today(on))
    check_version(obj=locked, expected_version=expected_version)
    _points(
        monthly_rules.rules_by_code(locked.sheet.rules_code),
        {"discipline": discipline, "task": task, "bonus": bonus},
    )
    before = audit.snapshot(locked, SELF_FIELDS)
    locked.self_discipline, locked.self_task, locked.self_bonus = discipline, task, bonus
    locked.self_note = note.strip()
    locked.self_assessed_at = timezone.now()
    locked.state = EvaluationState.SELF_ASSESSED
    bump_version(locked)
    locked.save()
    audit.record(
        actor=actor, action="evaluations.monthly_self_assess", target=locked, before=before,
        after=audit.snapshot(locked, SELF_FIELDS),
    )  # fmt: skip
    return locked


@transaction.atomic
def evaluation_decide(
    *,
    actor: User | None,
    evaluation: MonthlyEvaluation,
    discipline: Decimal,
    task: Decimal | None,
    bonus: Decimal,
    note: str,
    expected_version: int | None,
    on: dt.date | None = None,
) -> MonthlyEvaluation:
    """The leader's decision. The task part is read again from the records (up to today, or the
    closing day); without ``task`` the leader takes it as read, and with no task due he must
    enter it. The month's submission, if any, is withdrawn: the leader submits it again."""
    day = _today(on)
    locked = _locked(evaluation)
    policy_monthly.require_decide(actor, locked, day)
    check_version(obj=locked, expected_version=expected_version)
    rules = monthly_rules.rules_by_code(locked.sheet.rules_code)
    as_of = _as_of(locked.sheet, day)
    prefill = prefill_many(person_ids=[locked.person_id], month=locked.sheet.month, as_of=as_of, rules=rules)
    fresh = prefill[locked.person_id]
    if task is None:
        task = fresh.part.points
    if task is None:
        raise ApplicationError(
            _("No task of this official fell due in the month: the leader enters the task part."),
            fields={"task": [_("Enter the task part.")]},
        )
    _points(rules, {"discipline": discipline, "task": task, "bonus": bonus})
    before = audit.snapshot(locked, DECISION_FIELDS)
    locked.task_prefill, locked.prefill, locked.prefill_as_of = fresh.part.points, fresh.as_json(rules), as_of
    locked.discipline, locked.task_points, locked.bonus = discipline, task, bonus
    locked.total = discipline + task + bonus
    locked.grade = monthly_rules.grade(rules, locked.total)
    locked.leader_note = note.strip()
    locked.decided_by, locked.decided_at = actor, timezone.now()
    locked.state = EvaluationState.DECIDED
    bump_version(locked)
    locked.save()
    audit.record(
        actor=actor, action="evaluations.monthly_decide", target=locked, before=before,
        after={**audit.snapshot(locked, DECISION_FIELDS), "task_prefill": locked.task_prefill},
    )  # fmt: skip
    sheet = MonthSheet.objects.select_for_update().get(pk=locked.sheet_id)
    if sheet.submitted_at is not None:
        sheet_before = audit.snapshot(sheet, SHEET_FIELDS)
        sheet.submitted_at, sheet.submitted_by = None, None
        bump_version(sheet)
        sheet.save()
        audit.record(
            actor=actor, action="evaluations.month_reopen", target=sheet, before=sheet_before,
            after=audit.snapshot(sheet, SHEET_FIELDS),
        )  # fmt: skip
    return locked


def quota_of(sheet: MonthSheet) -> tuple[int, int, int]:
    """(rated, A quota, A given) of the month."""
    rules = monthly_rules.rules_by_code(sheet.rules_code)
    rated = sheet.evaluations.count()
    given = sheet.evaluations.filter(state=EvaluationState.DECIDED, grade="A").count()
    return rated, monthly_rules.a_quota(rules, rated, outstanding=sheet.exceptionally_outstanding), given


def quota_refusal(sheet: MonthSheet) -> tuple[str, str]:
    """Why the month cannot be submitted yet, as (code, message); ("", "") when it can."""
    rated, quota, given = quota_of(sheet)
    undecided = sheet.evaluations.exclude(state=EvaluationState.DECIDED).count()
    if rated == 0:
        return "not_ready", _("Nobody is rated in this month.")
    if undecided:
        return "not_ready", _("%(count)s of the month's evaluations are not decided yet.") % {
            "count": undecided
        }
    if given > quota:
        return "quota_exceeded", _(
            "%(given)s officials are graded A, above the unit's quota of %(quota)s "
            "(floor(%(percent)s %% × %(rated)s rated)): lower %(over)s of them before submitting."
        ) % {
            "given": given,
            "quota": quota,
            "percent": _percent(sheet),
            "rated": rated,
            "over": given - quota,
        }
    return "", ""


def _percent(sheet: MonthSheet) -> int:
    rules = monthly_rules.rules_by_code(sheet.rules_code)
    return rules.a_quota_percent_outstanding if sheet.exceptionally_outstanding else rules.a_quota_percent


@transaction.atomic
def month_submit(
    *, actor: User | None, sheet: MonthSheet, expected_version: int | None, on: dt.date | None = None
) -> MonthSheet:
    """Submit the month: every evaluation decided, the A grades within the quota."""
    locked = MonthSheet.objects.select_for_update().select_related("unit").get(pk=sheet.pk)
    policy_monthly.require_sheet_write(actor, locked, _today(on))
    check_version(obj=locked, expected_version=expected_version)
    code, refusal = quota_refusal(locked)
    if refusal:
        raise InvalidStateError(refusal, code=code)
    before = audit.snapshot(locked, SHEET_FIELDS)
    locked.submitted_at, locked.submitted_by = timezone.now(), actor
    bump_version(locked)
    locked.save()
    audit.record(
        actor=actor, action="evaluations.month_submit", target=locked, before=before,
        after=audit.snapshot(locked, SHEET_FIELDS),
    )  # fmt: skip
    return locked
