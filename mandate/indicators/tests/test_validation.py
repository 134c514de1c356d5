"""Validation rules checked in ``actuals_enter`` — the form, the API and the Excel import alike
(ADR 0036): an error refuses the entry with its message and writes nothing; a warning is recorded
per unit, period and value, does not block, and is resolved when the values hold again."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.indicators.enums import RuleImportance
from mandate.indicators.models import Actual, ActualRevision, ValidationRule, ValidationWarning
from mandate.indicators.rule_templates import RuleSpec
from mandate.indicators.services import actuals, catalogue, rules
from mandate.indicators.tests.factories import enter, make_indicator

pytestmark = pytest.mark.django_db


def _part_entry(w: SimpleNamespace, option: Any, value: str) -> actuals.ActualEntry:
    return actuals.ActualEntry(indicator=w.whole, option=option, value=Decimal(value))


def test_a_part_over_its_whole_is_refused_with_its_message_and_nothing_is_written(
    cast: Any, xdd: SimpleNamespace
):
    enter(xdd.set, cast.district_state, xdd.y2023, {xdd.whole: "8051"}, actor=cast.bao)
    audit = AuditEntry.objects.count()

    with pytest.raises(ApplicationError) as refused:
        enter(xdd.set, cast.district_state, xdd.y2023, {xdd.part: "8052"}, actor=cast.bao)

    assert refused.value.code == "validation_rule"
    message = str(refused.value.fields["entries.0.value"][0])
    assert len(refused.value.fields["entries.0.value"]) == 1
    assert "“Học sinh THPT được kết nạp” không được lớn hơn" in message
    assert "8.052" in message and "8.051" in message
    assert (Actual.objects.count(), ActualRevision.objects.count()) == (1, 1)
    assert AuditEntry.objects.count() == audit
    # 88 ≤ 8.051 holds; in English the message is the rule's English one.
    enter(xdd.set, cast.district_state, xdd.y2023, {xdd.part: "88"}, actor=cast.bao)
    with translation.override("en"), pytest.raises(ApplicationError) as english:
        enter(xdd.set, cast.district_state, xdd.y2023, {xdd.whole: "87"}, actor=cast.bao)
    assert english.value.message == (
        "“High-school students” may not exceed “Party members admitted”, its whole. "
        "(left side: 88; right side: 87)"
    )
    assert english.value.fields == {"entries.0.value": [english.value.message]}


def test_a_part_entered_before_its_whole_waits_for_it(cast: Any, xdd: SimpleNamespace):
    enter(xdd.set, cast.district_state, xdd.y2023, {xdd.part: "88"}, actor=cast.bao)
    with pytest.raises(ApplicationError):
        enter(xdd.set, cast.district_state, xdd.y2023, {xdd.whole: "80"}, actor=cast.bao)
    enter(xdd.set, cast.district_state, xdd.y2023, {xdd.whole: "8051"}, actor=cast.bao)
    assert Actual.objects.count() == 2


def test_parts_that_do_not_make_their_total_are_refused_once_all_are_given(cast: Any, xdd: SimpleNamespace):
    unit, period = cast.district_state, xdd.y2023
    total = actuals.ActualEntry(indicator=xdd.whole, value=Decimal(100))
    actuals.actuals_enter(
        actor=cast.bao, indicator_set=xdd.set, unit=unit, period=period,
        entries=[total, _part_entry(xdd, xdd.male, "60")],
    )  # fmt: skip
    with pytest.raises(ApplicationError) as refused:
        actuals.actuals_enter(
            actor=cast.bao, indicator_set=xdd.set, unit=unit, period=period,
            entries=[_part_entry(xdd, xdd.female, "39")],
        )  # fmt: skip
    assert list(refused.value.fields) == ["entries.0.value"]
    assert "Các phần của" in str(refused.value.fields["entries.0.value"][0])
    actuals.actuals_enter(
        actor=cast.bao,
        indicator_set=xdd.set,
        unit=unit,
        period=period,
        entries=[_part_entry(xdd, xdd.female, "40")],
    )
    assert Actual.objects.filter(option__isnull=False).count() == 2


def test_a_value_outside_the_units_usual_range_is_a_warning_that_does_not_block(
    cast: Any, xdd: SimpleNamespace
):
    unit = cast.district_state
    enter(xdd.set, unit, xdd.y2021, {xdd.whole: "100"}, actor=cast.bao)
    enter(xdd.set, unit, xdd.y2022, {xdd.whole: "80"}, actor=cast.bao)
    assert not ValidationWarning.objects.exists()  # no history before 2021; 80 ≥ 100 × 0.8 in 2022

    (actual,) = enter(xdd.set, unit, xdd.y2023, {xdd.whole: "130"}, actor=cast.bao)

    (warning,) = ValidationWarning.objects.all()
    assert (warning.rule.code, warning.unit, warning.period, warning.actual) == (
        "RANGE.high",
        unit,
        xdd.y2023,
        actual,
    )
    assert (warning.left_value, warning.right_value, warning.resolved_at) == (
        Decimal(130),
        Decimal(120),
        None,
    )
    assert warning.entered_by == cast.bao
    # The same value again changes nothing; a value within the range resolves the warning.
    enter(xdd.set, unit, xdd.y2023, {xdd.whole: "130"}, actor=cast.bao)
    assert ValidationWarning.objects.get().last_seen_at == warning.last_seen_at
    enter(xdd.set, unit, xdd.y2023, {xdd.whole: "110"}, actor=cast.bao)
    assert ValidationWarning.objects.get().resolved_at is not None
    # Another unit's history is not this unit's: info has none, so nothing is warned.
    enter(xdd.set, cast.info, xdd.y2023, {xdd.whole: "5000"}, actor=cast.tin)
    assert ValidationWarning.objects.filter(unit=cast.info).count() == 0


def test_only_rules_reading_the_entered_indicators_are_checked(cast: Any, xdd: SimpleNamespace):
    other = make_indicator(cast.culture, "VH-KHAC", name="Khác")
    catalogue.indicator_set_add_indicators(actor=None, indicator_set=xdd.set, indicators=[other])
    enter(xdd.set, cast.district_state, xdd.y2023, {xdd.whole: "8051", xdd.part: "88"}, actor=cast.bao)
    ValidationRule.objects.filter(code="THPT").update(right="#{DV-KN} - 8000")  # now broken, stored
    enter(xdd.set, cast.district_state, xdd.y2023, {other: "5"}, actor=cast.bao)
    assert Actual.objects.count() == 3


def test_rules_are_managed_by_the_collecting_units_leaders_and_specialists(cast: Any, xdd: SimpleNamespace):
    spec = RuleSpec("MAX", "#{DV-KN}", "≤", "10000", RuleImportance.WARNING, "Quá lớn", "Too large")
    for outsider in (cast.bao, cast.oanh, cast.vera, cast.olga):
        with pytest.raises(PermissionDeniedError):
            rules.rule_create(actor=outsider, indicator_set=xdd.set, spec=spec)
    rule = rules.rule_create(actor=cast.dung, indicator_set=xdd.set, spec=spec)
    assert (rule.operator, rule.importance) == ("<=", "warning")
    changed = rules.rule_update(actor=cast.dung, rule=rule, expected_version=1, changes={"right": "20000"})
    assert (changed.right, changed.version) == ("20000", 2)
    retired = rules.rule_retire(actor=cast.dung, rule=rule, expected_version=2, reason="Không cần")
    assert retired.retired_at is not None
    actions = AuditEntry.objects.filter(action__startswith="indicators.rule_").values_list(
        "action", flat=True
    )
    assert sorted(actions) == ["indicators.rule_create", "indicators.rule_retire", "indicators.rule_update"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"left": "#{NO-SUCH}"}, "left"),
        ({"right": "#{DV-KN} +"}, "right"),
        ({"left": "#{DV-KN:other}"}, "left"),
        ({"left": "#{DV-KN-THPT:*}"}, "left"),
        ({"right": "past_max(#{DV-KN:*})"}, "right"),
        ({"operator": "=<"}, "operator"),
        ({"importance": "fatal"}, "importance"),
        ({"message": " "}, "message"),
        ({"code": ""}, "code"),
    ],
)
def test_a_rule_that_cannot_be_checked_is_refused_on_its_field(
    cast: Any, xdd: SimpleNamespace, change: dict[str, str], field: str
):
    values = {"code": "X", "left": "#{DV-KN}", "operator": "<=", "right": "1", "message": "M"} | change
    with pytest.raises(ApplicationError) as refused:
        rules.rule_create(actor=cast.dung, indicator_set=xdd.set, spec=RuleSpec(**values))
    assert list(refused.value.fields) == [field]


def test_a_rules_file_loads_all_or_nothing_and_twice_changes_nothing(cast: Any, xdd: SimpleNamespace):
    assert sorted(ValidationRule.objects.values_list("code", flat=True)) == [
        "RANGE.high",
        "RANGE.low",
        "SEX",
        "THPT",
    ]
    text = (
        "rules:\n"
        "  - {code: THPT, kind: part_of_whole, indicator: DV-KN-THPT}\n"
        "  - code: CAP\n    left: '#{DV-KN}'\n    operator: '≤'\n    right: '20000'\n"
        "    importance: warning\n    message: Quá lớn\n    message_en: Too large\n"
    )
    result = rules.rules_load(actor=cast.dung, indicator_set=xdd.set, text=text)
    assert (result.created, result.updated, result.unchanged) == (["CAP"], [], ["THPT"])
    assert result.retired == ["RANGE.high", "RANGE.low", "SEX"]
    audit = AuditEntry.objects.count()
    again = rules.rules_load(actor=cast.dung, indicator_set=xdd.set, text=text)
    assert (again.created, again.updated, again.retired) == ([], [], [])
    assert AuditEntry.objects.count() == audit

    bad = (
        "rules:\n  - {code: A, kind: part_of_whole, indicator: DV-KN}\n"
        "  - {code: B, left: '#{X}', operator: '<', right: '1', message: m}\n"
    )
    with pytest.raises(ApplicationError) as refused:
        rules.rules_load(actor=cast.dung, indicator_set=xdd.set, text=bad)
    assert refused.value.code == "file_refused"
    assert len(refused.value.fields["file"]) == 2
    assert ValidationRule.objects.filter(retired_at__isnull=True).count() == 2


def test_the_command_loads_a_rules_file_for_a_set(cast: Any, xdd: SimpleNamespace, tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text(
        "rules:\n  - {code: THPT, kind: part_of_whole, indicator: DV-KN-THPT}\n", encoding="utf-8"
    )
    out = StringIO()
    call_command("load_validation_rules", "XDD-2023", str(path), "--user", "dung", stdout=out)
    assert "0 created, 0 changed, 3 retired, 1 unchanged" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("load_validation_rules", "XDD-2023", str(path), "--user", "bao", stdout=out)
