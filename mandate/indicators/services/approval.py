"""A submission's way up the set's hierarchy, level by level as in DHIS2 (ADR 0030): the unit
submits; each level above approves or returns it with a reason; the collecting unit accepts it
once every level between has approved, which locks the values; a level above may unlock them
with a reason. Each step is a ``SubmissionEvent``, an audit entry and notices to the side whose
turn it now is.

A level approves (or accepts) a unit's values only once the units reporting to that unit have
been approved by it: an aggregate is not signed for before its parts (DHIS2's "waiting for
lower level approval").
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mandate.core import audit
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, InvalidStateError
from mandate.core.period_labels import label as period_label
from mandate.indicators import calculations, measurement, policy
from mandate.indicators.enums import AWAITING_STATES, Aggregation, SubmissionEventKind, SubmissionState
from mandate.indicators.hierarchy import Hierarchy
from mandate.indicators.models import Actual, Submission, SubmissionEvent
from mandate.indicators.services.common import (
    field_error,
    heads_of,
    hierarchy_for,
    label_of,
    moment,
    require_text,
    shown,
    tell,
    user_or_none,
)
from mandate.notifications.enums import NotificationKind
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

S = SubmissionState
EVENT = {
    "submit": SubmissionEventKind.SUBMITTED,
    "approve": SubmissionEventKind.APPROVED,
    "return": SubmissionEventKind.RETURNED,
    "accept": SubmissionEventKind.ACCEPTED,
    "unlock": SubmissionEventKind.UNLOCKED,
}
STATE_FIELDS = ["state", "approved_through", "next_unit"]


def _not_ready(submission: Submission) -> dict[str, list[Any]]:
    """What stands between the values and their submission, per field: no value at all; parts
    of a breakdown that do not make their total; a value too far below its target without an
    explanation (the indicator's threshold)."""
    actuals = list(submission.actuals.select_related("indicator", "option"))
    if not actuals:
        return {"actuals": [_("Enter the values before submitting them.")]}
    problems: dict[str, list[Any]] = {}
    totals = {a.indicator_id: a for a in actuals if a.option_id is None}
    parts: dict[int, list[Actual]] = {}
    for actual in actuals:
        if actual.option_id is not None:
            parts.setdefault(actual.indicator_id, []).append(actual)
    for indicator_id, given in parts.items():
        whole = totals.get(indicator_id)
        if whole is None:
            problems[f"actuals.{given[0].pk}.value"] = [_("Enter the total of these parts too.")]
            continue
        _check_parts(whole, given, problems)
    for actual in totals.values():
        target = measurement.target_for(
            indicator=actual.indicator, unit_id=submission.unit_id, period=submission.period
        )
        achieved = measurement.below_threshold(actual, target)
        if achieved is not None and not actual.explanation.strip():
            problems[f"actuals.{actual.pk}.explanation"] = [
                _("%(achieved)s%% of the target, more than %(threshold)s points below it: explain why.")
                % {
                    "achieved": shown(achieved, 2),
                    "threshold": shown(actual.indicator.explanation_threshold, 2),
                }
            ]
    return problems


def _check_parts(whole: Actual, given: list[Actual], problems: dict[str, list[Any]]) -> None:
    indicator = whole.indicator
    if indicator.aggregation != Aggregation.SUM or indicator.disaggregation is None:
        return
    options = list(indicator.disaggregation.options.values_list("pk", flat=True))
    by_option = {a.option_id: a for a in given}
    figures = ("numerator", "denominator") if whole.numerator is not None else ("value",)
    for figure in figures:
        check = calculations.parts_check(
            whole=getattr(whole, figure),
            parts={pk: getattr(by_option[pk], figure) if pk in by_option else None for pk in options},
        )
        if check.missing:
            problems[f"actuals.{whole.pk}.{figure}"] = [_("Enter every part of the breakdown, or none.")]
        elif check.difference:
            problems[f"actuals.{whole.pk}.{figure}"] = [
                _("The parts add up to %(parts)s, not %(whole)s.")
                % {
                    "parts": shown(check.parts_total, indicator.decimals),
                    "whole": shown(check.whole, indicator.decimals),
                }
            ]


def _waiting_below(submission: Submission, hierarchy: Hierarchy) -> list[str]:
    """The units reporting to the submission's unit whose values it has not approved yet."""
    below = hierarchy.descendants(submission.unit_id)
    if not below:
        return []
    found = {
        s.unit_id: s
        for s in Submission.objects.filter(
            indicator_set_id=submission.indicator_set_id, period_id=submission.period_id, unit_id__in=below
        )
    }
    waiting: list[int] = []
    for unit_id in below:
        needed = hierarchy.chain(unit_id).index(submission.unit_id) + 1
        lower = found.get(unit_id)
        if lower is None or not (
            lower.state == S.ACCEPTED or (lower.state in AWAITING_STATES and lower.approved_through >= needed)
        ):
            waiting.append(unit_id)
    names = dict(OrgUnit.objects.filter(pk__in=waiting).values_list("pk", "name"))
    return [names[pk] for pk in waiting]


def _level_acted_for(
    actor: User | None, submission: Submission, hierarchy: Hierarchy, action: str
) -> int | None:
    if action == "submit":
        return submission.unit_id
    if action in ("approve", "return"):
        return submission.next_unit_id
    if action == "accept":
        return hierarchy.collecting_id
    for level in hierarchy.chain(submission.unit_id):  # unlock: the nearest level he leads
        if policy.acts_for(actor, hierarchy.path_of[level], policy.LEADING_ROLES):
            return level
    return None


def _move(
    submission: Submission,
    hierarchy: Hierarchy,
    action: str,
    actor: User | None,
    at: dt.datetime,
    reason: str,
) -> None:
    chain = hierarchy.chain(submission.unit_id)
    who = user_or_none(actor)
    if action in ("approve", "accept"):
        waiting = _waiting_below(submission, hierarchy)
        if waiting:
            raise InvalidStateError(
                _("The values of %(units)s, which report to this unit, await its approval first.")
                % {"units": ", ".join(waiting)},
                code="lower_levels_pending",
            )
    if action == "submit":
        problems = _not_ready(submission)
        if problems:
            raise ApplicationError(
                _("The values are not ready to submit."), code="not_ready", fields=problems
            )
        submission.state, submission.approved_through = S.SUBMITTED, 0
        submission.submitted_by, submission.submitted_at = who, at
    elif action == "approve":
        submission.state, submission.approved_through = S.APPROVED, submission.approved_through + 1
        submission.approved_by, submission.approved_at = who, at
    elif action == "accept":
        submission.state, submission.approved_through = S.ACCEPTED, len(chain)
        submission.accepted_by, submission.accepted_at = who, at
    elif action == "return":
        submission.state, submission.approved_through = S.RETURNED, 0
        submission.returned_by, submission.returned_at, submission.return_reason = who, at, reason
    else:  # unlock
        submission.state, submission.approved_through = S.RETURNED, 0
        submission.unlocked_by, submission.unlocked_at, submission.unlock_reason = who, at, reason
    awaiting = submission.state in AWAITING_STATES
    next_id = chain[submission.approved_through] if awaiting else None
    submission.next_unit_id = next_id
    submission.next_path = hierarchy.path_of[next_id] if next_id is not None else ""


@transaction.atomic
def submission_transition(
    *,
    actor: User | None,
    submission: Submission,
    action: str,
    expected_version: int | None,
    reason: str = "",
    on: dt.date | None = None,
) -> Submission:
    """One step: ``submit``, ``approve``, ``return`` (with a reason), ``accept`` (locks) or
    ``unlock`` (with a reason). The side first (403), then the state (409), then the version
    (400/409). ``on`` records a step taken on an earlier day (the demo, a late entry)."""
    if action not in policy.MOVES:
        raise field_error("action", _("Not a choice."))
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("indicator_set", "period", "unit", "next_unit", "accepted_by")
        .get(pk=submission.pk)
    )
    hierarchy = hierarchy_for(submission.indicator_set, submission.period)
    policy.require(actor, submission, hierarchy, action)
    check_version(obj=submission, expected_version=expected_version)
    reason = require_text(reason, "reason") if action in policy.NEEDS_REASON else reason.strip()
    before = audit.snapshot(submission, STATE_FIELDS)
    from_state = submission.state
    at = moment(on)
    level = _level_acted_for(actor, submission, hierarchy, action)
    _move(submission, hierarchy, action, actor, at, reason)
    bump_version(submission)
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission,
        kind=EVENT[action],
        from_state=from_state,
        to_state=submission.state,
        level_unit_id=level,
        reason=reason,
        actor=user_or_none(actor),
        actor_label=label_of(actor),
        at=at,
    )
    audit.record(
        actor=actor,
        action=f"indicators.{action}",
        target=submission,
        before=before,
        after={**audit.snapshot(submission, STATE_FIELDS), **({"reason": reason} if reason else {})},
    )
    _notify(actor, submission, action, reason, level)
    return submission


