"""Proposing and deciding an annual classification: the rule set of each year, the overrides with
their reasons, the quota, the proposal and the decision both kept, and who may do what."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from mandate.core.exceptions import ApplicationError, InvalidStateError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.evaluations.models.annual import AnnualClassification, AnnualState
from mandate.evaluations.tests.annual_world import annual_world, decide, discipline, propose
from mandate.people.tests.factories import AccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(cast: SimpleNamespace) -> SimpleNamespace:
    return annual_world(cast)


def test_the_same_civil_servant_gets_each_years_rule_set(w: SimpleNamespace) -> None:
    in_2025 = propose(w.dung, w.oanh.person, w.culture_office, 2025, level="good")
    in_2026 = propose(
        w.dung, w.oanh.person, w.culture_office, 2026, points={"general": "27", "tasks": "60.5"}
    )

    assert in_2025.rule_set.key == "decree-90-2020-amended-48-2023"
    assert in_2026.rule_set.key == "decree-335-2025"
    assert (in_2026.proposed_level, in_2026.proposal_result) == ("good", "good")  # 87,5 points


def test_a_disciplined_official_is_not_completed_in_that_year_with_the_reason(w: SimpleNamespace) -> None:
    discipline(w.oanh.person, w.culture, dt.date(2024, 5, 6))

    row = propose(w.dung, w.oanh.person, w.culture_office, 2024, level="excellent")
    other_year = propose(w.dung, w.oanh.person, w.culture_office, 2025, level="excellent")

    assert (row.proposed_level, row.proposal_result) == ("excellent", "not_completed")
    assert [m["code"] for m in row.proposal_overrides] == ["disciplined_in_year"]
    assert "Nghị định 48/2023" in row.proposal_overrides[0]["reason"]
    assert other_year.proposal_result == "excellent"


def test_a_discipline_after_the_proposal_still_lowers_the_decision(w: SimpleNamespace) -> None:
    row = propose(w.dung, w.oanh.person, w.culture_office, 2024, level="good")
    discipline(w.oanh.person, w.culture, dt.date(2024, 11, 2))

    decided = decide(w.dung, row, level="good")

    assert (decided.proposal_result, decided.decision_result) == ("good", "not_completed")
    assert decided.state == AnnualState.DECIDED


def test_proposal_and_decision_are_both_kept_and_audited(w: SimpleNamespace) -> None:
    row = propose(w.dung, w.oanh.person, w.culture_office, 2024, level="excellent", note="Đề xuất")
    decided = decide(w.dung, row, level="good", note="Hội đồng hạ một bậc")

    decided.refresh_from_db()
    assert (decided.proposed_level, decided.decided_level) == ("excellent", "good")
    assert (decided.proposal_note, decided.decision_note) == ("Đề xuất", "Hội đồng hạ một bậc")
    actions = list(
        AuditEntry.objects.filter(
            target_type="evaluations.annualclassification", target_id=str(row.pk)
        ).values_list("action", flat=True)
    )
    assert actions == ["evaluations.annual_propose", "evaluations.annual_decide"]


def test_a_decided_classification_is_not_decided_nor_proposed_again(w: SimpleNamespace) -> None:
    row = decide(w.dung, propose(w.dung, w.oanh.person, w.culture_office, 2024, level="good"), level="good")

    with pytest.raises(InvalidStateError):
        decide(w.dung, row, level="excellent")
    with pytest.raises(InvalidStateError):
        propose(w.dung, w.oanh.person, w.culture_office, 2024, level="excellent")


def test_the_excellent_quota_refuses_the_decision_that_breaks_it(w: SimpleNamespace) -> None:
    people = [
        AccountFactory.create(
            username=f"cv{i}", full_name=f"Chuyên viên {i}",
            position={"unit": w.culture_office, "title": "Chuyên viên", "role": "official"},
        ).person
        for i in range(6)
    ]  # fmt: skip
    for person in people[:4]:
        decide(w.dung, propose(w.dung, person, w.culture_office, 2024, level="good"), level="good")
    too_early = propose(w.dung, people[5], w.culture_office, 2024, level="excellent")
    with pytest.raises(InvalidStateError):  # floor(20 % × 4) = 0
        decide(w.dung, too_early, level="excellent")
    decide(w.dung, propose(w.dung, people[4], w.culture_office, 2024, level="good"), level="good")
    first = decide(w.dung, too_early, level="excellent")
    second = propose(w.dung, w.oanh.person, w.culture_office, 2024, level="excellent")

    with pytest.raises(InvalidStateError) as refused, translation.override("en"):
        decide(w.dung, second, level="excellent")

    assert first.decision_result == "excellent"  # floor(20 % × 5) = 1
    assert refused.value.code == "quota_exceeded"
    assert str(refused.value.message).startswith("At most 1 “Excellently completed tasks”")
    assert "To verify" in str(refused.value.message)
    second.refresh_from_db()
    assert second.state == AnnualState.PROPOSED


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("dung", True),
        ("oanh", False),
        ("hoa", False),
        ("tin", False),
        ("van", False),
        ("olga", False),
        ("ad", False),
    ],
)
def test_only_a_leader_of_the_unit_proposes(w: SimpleNamespace, who: str, allowed: bool) -> None:
    before = AnnualClassification.objects.count()
    if allowed:
        propose(getattr(w, who), w.hoa.person, w.culture_office, 2024, level="good")
        assert AnnualClassification.objects.count() == before + 1
        return
    with pytest.raises(PermissionDeniedError):
        propose(getattr(w, who), w.hoa.person, w.culture_office, 2024, level="good")
    assert AnnualClassification.objects.count() == before


@pytest.mark.parametrize("who", ["oanh", "hoa", "tin", "van", "olga", "ad"])
def test_only_a_leader_of_the_unit_decides(w: SimpleNamespace, who: str) -> None:
    row = propose(w.dung, w.hoa.person, w.culture_office, 2024, level="good")

    with pytest.raises(PermissionDeniedError):
        decide(getattr(w, who), row, level="good")

    row.refresh_from_db()
    assert (row.state, row.version) == (AnnualState.PROPOSED, 1)


def test_a_leader_never_classifies_himself(w: SimpleNamespace) -> None:
    with pytest.raises(PermissionDeniedError):
        propose(w.dung, w.dung.person, w.culture, 2024, level="excellent")


def test_a_party_member_classified_for_2023_gets_124(w: SimpleNamespace) -> None:
    row = propose(w.dung, w.oanh.person, w.culture_office, 2023, kind="party_member", level="good")

    assert row.rule_set.source_document == "124-QĐ/TW"


def test_a_party_organisation_is_decided_from_the_level_above(w: SimpleNamespace) -> None:
    row = propose(w.dung, None, w.culture_party, 2024, kind="party_organisation", level="good")  # type: ignore[arg-type]
    leader = AccountFactory.create(
        username="dangbo",
        full_name="Bí Thư",
        position={"unit": w.culture_party, "title": "Bí thư", "role": "leader"},
    )

    with pytest.raises(PermissionDeniedError):
        decide(leader, row, level="good")
    assert decide(w.dung, row, level="good").decision_result == "good"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"points": {"general": "31", "tasks": "60"}}, "points"),
        ({"points": {"general": "30"}}, "points"),
        ({"level": "good"}, "points"),
    ],
)
def test_points_are_checked_against_their_parts(
    w: SimpleNamespace, values: dict[str, Any], field: str
) -> None:
    with pytest.raises(ApplicationError) as refused:
        propose(w.dung, w.oanh.person, w.culture_office, 2026, **values)

    assert field in refused.value.fields or "points" in str(refused.value.message)
    assert AnnualClassification.objects.count() == 0


def test_someone_who_was_not_in_the_unit_that_year_is_refused(w: SimpleNamespace) -> None:
    with pytest.raises(ApplicationError) as refused:
        propose(w.dung, w.tin.person, w.culture_office, 2024, level="good")

    assert "person" in refused.value.fields
