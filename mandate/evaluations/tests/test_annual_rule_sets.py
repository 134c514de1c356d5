"""The rule sets as data: loaded all or nothing, chosen by the kind of subject and the year (R6),
and the engine's rules (hard overrides, points to level, quotas) as properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate.core.exceptions import ApplicationError
from mandate.core.models import AuditEntry
from mandate.evaluations import rule_sets
from mandate.evaluations.models.annual import AnnualLevel, AnnualRuleSet
from mandate.evaluations.rule_sets_load import DEFAULT_FILE, annual_rule_sets_load, parse_file, rule_set_for

ENTRIES = parse_file(DEFAULT_FILE.read_text(encoding="utf-8"))
RULES = {entry["key"]: rule_sets.parse_rules(entry["rules"], entry["key"]) for entry in ENTRIES}


@pytest.mark.django_db
def test_the_file_loads_once_and_again_changes_nothing() -> None:
    first = annual_rule_sets_load(actor=None)
    entries = AuditEntry.objects.count()
    second = annual_rule_sets_load(actor=None)

    assert len(first.created) == len(ENTRIES) == AnnualRuleSet.objects.count()
    assert (second.created, second.changed, second.retired) == ([], [], [])
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db
def test_a_file_with_one_error_loads_nothing() -> None:
    text = DEFAULT_FILE.read_text(encoding="utf-8").replace('min: "50"', 'min: "95"', 1)

    with pytest.raises(ApplicationError) as refused:
        annual_rule_sets_load(actor=None, text=text)

    assert refused.value.code == "invalid_rule_sets"
    assert "thresholds" in str(refused.value.message)
    assert AnnualRuleSet.objects.count() == 0


def test_two_rule_sets_in_force_for_the_same_kind_on_one_day_are_refused() -> None:
    text = DEFAULT_FILE.read_text(encoding="utf-8").replace("valid_to: 2023-09-14", "valid_to: 2023-09-15")

    with pytest.raises(rule_sets.RuleError, match="both in force"):
        parse_file(text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "year", "key"),
    [
        ("civil_servant", 2022, "decree-90-2020"),
        ("civil_servant", 2023, "decree-90-2020-amended-48-2023"),
        ("civil_servant", 2025, "decree-90-2020-amended-48-2023"),
        ("civil_servant", 2026, "decree-335-2025"),
        ("public_employee", 2025, "decree-90-2020-amended-48-2023"),
        ("public_employee", 2026, "public-employees-2026"),
        ("party_member", 2023, "party-124-2023"),
        ("party_member", 2024, "party-124-2023"),
        ("party_member", 2025, "party-366-2025"),
        ("party_organisation", 2023, "party-124-2023"),
    ],
)
def test_the_rule_set_is_the_one_in_force_for_the_kind_at_the_years_end(
    kind: str, year: int, key: str
) -> None:
    annual_rule_sets_load(actor=None)

    assert rule_set_for(subject_kind=kind, year=year).key == key


@pytest.mark.django_db
def test_a_year_no_rule_set_covers_is_refused_with_the_day() -> None:
    annual_rule_sets_load(actor=None)

    with pytest.raises(ApplicationError) as refused:
        rule_set_for(subject_kind="party_member", year=2022)

    assert refused.value.code == "no_rule_set"
    assert "31/12/2022" in str(refused.value.message)


def test_every_rule_without_a_source_in_shared_is_marked_to_verify() -> None:
    marked = {entry["key"] for entry in ENTRIES if entry["to_verify"]}
    quotas = {key: [q.to_verify for q in rules.quotas] for key, rules in RULES.items()}

    assert marked == {"public-employees-2026", "party-366-2025"}
    assert all(all(flags) for flags in quotas.values())  # shared/ sources no quota's exact wording
    assert [o.to_verify for o in RULES["party-124-2023"].overrides] == [True]


# The rule sets that say a disciplined official is not completed in the year of his discipline.
SAYING_SO = sorted(
    key for key, rules in RULES.items() if any(o.code == "disciplined_in_year" for o in rules.overrides)
)
FACTS = st.builds(
    rule_sets.Facts,
    disciplined=st.just(True),
    months_worked=st.integers(0, 12),
    maternity_leave=st.booleans(),
    leave_months=st.integers(0, 12),
    degradation_concluded=st.booleans(),
    managed_unit_corruption=st.booleans(),
)


def test_the_rule_sets_that_say_so_are_the_state_ones_of_2023_on_and_124() -> None:
    assert SAYING_SO == [
        "decree-335-2025",
        "decree-90-2020-amended-48-2023",
        "party-124-2023",
        "public-employees-2026",
    ]


@given(
    key=st.sampled_from(SAYING_SO),
    level=st.sampled_from(rule_sets.RANK),
    points=st.decimals(min_value=0, max_value=100, places=2),
    facts=FACTS,
)
def test_a_disciplined_official_is_never_above_not_completed(
    key: str, level: str, points: Decimal, facts: rule_sets.Facts
) -> None:
    rules = RULES[key]
    outcome = rule_sets.apply(rules, level=level, points=min(points, rules.max_points), facts=facts)

    assert outcome.result in (AnnualLevel.NOT_COMPLETED, AnnualLevel.NOT_CLASSIFIED)
    assert "disciplined_in_year" in [met["code"] for met in outcome.met]


@pytest.mark.parametrize(
    ("points", "level"),
    [
        ("100", "excellent"),
        ("90", "excellent"),
        ("89.99", "good"),
        ("70", "good"),
        ("69.99", "completed"),
        ("50", "completed"),
        ("49.99", "not_completed"),
        ("0", "not_completed"),
    ],
)
def test_decree_335_thresholds_90_70_50(points: str, level: str) -> None:
    assert rule_sets.level_for_points(RULES["decree-335-2025"], Decimal(points)) == level


@given(good=st.integers(0, 500), excellent=st.integers(0, 200))
def test_the_excellent_cap_is_a_fifth_of_those_rated_good_rounded_down(good: int, excellent: int) -> None:
    results = ["good"] * good + ["excellent"] * excellent
    (check,) = rule_sets.check_quotas(RULES["decree-335-2025"], results)

    assert check.cap == good // 5
    assert check.exceeded == (excellent > good // 5)


@pytest.mark.parametrize(
    ("facts", "result"),
    [
        ({"months_worked": 5}, "not_classified"),
        ({"months_worked": 5, "maternity_leave": True}, "excellent"),
        ({"leave_months": 3}, "completed"),
        ({"leave_months": 6}, "excellent"),
        ({}, "excellent"),
    ],
)
def test_decree_48_overrides_other_than_discipline(facts: dict[str, Any], result: str) -> None:
    outcome = rule_sets.apply(
        RULES["decree-90-2020-amended-48-2023"],
        level="excellent",
        points=None,
        facts=rule_sets.Facts(**facts),
    )

    assert outcome.result == result


def test_decree_90_before_the_amendment_has_no_discipline_override() -> None:
    outcome = rule_sets.apply(
        RULES["decree-90-2020"], level="good", points=None, facts=rule_sets.Facts(disciplined=True)
    )

    assert (outcome.result, outcome.met) == ("good", [])


def test_the_first_day_of_decree_48_is_15_09_2023() -> None:
    by_key = {entry["key"]: entry for entry in ENTRIES}

    assert by_key["decree-90-2020"]["valid_to"] == dt.date(2023, 9, 14)
    assert by_key["decree-90-2020-amended-48-2023"]["valid_from"] == dt.date(2023, 9, 15)
    assert by_key["decree-335-2025"]["valid_from"] == dt.date(2026, 1, 1)