MESSAGES = {
    "submit": gettext_noop("Values of %(unit)s for “%(set)s”, %(period)s, await your approval."),
    "approve": gettext_noop("Values of %(unit)s for “%(set)s”, %(period)s, await your approval."),
    "accept": gettext_noop("%(level)s accepted and locked the values of “%(set)s”, %(period)s."),
    "return": gettext_noop("%(level)s returned the values of “%(set)s”, %(period)s: %(reason)s"),
    "unlock": gettext_noop("%(level)s unlocked the values of “%(set)s”, %(period)s: %(reason)s"),
}


def _notify(actor: User | None, submission: Submission, action: str, reason: str, level: int | None) -> None:
    """Whose turn it is now: the next level's heads, or the reporting unit's heads and the
    person who submitted."""
    users: list[User | None]
    if submission.next_unit_id is not None:
        users = list(heads_of([submission.next_unit_id]))
        unit = submission.next_unit
    else:
        users = [*heads_of([submission.unit_id]), submission.submitted_by]
        unit = submission.unit
    level_unit = OrgUnit.objects.filter(pk=level).first() if level is not None else None
    tell(
        users=users,
        actor=actor,
        kind=NotificationKind.STATUS_CHANGED,
        message=MESSAGES[action],
        params={
            "unit": submission.unit,
            "set": submission.indicator_set.name,
            "period": lazy(period_label, str)(submission.period),
            "level": level_unit if level_unit is not None else "—",
            "reason": reason,
        },
        unit=unit,
        target=submission,
        body=reason,
    )
