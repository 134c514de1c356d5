"""Findings and conclusions through the services: who writes them, against which signs, in which
states, and an audit trail that holds their hashes, never their texts (ADR 0042)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.exceptions import (
    ApplicationError,
    ConflictError,
    InvalidStateError,
    PermissionDeniedError,
    UnsupportedFileTypeError,
)
from mandate.core.models import AuditEntry
from mandate.inspections import services
from mandate.inspections.enums import InspectionState
from mandate.inspections.sealed_audit import text_sha256
from mandate.inspections.tests.conftest import as_yaml, catalogue_rows, upload
from mandate.inspections.tests.factories import PERSON_CONCLUSION, PERSON_FINDING

DAY = dt.date(2024, 7, 19)
PDF = b"%PDF-1.4\n%%EOF\n"


def _finding(w, actor=None, text=PERSON_FINDING, **extra):
    values = {"signs": [w.sign], "recorded_on": DAY, **extra}
    return services.finding_record(actor=actor, subject=w.person_subject, text=text, **values)


def test_the_inspector_records_a_finding_against_a_sign_and_the_trail_holds_its_hash(sensitive):
    finding = _finding(sensitive, sensitive.kiemtra)

    assert [s.code for s in finding.signs.all()] == ["T-VP-01"]
    entry = AuditEntry.objects.get(action="inspections.finding_record")
    assert entry.target_id == str(finding.pk)
    assert entry.after is not None and entry.after["text_sha256"] == text_sha256(PERSON_FINDING)
    assert PERSON_FINDING not in str(entry.after) + entry.target_label


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("kiemtra", True), ("phong", True), ("truongban", False), ("duc", False)],
)
def test_the_team_and_the_bodys_inspectors_write_findings_no_one_else(sensitive, who, allowed):
    actor = getattr(sensitive, who)
    if allowed:
        assert _finding(sensitive, actor).recorded_by == actor
    else:
        with pytest.raises(PermissionDeniedError):
            _finding(sensitive, actor)


@pytest.mark.parametrize("who", ["dung", "oanh", "ad", "bao"])
def test_the_inspected_unit_and_the_administrator_write_no_findings(sensitive, cast, who):
    with pytest.raises(PermissionDeniedError):
        _finding(sensitive, getattr(cast, who))


def test_a_finding_needs_its_text(sensitive):
    with pytest.raises(ApplicationError) as err:
        _finding(sensitive, sensitive.kiemtra, text="  ")
    assert "text" in err.value.fields


def test_a_sign_not_in_force_on_the_day_is_refused(sensitive):
    with pytest.raises(ApplicationError) as err:
        _finding(sensitive, sensitive.kiemtra, recorded_on=dt.date(2023, 8, 6))
    assert "T-VP-01" in str(err.value.fields["signs"][0])
    assert "06/08/2023" in str(err.value.fields["signs"][0])


def test_a_sign_of_a_catalogue_the_body_does_not_use_is_refused(sensitive, cast):
    other = services.catalogue_load(
        actor=None,
        file=upload("o.yaml", as_yaml(catalogue_rows(key="khac"))),
        owner_unit=cast.outsider_state,
    ).catalogue
    with pytest.raises(ApplicationError) as err:
        _finding(sensitive, sensitive.kiemtra, signs=[other.signs.first()])
    assert cast.outsider_state.name in str(err.value.fields["signs"][0])


@pytest.mark.parametrize("state", [InspectionState.PLANNED, InspectionState.CONCLUDED])
def test_findings_are_recorded_only_while_the_inspection_is_decided_or_under_way(sensitive, state):
    sensitive.inspection.state = state
    sensitive.inspection.save()
    with pytest.raises(InvalidStateError):
        _finding(sensitive, sensitive.kiemtra)


def test_a_finding_is_withdrawn_once_with_its_reason_and_the_version_read(sensitive):
    finding = _finding(sensitive, sensitive.kiemtra)
    with pytest.raises(ConflictError):
        services.finding_withdraw(actor=sensitive.kiemtra, finding=finding, reason="Nhầm", expected_version=9)
    withdrawn = services.finding_withdraw(
        actor=sensitive.kiemtra, finding=finding, reason="Ghi nhầm người", expected_version=1
    )
    assert withdrawn.withdrawn_at is not None and withdrawn.version == 2
    with pytest.raises(InvalidStateError):
        services.finding_withdraw(actor=sensitive.kiemtra, finding=finding, reason="Lại", expected_version=2)
    entry = AuditEntry.objects.get(action="inspections.finding_withdraw")
    assert "Ghi nhầm người" not in str(entry.after)


def test_evidence_is_checked_by_its_content(sensitive):
    finding = _finding(sensitive, sensitive.kiemtra)
    stored = services.finding_evidence_add(
        actor=sensitive.kiemtra, finding=finding, files=[SimpleUploadedFile("bien-ban.pdf", PDF)]
    )
    assert [(e.content_type, e.size) for e in stored] == [("application/pdf", len(PDF))]
    with pytest.raises(UnsupportedFileTypeError):
        services.finding_evidence_add(
            actor=sensitive.kiemtra, finding=finding, files=[SimpleUploadedFile("x.pdf", b"MZ\x90\x00")]
        )
    with pytest.raises(PermissionDeniedError):
        services.finding_evidence_add(
            actor=sensitive.truongban, finding=finding, files=[SimpleUploadedFile("b.pdf", PDF)]
        )
    assert finding.evidence.count() == 1


def _conclude(w, actor=None, **values):
    given = {"violated": True, "severity": "less_serious", "text": PERSON_CONCLUSION, "concluded_on": DAY}
    return services.conclusion_record(actor=actor, subject=w.person_subject, **{**given, **values})


def test_a_conclusion_needs_a_severity_exactly_when_violated(sensitive):
    with pytest.raises(ApplicationError) as err:
        _conclude(sensitive, sensitive.kiemtra, severity="")
    assert "severity" in err.value.fields
    with pytest.raises(ApplicationError):
        _conclude(sensitive, sensitive.kiemtra, violated=False)
    assert _conclude(sensitive, sensitive.kiemtra, violated=False, severity="").violated is False


def test_one_conclusion_per_subject_corrected_with_the_version_read(sensitive):
    conclusion = _conclude(sensitive, sensitive.kiemtra)
    with pytest.raises(InvalidStateError):
        _conclude(sensitive, sensitive.kiemtra)
    values: dict[str, Any] = {"violated": True, "severity": "serious", "text": "Sửa", "concluded_on": DAY}
    with pytest.raises(ConflictError):
        services.conclusion_correct(
            actor=sensitive.kiemtra, conclusion=conclusion, expected_version=5, **values
        )
    corrected = services.conclusion_correct(
        actor=sensitive.kiemtra, conclusion=conclusion, expected_version=1, **values
    )
    assert (corrected.severity, corrected.version) == ("serious", 2)
    entry = AuditEntry.objects.get(action="inspections.conclusion_correct")
    assert entry.before is not None and entry.before["text_sha256"] == text_sha256(PERSON_CONCLUSION)
    assert PERSON_CONCLUSION not in str(entry.before) + str(entry.after)


def test_the_proposed_form_must_be_in_force_on_the_conclusions_day(sensitive):
    proposal = {"proposes_discipline": True, "proposed_form": "salary_downgrade"}
    kind = {"proposed_kind": "civil_servant_without_post"}
    with pytest.raises(ApplicationError) as err:
        _conclude(sensitive, sensitive.kiemtra, concluded_on=dt.date(2026, 3, 2), **proposal, **kind)
    assert err.value.code == "discipline_form_not_in_force"
    with pytest.raises(ApplicationError):
        _conclude(sensitive, sensitive.kiemtra, proposed_form="reprimand")  # no proposal, no form
    conclusion = _conclude(sensitive, sensitive.kiemtra, concluded_on=dt.date(2023, 9, 1), **proposal, **kind)
    assert conclusion.proposed_form is not None and conclusion.proposed_form.code == "salary_downgrade"
