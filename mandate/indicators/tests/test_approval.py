"""Actuals and their approval through the services: enter, submit, approve level by level,
return with a reason and a notice, accept and lock, unlock with a reason; a locked or stale
value is refused with 409 (ADR 0030)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    PermissionDeniedError,
    VersionRequiredError,
)
from mandate.core.models import AuditEntry
from mandate.indicators.enums import SubmissionState
from mandate.indicators.models import Actual, ActualRevision, SubmissionEvent
from mandate.indicators.services import actuals
from mandate.indicators.tests.factories import enter, move, submission_of, target
from mandate.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _audit(action: str) -> int:
    return AuditEntry.objects.filter(action=f"indicators.{action}").count()


def test_the_reporting_unit_enters_its_values_with_a_revision_and_an_audit_entry(
    cast: Any, ind: SimpleNamespace
):
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)

    submission = submission_of(ind.titles, cast.district_state, ind.y2023)
    assert (actual.value, actual.entered_by, submission.state) == (
        Decimal(96),
        cast.bao,
        SubmissionState.DRAFT,
    )
    assert list(actual.revisions.values_list("value", "actor_label")) == [(Decimal(96), "bao")]
    assert _audit("actuals_enter") == 1


@pytest.mark.parametrize("who", ["tin", "dung", "olga", "vera"])
def test_only_the_reporting_units_side_enters_and_nothing_is_written(
    cast: Any, ind: SimpleNamespace, who: str
):
    with pytest.raises(PermissionDeniedError):
        enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=getattr(cast, who))
    assert (Actual.objects.count(), _audit("actuals_enter")) == (0, 0)


def test_a_value_with_more_decimals_than_declared_is_refused_naming_the_field(
    cast: Any, ind: SimpleNamespace
):
    with pytest.raises(ApplicationError) as refused:
        enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96.5"}, actor=cast.bao)
    assert list(refused.value.fields) == ["entries.0.value"]
    assert Actual.objects.count() == 0


def test_submission_goes_to_the_collecting_unit_which_is_notified(cast: Any, ind: SimpleNamespace):
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)

    submitted = move(submission_of(ind.titles, cast.district_state, ind.y2023), "submit", actor=cast.bao)

    assert (submitted.state, submitted.next_unit, submitted.submitted_by) == (
        "submitted",
        cast.culture,
        cast.bao,
    )
    assert Notification.objects.filter(recipient=cast.dung, target_id=str(submitted.pk)).count() == 1


def test_a_value_far_below_its_target_needs_an_explanation_before_submission(cast: Any, ind: SimpleNamespace):
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "120")
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    submission = submission_of(ind.titles, cast.district_state, ind.y2023)

    with pytest.raises(ApplicationError) as refused:
        move(submission, "submit", actor=cast.bao)
    assert refused.value.code == "not_ready"
    assert list(refused.value.fields) == [f"actuals.{actual.pk}.explanation"]
    assert "80,00%" in str(refused.value.fields[f"actuals.{actual.pk}.explanation"][0])
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT

    enter(
        ind.titles,
        cast.district_state,
        ind.y2023,
        {ind.families: "96"},
        actor=cast.bao,
        explanation="Mưa bão",
    )
    assert move(submission, "submit", actor=cast.bao).state == SubmissionState.SUBMITTED


def test_within_the_threshold_no_explanation_is_asked(cast: Any, ind: SimpleNamespace):
    target(ind.titles, ind.families, cast.district_state, ind.y2023, "100")
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "90"}, actor=cast.bao)
    assert (
        move(submission_of(ind.titles, cast.district_state, ind.y2023), "submit", actor=cast.bao).state
        == "submitted"
    )


def _submitted(cast: Any, ind: SimpleNamespace) -> Any:
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    return move(submission_of(ind.titles, cast.district_state, ind.y2023), "submit", actor=cast.bao)


def test_accepted_values_are_locked_and_an_edit_is_409_with_the_reason(cast: Any, ind: SimpleNamespace):
    accepted = move(_submitted(cast, ind), "accept", actor=cast.dung)
    assert (accepted.state, accepted.accepted_by, accepted.next_unit) == ("accepted", cast.dung, None)
    actual = Actual.objects.get()
    before = (actual.version, ActualRevision.objects.count(), AuditEntry.objects.count())

    with pytest.raises(InvalidStateError) as refused:
        enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "97"}, actor=cast.bao)

    assert (refused.value.status_code, refused.value.code) == (409, "locked")
    assert "dung" in str(refused.value.message)
    actual.refresh_from_db()
    assert (actual.version, ActualRevision.objects.count(), AuditEntry.objects.count()) == before
    assert actual.value == Decimal(96)


def test_unlocking_is_an_audited_act_of_the_level_above_with_a_reason(cast: Any, ind: SimpleNamespace):
    accepted = move(_submitted(cast, ind), "accept", actor=cast.dung)
    with pytest.raises(PermissionDeniedError):
        move(accepted, "unlock", actor=cast.bao, reason="Sai số")
    with pytest.raises(ApplicationError) as no_reason:
        move(accepted, "unlock", actor=cast.dung)
    assert list(no_reason.value.fields) == ["reason"]

    unlocked = move(accepted, "unlock", actor=cast.dung, reason="Huyện báo cáo nhầm số hộ")

    assert (unlocked.state, unlocked.unlocked_by, unlocked.unlock_reason) == (
        "returned",
        cast.dung,
        "Huyện báo cáo nhầm số hộ",
    )
    entry = AuditEntry.objects.get(action="indicators.unlock")
    assert entry.after is not None and entry.after["reason"] == "Huyện báo cáo nhầm số hộ"
    assert Notification.objects.filter(recipient=cast.bao, target_id=str(unlocked.pk)).exists()
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "97"}, actor=cast.bao)
    assert actual.value == Decimal(97)


def test_a_returned_submission_goes_back_to_the_unit_with_the_reason_and_a_notice(
    cast: Any, ind: SimpleNamespace
):
    submitted = _submitted(cast, ind)
    with pytest.raises(ApplicationError):
        move(submitted, "return", actor=cast.dung)

    returned = move(submitted, "return", actor=cast.dung, reason="Thiếu số liệu xã")

    assert (returned.state, returned.return_reason, returned.returned_by) == (
        "returned",
        "Thiếu số liệu xã",
        cast.dung,
    )
    notice = Notification.objects.get(recipient=cast.bao, target_id=str(returned.pk))
    assert "Thiếu số liệu xã" in notice.title
    assert "Năm 2023" in notice.title, notice.title
    event = SubmissionEvent.objects.get(kind="returned")
    assert (event.reason, event.level_unit, event.actor) == ("Thiếu số liệu xã", cast.culture, cast.dung)
    assert (
        enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "98"}, actor=cast.bao)[0].value == 98
    )


def test_values_awaiting_approval_cannot_be_edited(cast: Any, ind: SimpleNamespace):
    _submitted(cast, ind)
    with pytest.raises(InvalidStateError) as refused:
        enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "97"}, actor=cast.bao)
    assert refused.value.status_code == 409


@pytest.mark.parametrize("who", ["tin", "bao", "oanh", "vera", "olga", "chanh"])
def test_only_a_leader_of_the_collecting_unit_accepts(cast: Any, ind: SimpleNamespace, who: str):
    submitted = _submitted(cast, ind)
    with pytest.raises(PermissionDeniedError):
        move(submitted, "accept", actor=getattr(cast, who))
    submitted.refresh_from_db()
    assert (submitted.state, _audit("accept")) == ("submitted", 0)


def test_a_stale_transition_is_409_and_changes_nothing(cast: Any, ind: SimpleNamespace):
    from mandate.indicators.services import approval

    submitted = _submitted(cast, ind)
    with pytest.raises(ConflictError) as stale:
        approval.submission_transition(
            actor=cast.dung, submission=submitted, action="accept", expected_version=submitted.version - 1
        )
    assert stale.value.changed_by == "bao"
    with pytest.raises(VersionRequiredError):
        approval.submission_transition(
            actor=cast.dung, submission=submitted, action="accept", expected_version=None
        )
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_a_stale_value_edit_is_409_naming_who_changed_it(cast: Any, ind: SimpleNamespace):
    (actual,) = enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    entry = actuals.ActualEntry(indicator=ind.families, value=Decimal(97), version=actual.version + 1)
    with pytest.raises(ConflictError) as stale:
        actuals.actuals_enter(
            actor=cast.bao,
            indicator_set=ind.titles,
            unit=cast.district_state,
            period=ind.y2023,
            entries=[entry],
        )
    assert (stale.value.current_version, stale.value.changed_by) == (actual.version, "bao")
    enter_without_version = actuals.ActualEntry(indicator=ind.families, value=Decimal(97))
    with pytest.raises(VersionRequiredError):
        actuals.actuals_enter(
            actor=cast.bao,
            indicator_set=ind.titles,
            unit=cast.district_state,
            period=ind.y2023,
            entries=[enter_without_version],
        )


def test_the_same_values_entered_twice_change_nothing_the_second_time(cast: Any, ind: SimpleNamespace):
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    before = (ActualRevision.objects.count(), AuditEntry.objects.count(), Actual.objects.get().version)
    enter(ind.titles, cast.district_state, ind.y2023, {ind.families: "96"}, actor=cast.bao)
    assert (
        ActualRevision.objects.count(),
        AuditEntry.objects.count(),
        Actual.objects.get().version,
    ) == before


def test_two_levels_approve_in_turn_and_the_collecting_unit_accepts(cast: Any, ind: SimpleNamespace):
    enter(ind.chain, cast.district_state, ind.y2023, {ind.shows: "40"}, actor=cast.bao)
    submitted = move(submission_of(ind.chain, cast.district_state, ind.y2023), "submit", actor=cast.bao)
    assert submitted.next_unit == cast.info
    with pytest.raises(PermissionDeniedError):
        move(submitted, "approve", actor=cast.dung)  # not his turn: info approves first
    with pytest.raises(InvalidStateError):
        move(submitted, "accept", actor=cast.dung)

    approved = move(submitted, "approve", actor=cast.tin)
    assert (approved.state, approved.approved_through, approved.next_unit) == ("approved", 1, cast.culture)
    with pytest.raises(InvalidStateError):
        move(approved, "approve", actor=cast.dung)  # the collecting unit accepts, it does not approve

    accepted = move(approved, "accept", actor=cast.dung)
    assert (accepted.state, accepted.approved_through) == ("accepted", 2)
    kinds = list(SubmissionEvent.objects.filter(submission=accepted).values_list("kind", "level_unit"))
    assert kinds == [
        ("submitted", cast.district_state.pk),
        ("approved", cast.info.pk),
        ("accepted", cast.culture.pk),
    ]


def test_a_level_does_not_pass_on_its_own_values_before_approving_those_reporting_to_it(
    cast: Any, ind: SimpleNamespace
):
    enter(ind.chain, cast.info, ind.y2023, {ind.shows: "10"}, actor=cast.tin)
    own = move(submission_of(ind.chain, cast.info, ind.y2023), "submit", actor=cast.tin)
    with pytest.raises(InvalidStateError) as waiting:
        move(own, "accept", actor=cast.dung)
    assert waiting.value.code == "lower_levels_pending"
    assert cast.district_state.name in str(waiting.value.message)

    enter(ind.chain, cast.district_state, ind.y2023, {ind.shows: "40"}, actor=cast.bao)
    lower = move(submission_of(ind.chain, cast.district_state, ind.y2023), "submit", actor=cast.bao)
    move(lower, "approve", actor=cast.tin)
    assert move(own, "accept", actor=cast.dung).state == "accepted"
