"""The API of findings, conclusions and discipline (ADR 0042): success, validation errors, 404 for
whoever may not read, each action as each role, the discipline form's date and its "to verify"
mark, and the second factor asked of every reader of records about people."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.models import AccessLogEntry
from mandate.inspections import services
from mandate.inspections.second_factor_rule import reads_person_records
from mandate.inspections.tests.factories import DISCIPLINE_REASON, PERSON_FINDING
from mandate.people.second_factor import requires_second_factor

API = "/api/v1/inspections"
PDF = b"%PDF-1.4\n%%EOF\n"


def _findings(w):
    return f"{API}/{w.inspection.pk}/findings/"


def _finding_body(w, **extra):
    return {
        "subject": w.person_subject.pk,
        "text": PERSON_FINDING,
        "signs": [w.sign.pk],
        "recorded_on": "2024-07-19",
        **extra,
    }


def _recorded(w):
    return services.finding_record(
        actor=None,
        subject=w.person_subject,
        text=PERSON_FINDING,
        signs=[w.sign],
        recorded_on=dt.date(2024, 7, 19),
    )


def test_the_inspector_records_a_finding_and_reads_it_back(api, sensitive):
    response = api(sensitive.kiemtra).post(_findings(sensitive), _finding_body(sensitive), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["text"], [s["code"] for s in body["signs"]]) == (PERSON_FINDING, ["T-VP-01"])
    assert AccessLogEntry.objects.filter(
        record_type="inspections.finding", record_id=str(body["id"])
    ).exists()


def test_a_finding_without_text_or_with_an_unknown_sign_is_400(api, sensitive):
    client = api(sensitive.kiemtra)
    assert (
        client.post(_findings(sensitive), _finding_body(sensitive, text=""), format="json").status_code == 400
    )
    refused = client.post(_findings(sensitive), _finding_body(sensitive, signs=[999999]), format="json")
    assert refused.status_code == 400 and "signs" in refused.json()["fields"]


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("kiemtra", 201),  # the body's inspector
        ("phong", 201),  # on the team
        ("truongban", 403),  # the body's leader reads, does not write
        ("duc", 403),  # sees his own subject, writes nothing
        ("dung", 404),  # the inspected unit's leader: not the findings about its people
        ("oanh", 404),
        ("ad", 404),
        ("olga", 404),
    ],
)
def test_recording_a_finding_as_each_role(api, cast, sensitive, who, status):
    actor = getattr(sensitive, who, None) or getattr(cast, who)
    assert (
        api(actor).post(_findings(sensitive), _finding_body(sensitive), format="json").status_code == status
    )


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("kiemtra", 200),
        ("truongban", 200),
        ("phong", 200),
        ("duc", 200),
        ("dung", 404),
        ("oanh", 404),
        ("ad", 404),
        ("bao", 404),
    ],
)
def test_reading_a_finding_about_a_person_as_each_role(api, cast, sensitive, who, status):
    finding = _recorded(sensitive)
    actor = getattr(sensitive, who, None) or getattr(cast, who)
    assert api(actor).get(f"{API}/findings/{finding.pk}/").status_code == status
    listed = api(actor).get(_findings(sensitive))
    if who == "dung":  # his unit is a subject: the inspection's list is his, without his people
        assert (listed.status_code, listed.json()["count"]) == (200, 0)
    else:
        assert listed.status_code == (200 if status == 200 else 404)


def test_withdraw_and_evidence_through_the_api(api, sensitive):
    finding = _recorded(sensitive)
    client = api(sensitive.kiemtra)
    upload = client.post(
        f"{API}/findings/{finding.pk}/evidence/",
        {"files": [SimpleUploadedFile("b.pdf", PDF)]},
        format="multipart",
    )
    assert upload.status_code == 201
    evidence_id = upload.json()[0]["id"]
    download = client.get(f"{API}/findings/{finding.pk}/evidence/{evidence_id}/")
    assert (download.status_code, b"".join(download.streaming_content)) == (200, PDF)
    assert (
        api(sensitive.truongban)
        .post(f"{API}/findings/{finding.pk}/withdraw/", {"reason": "X", "version": 1}, format="json")
        .status_code
        == 403
    )
    stale = client.post(
        f"{API}/findings/{finding.pk}/withdraw/", {"reason": "Nhầm", "version": 7}, format="json"
    )
    assert stale.status_code == 409
    done = client.post(
        f"{API}/findings/{finding.pk}/withdraw/", {"reason": "Nhầm", "version": 1}, format="json"
    )
    assert done.status_code == 200 and done.json()["withdrawn_at"]
    assert client.get(_findings(sensitive)).json()["count"] == 0
    assert client.get(_findings(sensitive), {"withdrawn": "true"}).json()["count"] == 1


def test_a_conclusion_is_recorded_read_and_corrected_with_the_version(api, cast, sensitive):
    url = f"{API}/subjects/{sensitive.person_subject.pk}/conclusion/"
    client = api(sensitive.kiemtra)
    body = {"violated": True, "severity": "", "text": "Kết luận", "concluded_on": "2024-07-25"}
    assert client.post(url, body, format="json").status_code == 400  # a violation needs its severity
    body |= {"severity": "serious", "proposes_discipline": True, "proposed_form": "reprimand"}
    created = client.post(url, body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["proposed_form"]["code"] == "reprimand"
    assert client.post(url, body, format="json").status_code == 409
    assert client.patch(url, {**body, "version": 5}, format="json").status_code == 409
    corrected = client.patch(url, {**body, "severity": "very_serious", "version": 1}, format="json")
    assert (corrected.status_code, corrected.json()["severity"]) == (200, "very_serious")
    assert api(cast.dung).get(url).status_code == 404
    assert api(sensitive.duc).get(url).status_code == 200
    assert api(sensitive.kiemtra).get(f"{API}/{sensitive.inspection.pk}/conclusions/").json()["count"] == 1


def _decision_body(cast, sensitive, day="2023-09-01", form="salary_downgrade"):
    return {
        "subject_kind": "civil_servant_without_post", "person": sensitive.duc.person.pk,
        "deciding_unit": cast.culture.pk, "number": "12/QĐ-SVHTT", "decided_on": day, "form": form,
        "reason": DISCIPLINE_REASON, "effective_from": day,
    }  # fmt: skip


def test_a_downgrade_dated_2023_is_accepted_with_its_to_verify_mark_and_refused_in_2026(api, cast, sensitive):
    client = api(cast.dung)
    accepted = client.post(f"{API}/discipline/", _decision_body(cast, sensitive), format="json")
    assert accepted.status_code == 201, accepted.json()
    form = accepted.json()["form"]
    assert (form["code"], form["to_verify"]) == ("salary_downgrade", True)
    assert form["to_verify_note"] and "(" in form["choice_label"]
    refused = client.post(f"{API}/discipline/", _decision_body(cast, sensitive, "2026-03-02"), format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "discipline_form_not_in_force"
    assert "30/06/2025" in refused.json()["message"]


def test_discipline_lists_detail_annulment_and_history_by_role(api, cast, sensitive):
    decision = (
        api(cast.dung).post(f"{API}/discipline/", _decision_body(cast, sensitive), format="json").json()
    )
    detail = f"{API}/discipline/{decision['id']}/"
    history = f"{API}/people/{sensitive.duc.person.pk}/discipline/"
    for who, status in (
        ("dung", 200),
        ("kiemtra", 200),
        ("duc", 200),
        ("oanh", 404),
        ("ad", 404),
        ("tin", 404),
    ):
        actor = getattr(sensitive, who, None) or getattr(cast, who)
        assert (who, api(actor).get(detail).status_code) == (who, status)
        assert (who, api(actor).get(history).status_code) == (who, status)
    assert api(cast.oanh).get(f"{API}/discipline/").json()["count"] == 0
    listed = (
        api(cast.dung).get(f"{API}/discipline/", {"year": 2023, "person": sensitive.duc.person.pk}).json()
    )
    assert [row["id"] for row in listed["results"]] == [decision["id"]]
    assert api(cast.dung).get(f"{API}/discipline/", {"year": 2024}).json()["count"] == 0
    annul = f"{API}/discipline/{decision['id']}/annul/"
    assert (
        api(cast.oanh)
        .post(annul, {"annulled_on": "2023-10-01", "reason": "X", "version": 1}, format="json")
        .status_code
        == 404
    )
    done = api(cast.dung).post(
        annul, {"annulled_on": "2023-10-01", "reason": "Khiếu nại", "version": 1}, format="json"
    )
    assert (done.status_code, done.json()["annulled_on"]) == (200, "2023-10-01")


def test_outsiders_get_404_from_every_sensitive_route(api, cast, sensitive):
    finding = _recorded(sensitive)
    client = api(cast.olga)
    for url in (
        f"{API}/findings/{finding.pk}/",
        _findings(sensitive),
        f"{API}/{sensitive.inspection.pk}/conclusions/",
        f"{API}/subjects/{sensitive.person_subject.pk}/conclusion/",
        f"{API}/people/{sensitive.duc.person.pk}/discipline/",
    ):
        assert client.get(url).status_code == 404, url


def test_who_signs_in_with_a_second_factor(cast, sensitive):
    assert requires_second_factor(sensitive.kiemtra)  # by his role
    assert reads_person_records(sensitive.truongban)  # the body's leader
    assert reads_person_records(sensitive.phong)  # on the team
    assert not reads_person_records(sensitive.duc)  # nothing about him yet
    _recorded(sensitive)
    assert reads_person_records(sensitive.duc)  # now he can read his own
    assert requires_second_factor(sensitive.duc)
    assert not any(reads_person_records(getattr(cast, who)) for who in ("dung", "oanh", "bao", "tin"))


def test_a_page_of_records_about_people_is_logged_with_one_insert(sensitive):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mandate.inspections import selectors_sensitive as reads

    for _ in range(3):
        _recorded(sensitive)
    services.finding_record(
        actor=None, subject=sensitive.unit_subject, text="Về Sở", recorded_on=dt.date(2024, 7, 19)
    )
    page = list(reads.finding_list_visible(actor=sensitive.kiemtra, inspection_id=sensitive.inspection.pk))
    with CaptureQueriesContext(connection) as captured:
        logged = reads.log_person_reads(
            actor=sensitive.kiemtra, records=page, purpose="inspections.finding_list"
        )
    assert (len(page), logged) == (4, 3)  # the finding about the department is not about a person
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["INSERT"]
