"""One action policy for inspections (as tests/test_action_policy.py for tasks): every action ×
every role of the cast × every state of the life cycle — the API's ``actions`` offers an action
exactly when the service accepts it, and a refusal is a 403 (who) or a 409 (the state), never
anything else (docs/adr/0041)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import transaction

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.inspections import policy_records, services
from mandate.inspections.enums import InspectionState
from mandate.inspections.models import Inspection
from mandate.inspections.tests.records_cast import conclude_every_subject
from mandate.inspections.transitions import ORDER

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 7, 19)
LATER = DAY + dt.timedelta(days=10)
ROLES = ("kt", "ktlead", "kvp", "kiem", "chanh", "dung", "vera", "tin", "olga", "ad")
STEPS = ("decide", "start", "conclude", "follow_up_done")


class _Rollback(Exception):
    pass


def _actor(records: SimpleNamespace, who: str) -> Any:
    if who == "kiem":
        return records.commission.kiem
    return getattr(records, who, None) or getattr(records.cast, who)


def _reach(records: SimpleNamespace, state: str) -> Inspection:
    inspection = Inspection.objects.get(pk=records.inspection.pk)
    for n, step in enumerate(STEPS[: ORDER.index(state)]):
        if step == "conclude":
            conclude_every_subject(inspection, DAY)
        inspection = services.inspection_move(
            actor=None, inspection=inspection, action=step, expected_version=inspection.version,
            on=DAY + dt.timedelta(days=n), decision_number="05-QĐ/UBKT",
        )  # fmt: skip
    if state == InspectionState.UNDER_WAY:
        conclude_every_subject(inspection, DAY)  # so that "conclude" stands on the state alone
    return inspection


def _act(records: SimpleNamespace, actor: Any, inspection: Inspection, name: str) -> None:
    cast = records.cast
    if name in STEPS:
        services.inspection_move(
            actor=actor, inspection=inspection, action=name, expected_version=inspection.version, on=LATER,
            decision_number="05-QĐ/UBKT",
        )  # fmt: skip
    elif name == "team_add":
        services.team_member_add(actor=actor, inspection=inspection, person=cast.van.person, role="member")
    elif name == "team_remove":
        services.team_member_remove(actor=actor, member=records.leader, left_on=LATER)
    elif name == "subject_add":
        services.subject_add(actor=actor, inspection=inspection, unit=cast.info)
    elif name == "subject_withdraw":
        subject = records.org_subject
        if inspection.state not in policy_records.CLOSED:  # a subject with nothing recorded about it
            subject = services.subject_add(actor=None, inspection=inspection, unit=cast.state_office)
        services.subject_withdraw(actor=actor, subject=subject, reason="Nhầm")


@pytest.mark.parametrize("state", ORDER)
def test_what_is_offered_is_exactly_what_the_services_accept(records: SimpleNamespace, state: str) -> None:
    _reach(records, state)
    disagreements = []
    seen = set()
    for who in ROLES:
        actor = _actor(records, who)
        for name in policy_records.INSPECTION_ACTIONS:
            inspection = Inspection.objects.select_related("body__unit").get(pk=records.inspection.pk)
            offered = name in policy_records.allowed_names(actor, inspection)
            outcome = "accepted"
            try:
                with transaction.atomic():
                    _act(records, actor, inspection, name)
                    raise _Rollback
            except _Rollback:
                pass
            except PermissionDeniedError:
                outcome = "403"
            except InvalidStateError:
                outcome = "409"
            seen.add(outcome)
            if offered != (outcome == "accepted"):
                disagreements.append((who, name, offered, outcome))
    assert disagreements == []
    # Not vacuous: strangers are refused, the state refuses some moves, and until the end some
    # action is open to someone.
    assert {"403", "409"} <= seen
    assert ("accepted" in seen) == (state != InspectionState.FOLLOW_UP_DONE)
