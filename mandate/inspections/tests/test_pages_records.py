"""The forms an inspection's page carries on its records (issue 12, items 4, 5, 8): withdraw a
finding, add evidence to it, correct a conclusion, decide a discipline following a conclusion
(the forms in force on the day, with the "to verify" mark). On ``factories.sensitive_world``:
``kiemtra`` (the body's inspector) writes; ``truongban`` (its leader) reads and does not write;
``dung`` (leader of the inspected department) sees his unit's conclusion, not the findings;
``tin`` sees nothing. A refusal changes nothing."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from mandate.inspections import services
from mandate.inspections.models import Conclusion, DisciplineDecision, Finding, FindingEvidence
from tests.fingerprint import fingerprint
from tests.write_world import PDF

pytestmark = pytest.mark.django_db
DAY = dt.date(2024, 7, 19)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(w: SimpleNamespace) -> str:
    return f"/inspections/{w.inspection.pk}/act/"


def _finding(w: SimpleNamespace) -> Finding:
    return services.finding_record(
        actor=None, subject=w.unit_subject, text="Sở chậm ban hành", recorded_on=DAY
    )


def _conclusion(w: SimpleNamespace, *, violated: bool = False) -> Conclusion:
    return services.conclusion_record(
        actor=None,
        subject=w.unit_subject,
        violated=violated,
        severity="serious" if violated else "",
        text="Có vi phạm" if violated else "Không vi phạm",
        concluded_on=DAY,
    )


def _refused_unchanged(user: Any, url: str, data: dict[str, Any], status: int) -> Any:
    client = _client(user)
    before = fingerprint()
    response = client.post(url, data)
    assert response.status_code == status
    assert fingerprint() == before
    return response


# --- withdraw a finding -----------------------------------------------------------------------


def _withdraw(finding: Finding, reason: str = "Ghi nhầm", version: Any = None) -> dict[str, Any]:
    return {
        "action": "finding_withdraw",
        "finding_withdraw-finding": finding.pk,
        "finding_withdraw-version": finding.version if version is None else version,
        "finding_withdraw-reason": reason,
    }


def test_the_inspector_withdraws_a_finding_from_the_page(sensitive: SimpleNamespace) -> None:
    w, finding = sensitive, _finding(sensitive)
    client = _client(w.kiemtra)
    assert (
        f'id="form-finding_withdraw-{finding.pk}"'
        in client.get(f"/inspections/{w.inspection.pk}/").content.decode()
    )
    assert client.post(_url(w), _withdraw(finding)).status_code == 302
    assert Finding.objects.get(pk=finding.pk).withdrawn_at is not None


def test_a_withdrawal_without_reason_is_400_and_a_stale_one_409(sensitive: SimpleNamespace) -> None:
    w, finding = sensitive, _finding(sensitive)
    _refused_unchanged(w.kiemtra, _url(w), _withdraw(finding, reason=""), 400)
    stale = _refused_unchanged(w.kiemtra, _url(w), _withdraw(finding, reason="Ghi nhầm", version=9), 409)
    text = stale.content.decode()
    assert 'id="problem"' in text and 'value="Ghi nhầm"' in text
    assert f'name="finding_withdraw-version" value="{finding.version}"' in text


def test_the_bodys_leader_reads_the_finding_but_may_not_withdraw_it(sensitive: SimpleNamespace) -> None:
    w, finding = sensitive, _finding(sensitive)
    page = _client(w.truongban).get(f"/inspections/{w.inspection.pk}/").content.decode()
    assert "Sở chậm ban hành" in page and "form-finding_withdraw" not in page
    _refused_unchanged(w.truongban, _url(w), _withdraw(finding), 403)


def test_the_inspected_leader_may_not_withdraw_his_units_finding_and_an_outsider_gets_404(
    sensitive: SimpleNamespace, cast: Any
) -> None:
    w, finding = sensitive, _finding(sensitive)
    _refused_unchanged(cast.dung, _url(w), _withdraw(finding), 403)
    _refused_unchanged(cast.tin, _url(w), _withdraw(finding), 404)


# --- evidence ---------------------------------------------------------------------------------


def _evidence(finding: Finding, name: str = "bien-ban.pdf", data: bytes = PDF) -> dict[str, Any]:
    return {
        "action": "evidence_add",
        "evidence_add-finding": finding.pk,
        "evidence_add-evidence": [SimpleUploadedFile(name, data, content_type="application/pdf")],
    }


def test_the_inspector_adds_evidence_to_a_finding(sensitive: SimpleNamespace) -> None:
    w, finding = sensitive, _finding(sensitive)
    assert _client(w.kiemtra).post(_url(w), _evidence(finding)).status_code == 302
    assert FindingEvidence.objects.get(finding=finding).display_name == "bien-ban.pdf"
    page = _client(w.kiemtra).get(f"/inspections/{w.inspection.pk}/").content.decode()
    assert "bien-ban.pdf" in page and 'enctype="multipart/form-data"' in page


def test_no_file_is_400_and_a_file_that_is_not_what_it_says_is_refused(sensitive: SimpleNamespace) -> None:
    w, finding = sensitive, _finding(sensitive)
    _refused_unchanged(
        w.kiemtra, _url(w), {"action": "evidence_add", "evidence_add-finding": finding.pk}, 400
    )
    refused = _refused_unchanged(
        w.kiemtra, _url(w), _evidence(finding, "x.pdf", b"MZ\x90\x00 not a pdf"), 415
    )
    assert 'id="problem"' in refused.content.decode()
    assert not FindingEvidence.objects.filter(finding=finding).exists()


def test_evidence_is_refused_to_the_leader_and_hidden_from_outsiders(
    sensitive: SimpleNamespace, cast: Any
) -> None:
    w, finding = sensitive, _finding(sensitive)
    _refused_unchanged(w.truongban, _url(w), _evidence(finding), 403)
    _refused_unchanged(cast.tin, _url(w), _evidence(finding), 404)


# --- correct a conclusion ---------------------------------------------------------------------


def _correct(conclusion: Conclusion, **extra: Any) -> dict[str, Any]:
    return {
        "action": "conclusion_correct",
        "conclusion_correct-subject": conclusion.subject_id,
        "conclusion_correct-version": conclusion.version,
        "conclusion_correct-violated": "on",
        "conclusion_correct-severity": "serious",
        "conclusion_correct-text": "Có vi phạm: chậm ban hành kế hoạch",
        "conclusion_correct-concluded_on": "25/07/2024",
        **{f"conclusion_correct-{k}": v for k, v in extra.items()},
    }


def test_the_inspector_corrects_a_conclusion(sensitive: SimpleNamespace) -> None:
    w, conclusion = sensitive, _conclusion(sensitive)
    client = _client(w.kiemtra)
    page = client.get(f"/inspections/{w.inspection.pk}/").content.decode()
    assert f'id="form-conclusion_correct-{w.unit_subject.pk}"' in page
    assert client.post(_url(w), _correct(conclusion)).status_code == 302
    fresh = Conclusion.objects.get(pk=conclusion.pk)
    assert fresh.violated and fresh.severity == "serious" and fresh.concluded_on == dt.date(2024, 7, 25)


def test_a_violation_without_severity_is_400_and_keeps_the_text(sensitive: SimpleNamespace) -> None:
    w, conclusion = sensitive, _conclusion(sensitive)
    refused = _refused_unchanged(w.kiemtra, _url(w), _correct(conclusion, severity=""), 400)
    assert "Có vi phạm: chậm ban hành kế hoạch" in refused.content.decode()
    _refused_unchanged(w.kiemtra, _url(w), _correct(conclusion, version=conclusion.version + 1), 409)


def test_the_correction_is_refused_to_the_leader_and_to_the_inspected(
    sensitive: SimpleNamespace, cast: Any
) -> None:
    w, conclusion = sensitive, _conclusion(sensitive)
    _refused_unchanged(w.truongban, _url(w), _correct(conclusion), 403)
    _refused_unchanged(cast.dung, _url(w), _correct(conclusion), 403)
    _refused_unchanged(cast.tin, _url(w), _correct(conclusion), 404)


# --- a discipline decision following a conclusion ---------------------------------------------


def _decide(w: SimpleNamespace, conclusion: Conclusion, **extra: Any) -> dict[str, Any]:
    return {
        "action": "discipline",
        "discipline-conclusion": conclusion.pk,
        "discipline-subject_kind": "party_organisation",
        "discipline-deciding_unit": w.commission.pk,
        "discipline-number": "05-QĐ/UBKTTU",
        "discipline-decided_on": "01/09/2024",
        "discipline-form": "reprimand",
        "discipline-reason": "Chậm ban hành kế hoạch",
        "discipline-effective_from": "01/09/2024",
        **{f"discipline-{k}": v for k, v in extra.items()},
    }


def test_the_inspector_decides_a_discipline_from_a_conclusion(sensitive: SimpleNamespace) -> None:
    w, conclusion = sensitive, _conclusion(sensitive, violated=True)
    client = _client(w.kiemtra)
    page = client.get(f"/inspections/{w.inspection.pk}/?discipline_on=01/09/2024").content.decode()
    assert f'id="form-discipline-{conclusion.pk}"' in page
    assert '<option value="reprimand">' in page
    assert client.post(_url(w), _decide(w, conclusion)).status_code == 302
    decision = DisciplineDecision.objects.get(conclusion=conclusion)
    assert decision.unit_id == w.unit_subject.unit_id and decision.form.code == "reprimand"
    assert "05-QĐ/UBKTTU" in client.get(f"/inspections/{w.inspection.pk}/").content.decode()


def test_a_form_not_in_force_on_the_decision_date_is_refused_with_its_rule(
    sensitive: SimpleNamespace,
) -> None:
    w, conclusion = sensitive, _conclusion(sensitive, violated=True)
    refused = _refused_unchanged(w.kiemtra, _url(w), _decide(w, conclusion, form="salary_downgrade"), 400)
    assert "Hạ bậc lương" in refused.content.decode()  # the message names the form refused
    _refused_unchanged(w.kiemtra, _url(w), _decide(w, conclusion, number=""), 400)


def test_the_forms_offered_carry_the_to_verify_mark(sensitive: SimpleNamespace) -> None:
    """Public employees' forms are loaded "to verify" (R13): the mark shows where they are offered."""
    w = sensitive
    services.conclusion_record(
        actor=None,
        subject=w.person_subject,
        violated=True,
        severity="serious",
        text="Vi phạm",
        concluded_on=DAY,
    )
    page = (
        _client(w.kiemtra).get(f"/inspections/{w.inspection.pk}/?discipline_on=01/09/2024").content.decode()
    )
    assert 'id="to-verify"' in page
    assert "· cần kiểm tra</option>" in page


def test_no_discipline_form_for_a_conclusion_without_violation(sensitive: SimpleNamespace) -> None:
    w, conclusion = sensitive, _conclusion(sensitive)
    assert (
        "form-discipline" not in _client(w.kiemtra).get(f"/inspections/{w.inspection.pk}/").content.decode()
    )
    _refused_unchanged(w.kiemtra, _url(w), _decide(w, conclusion), 409)


def test_a_team_leader_who_decides_for_no_competent_unit_is_refused(
    sensitive: SimpleNamespace, cast: Any
) -> None:
    """``phong`` reads the conclusion (he leads the team) but acts for no unit that may
    discipline the department; ``tin`` does not see it."""
    w, conclusion = sensitive, _conclusion(sensitive, violated=True)
    page = _client(w.phong).get(f"/inspections/{w.inspection.pk}/").content.decode()
    assert "Có vi phạm" in page and "form-discipline" not in page
    _refused_unchanged(w.phong, _url(w), _decide(w, conclusion), 403)
    _refused_unchanged(cast.tin, _url(w), _decide(w, conclusion), 404)
