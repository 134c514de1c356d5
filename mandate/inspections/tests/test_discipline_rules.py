"""The discipline forms as versioned data (R11, R13): the forms in force for a kind of subject on a
decision's date, the refusal of a form out of force with its rule and date, the "to verify" mark,
the deferral reasons, and the rules file's loader."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.inspections import discipline_rules, services
from mandate.inspections.models import DeferralReason, DisciplineForm, DisciplineRuleSet
from mandate.inspections.tests.conftest import RULES

BEFORE_2025 = dt.date(2023, 5, 10)
AFTER_2025 = dt.date(2025, 8, 15)


def _codes(kind: str, day: dt.date) -> list[str]:
    return [form.code for form in discipline_rules.forms_in_force(kind, day)]


def test_the_rules_file_loads_every_kind_of_subject(rules):
    assert rules.outcome == "loaded"
    assert _codes("party_organisation", BEFORE_2025) == ["reprimand", "warning", "dissolution"]
    assert _codes("party_member", BEFORE_2025) == ["reprimand", "warning", "removal_from_post", "expulsion"]
    assert _codes("probationary_member", BEFORE_2025) == ["reprimand", "warning"]
    assert _codes("cadre", BEFORE_2025) == ["reprimand", "warning", "removal_from_post", "relief_from_office"]
    assert _codes("public_employee", BEFORE_2025) == [
        "reprimand",
        "warning",
        "removal_from_post",
        "forced_resignation",
    ]


def test_a_civil_servants_downgrade_and_demotion_are_offered_in_2023_and_not_after_the_2025_change(rules):
    assert _codes("civil_servant_without_post", BEFORE_2025) == [
        "reprimand",
        "warning",
        "salary_downgrade",
        "forced_resignation",
    ]
    assert _codes("civil_servant_with_post", BEFORE_2025) == [
        "reprimand",
        "warning",
        "demotion",
        "removal_from_post",
        "forced_resignation",
    ]
    assert _codes("civil_servant_without_post", AFTER_2025) == ["reprimand", "warning", "forced_resignation"]
    assert _codes("civil_servant_with_post", AFTER_2025) == [
        "reprimand",
        "warning",
        "removal_from_post",
        "forced_resignation",
    ]


def test_the_same_form_dated_2023_is_accepted(rules):
    form = discipline_rules.check_discipline_form("civil_servant_with_post", "demotion", BEFORE_2025)
    assert (form.code, form.rule_set.source_document) == ("demotion", "112/2020/NĐ-CP")


def test_a_form_out_of_force_is_refused_with_the_rule_and_its_date_in_vietnamese(rules):
    with pytest.raises(ApplicationError) as refused:
        discipline_rules.check_discipline_form("civil_servant_with_post", "demotion", AFTER_2025)

    message = str(refused.value.message)
    assert refused.value.code == "discipline_form_not_in_force"
    assert refused.value.fields == {"form": [message]}
    assert message.startswith("“Giáng chức” không phải là hình thức kỷ luật có hiệu lực ngày 15/08/2025")
    assert "112/2020/NĐ-CP, Điều 7 quy định hình thức này đến hết ngày 30/06/2025." in message
    assert "172/2025/NĐ-CP" in message
    assert "Cần kiểm tra:" in message


def test_a_form_out_of_force_is_refused_with_the_rule_and_its_date_in_english(rules):
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        discipline_rules.check_discipline_form("civil_servant_without_post", "salary_downgrade", AFTER_2025)

    message = str(refused.value.message)
    assert message.startswith(
        "“Salary-step downgrade” is not a discipline form in force on 15/08/2025 for this kind of subject "
        "(Civil servant without a leading post)."
    )
    assert "112/2020/NĐ-CP, Article 7 provided it until 30/06/2025." in message
    assert (
        "On that day 172/2025/NĐ-CP applies (in force from 01/07/2025): "
        "Reprimand, Warning, Forced resignation." in message
    )
    assert "To verify: The last day is assumed" in message


def test_a_form_of_another_kind_of_subject_is_refused_naming_the_forms_in_force(rules):
    with translation.override("en"), pytest.raises(ApplicationError) as refused:
        discipline_rules.check_discipline_form("probationary_member", "expulsion", BEFORE_2025)
    assert "69-QĐ/TW, Article 7 applies (in force from 06/07/2022): Reprimand, Warning." in str(
        refused.value.message
    )


def test_an_unknown_kind_of_subject_is_refused_on_its_field(rules):
    with pytest.raises(ApplicationError) as refused:
        discipline_rules.forms_in_force("citizen", BEFORE_2025)
    assert list(refused.value.fields) == ["subject_kind"]


def test_the_to_verify_mark_travels_with_each_form_it_concerns(rules):
    marked = {
        (f.subject_kind, f.code)
        for f in discipline_rules.forms_in_force(None, AFTER_2025)
        if f.rule_set.to_verify
    }
    assert ("public_employee", "reprimand") in marked
    assert ("civil_servant_with_post", "removal_from_post") in marked
    assert not {kind for kind, _code in marked} & {"party_member", "party_organisation", "cadre"}
    demotion = DisciplineForm.objects.get(subject_kind="civil_servant_with_post", code="demotion")
    assert demotion.rule_set.to_verify
    assert "172/2025" in demotion.rule_set.to_verify_note


def test_loading_the_rules_twice_changes_nothing_and_each_load_is_audited(rules):
    rows = list(DisciplineForm.objects.values_list("pk", "code", "severity", "retired_at"))
    versions = list(DisciplineRuleSet.objects.values_list("version", flat=True))

    again = services.discipline_rules_load(
        actor=None, file=SimpleUploadedFile(RULES.name, RULES.read_bytes())
    )

    assert (again.outcome, again.created, again.changed, again.retired) == ("unchanged", [], {}, [])
    assert list(DisciplineForm.objects.values_list("pk", "code", "severity", "retired_at")) == rows
    assert list(DisciplineRuleSet.objects.values_list("version", flat=True)) == versions
    entries = AuditEntry.objects.filter(action="inspections.discipline_rules_load").order_by("id")
    assert [(e.after or {})["outcome"] for e in entries] == ["loaded", "unchanged"]
    assert (entries[0].after or {})["rows"] == 5 + 33 + 4


def test_a_revised_file_updates_retires_and_restores_without_deleting(rules):
    text = RULES.read_text(encoding="utf-8")
    start = text.index("  - key: state-112-2020-public-employees")
    revised = text[:start] + text[text.index("deferral_reasons:") :]
    revised = revised.replace("valid_to: 2025-06-30", "valid_to: 2025-06-29").replace(
        "valid_from: 2025-07-01", "valid_from: 2025-06-30"
    )

    result = services.discipline_rules_load(actor=None, file=SimpleUploadedFile("r.yaml", revised.encode()))

    assert result.retired == ["state-112-2020-public-employees"]
    assert result.changed["state-112-2020-civil-servants"]["valid_to"] == ["2025-06-30", dt.date(2025, 6, 29)]
    assert _codes("public_employee", BEFORE_2025) == []
    assert DisciplineForm.objects.filter(subject_kind="public_employee").count() == 4
    restored = services.discipline_rules_load(
        actor=None, file=SimpleUploadedFile(RULES.name, RULES.read_bytes())
    )
    assert "state-112-2020-public-employees" in restored.changed
    assert len(_codes("public_employee", BEFORE_2025)) == 4


def _refused_rules(text: str) -> list[str]:
    before = (DisciplineRuleSet.objects.count(), DisciplineForm.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ApplicationError) as refused:
        services.discipline_rules_load(actor=None, file=SimpleUploadedFile("r.yaml", text.encode()))
    assert (
        DisciplineRuleSet.objects.count(),
        DisciplineForm.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    return [str(m) for m in refused.value.fields["file"]]


def test_two_rule_sets_giving_one_kind_forms_on_the_same_days_are_refused(db):
    text = RULES.read_text(encoding="utf-8").replace("valid_from: 2025-07-01", "valid_from: 2025-06-01")
    with translation.override("en"):
        problems = _refused_rules(text)
    lines = text.splitlines()
    new = next(n for n, line in enumerate(lines, 1) if "key: state-172-2025-civil-servants" in line)
    old = next(n for n, line in enumerate(lines, 1) if "key: state-112-2020-civil-servants" in line)
    assert problems == [
        f"line {new}: This rule set and the one at line {old} both give forms for "
        "civil_servant_with_post, civil_servant_without_post on the same days."
    ]


def test_a_form_not_named_and_a_mark_without_its_note_are_refused_with_their_lines(db):
    text = RULES.read_text(encoding="utf-8").replace(
        "probationary_member: [reprimand, warning]", "probationary_member: [reprimand, caution]"
    )
    text = text.replace(
        '    to_verify_note_en: "The first day is assumed', '    note_x: "The first day is assumed', 1
    )
    with translation.override("en"):
        problems = _refused_rules(text)
    assert any("The form “caution” is not named under “forms”." in p for p in problems)
    assert any("Unknown field “note_x”." in p for p in problems)
    assert any("Say what is to be verified" in p for p in problems)


@pytest.mark.parametrize("who", ["dung", "van", "olga"])
def test_only_a_system_administrator_loads_the_rules(cast, who):
    with pytest.raises(PermissionDeniedError):
        services.discipline_rules_load(
            actor=getattr(cast, who), file=SimpleUploadedFile(RULES.name, RULES.read_bytes())
        )
    assert DisciplineRuleSet.objects.count() == 0


def test_the_deferral_reasons_carry_the_rule_of_their_end(rules):
    reasons = {
        r.code: r for r in discipline_rules.deferral_reasons_in_force("civil_servant_with_post", BEFORE_2025)
    }
    assert set(reasons) == {"pregnancy", "maternity_leave", "child_under_12_months", "illness"}
    assert discipline_rules.deferral_last_day(
        reasons["child_under_12_months"], counted_from=dt.date(2024, 3, 31)
    ) == (dt.date(2025, 3, 30))
    assert discipline_rules.deferral_last_day(reasons["pregnancy"], counted_from=dt.date(2024, 3, 31)) is None
    assert reasons["illness"].to_verify
    assert discipline_rules.deferral_reasons_in_force("party_member", BEFORE_2025) == []


@given(birth=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_a_childs_deferral_ends_the_day_before_the_child_is_twelve_months_old(birth):
    reason = DeferralReason(code="child", end_rule="months_after", months=12)
    last = discipline_rules.deferral_last_day(reason, counted_from=birth)
    assert last is not None
    first_birthday = last + dt.timedelta(days=1)
    assert 365 <= (first_birthday - birth).days <= 366
    assert first_birthday.month == birth.month or (birth.month, birth.day) == (2, 29)
    assert first_birthday.day == birth.day or (birth.month, birth.day) == (2, 29)
