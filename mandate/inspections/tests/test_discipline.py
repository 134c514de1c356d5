"""Discipline decisions through the services: the form in force on the decision's date for the
kind of subject (a civil servant's salary-step downgrade accepted in 2023, refused in 2026 with
the rule and its date), deferrals, annulment, who decides, and "disciplined in the year"."""

from __future__ import annotations

import datetime as dt

import pytest

from mandate.core.exceptions import ApplicationError, ConflictError, InvalidStateError, PermissionDeniedError
from mandate.core.models import AuditEntry
from mandate.inspections import services
from mandate.inspections.selectors_sensitive import disciplined_in_year, disciplined_people_in_year
from mandate.inspections.tests.factories import DISCIPLINE_REASON

CIVIL = "civil_servant_without_post"


def _decide(w, cast, actor=None, **values):
    given = {
        "subject_kind": CIVIL,
        "person": w.duc.person,
        "deciding_unit": cast.culture,
        "number": "12/QĐ-SVHTT",
        "decided_on": dt.date(2023, 9, 1),
        "form": "salary_downgrade",
        "reason": DISCIPLINE_REASON,
        "effective_from": dt.date(2023, 9, 1),
    }
    return services.discipline_decide(actor=actor, **{**given, **values})


def test_a_salary_step_downgrade_dated_2023_is_accepted(sensitive, cast):
    decision = _decide(sensitive, cast, cast.dung)
    assert (decision.form.code, decision.subject_path) == ("salary_downgrade", cast.culture_office.path)
    entry = AuditEntry.objects.get(action="inspections.discipline_decide")
    assert DISCIPLINE_REASON not in str(entry.after) + entry.target_label
    assert entry.after is not None and len(entry.after["reason_sha256"]) == 64


def test_the_same_form_dated_2026_is_refused_naming_the_rule_and_its_date(sensitive, cast):
    day = dt.date(2026, 3, 2)
    with pytest.raises(ApplicationError) as err:
        _decide(sensitive, cast, cast.dung, decided_on=day, effective_from=day)
    message = str(err.value.message)
    assert err.value.code == "discipline_form_not_in_force"
    assert "112/2020/NĐ-CP" in message and "30/06/2025" in message and "172/2025/NĐ-CP" in message
    assert _decide(sensitive, cast, cast.dung, decided_on=day, effective_from=day, form="warning")


def test_a_party_member_is_disciplined_by_the_commission_whose_competence_covers_him(sensitive, cast):
    decision = _decide(
        sensitive, cast, sensitive.kiemtra, subject_kind="party_member", form="reprimand",
        deciding_unit=sensitive.commission,
    )  # fmt: skip
    assert decision.deciding_path == sensitive.commission.path


@pytest.mark.parametrize("who", ["oanh", "bao", "ad", "tin"])
def test_no_one_else_decides(sensitive, cast, who):
    with pytest.raises(PermissionDeniedError):
        _decide(sensitive, cast, getattr(cast, who))


def test_a_unit_decides_only_about_its_own_people_or_its_bodys_competence(sensitive, cast):
    with pytest.raises(PermissionDeniedError):
        _decide(sensitive, cast, cast.tin, deciding_unit=cast.info)


def test_a_decision_about_an_organisation_names_no_person(sensitive, cast):
    with pytest.raises(ApplicationError):
        _decide(sensitive, cast, subject_kind="party_organisation", form="reprimand")
    decision = _decide(
        sensitive, cast, subject_kind="party_organisation", person=None, unit=cast.culture_party,
        form="reprimand", deciding_unit=sensitive.commission,
    )  # fmt: skip
    assert decision.person is None


def test_deferral_applies_to_its_kinds_with_its_end_rule(sensitive, cast):
    with pytest.raises(ApplicationError) as err:
        _decide(sensitive, cast, subject_kind="party_member", form="reprimand", deferral_reason="pregnancy")
    assert "deferral_reason" in err.value.fields
    with pytest.raises(ApplicationError) as err:
        _decide(sensitive, cast, deferral_reason="child_under_12_months")
    assert "deferral_counted_from" in err.value.fields
    decision = _decide(
        sensitive, cast, deferral_reason="child_under_12_months", deferral_counted_from=dt.date(2023, 3, 15)
    )
    assert decision.deferred_until == dt.date(2024, 3, 14)
    with pytest.raises(ApplicationError):
        _decide(sensitive, cast, deferred_until=dt.date(2024, 1, 1))  # no reason


def test_annulment_keeps_the_row_and_ends_the_effect_on_the_year(sensitive, cast):
    decision = _decide(sensitive, cast, cast.dung)
    person = sensitive.duc.person
    assert disciplined_in_year(person, 2023) and not disciplined_in_year(person, 2024)
    assert disciplined_people_in_year([person.pk, cast.dung.person.pk], 2023) == {person.pk}
    with pytest.raises(ConflictError):
        services.discipline_annul(
            actor=cast.dung,
            decision=decision,
            annulled_on=dt.date(2023, 10, 1),
            reason="Khiếu nại",
            expected_version=3,
        )
    with pytest.raises(PermissionDeniedError):
        services.discipline_annul(
            actor=cast.oanh,
            decision=decision,
            annulled_on=dt.date(2023, 10, 1),
            reason="X",
            expected_version=1,
        )
    services.discipline_annul(
        actor=cast.dung,
        decision=decision,
        annulled_on=dt.date(2023, 10, 1),
        reason="Khiếu nại",
        expected_version=1,
    )
    assert not disciplined_in_year(person, 2023)
    assert disciplined_people_in_year([person.pk], 2023) == set()
    with pytest.raises(InvalidStateError):
        services.discipline_annul(
            actor=cast.dung,
            decision=decision,
            annulled_on=dt.date(2023, 10, 2),
            reason="Lại",
            expected_version=2,
        )
