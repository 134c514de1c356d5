"""Where the two reading rules meet (ADRs 0041, 0042): the inspection's detail nests each subject's
findings and conclusion, read through ``selectors_sensitive`` — a reader sees those of the subjects
he may read and no other, and the records about a person he is shown go to the access log."""

from __future__ import annotations

import datetime as dt

from mandate.core.models import AccessLogEntry
from mandate.inspections import services
from mandate.inspections.tests.factories import PERSON_FINDING

DAY = dt.date(2024, 7, 19)


def _records(w):
    finding = services.finding_record(
        actor=None, subject=w.person_subject, text=PERSON_FINDING, recorded_on=DAY
    )
    services.conclusion_record(
        actor=None, subject=w.unit_subject, violated=False, text="Không vi phạm", concluded_on=DAY
    )
    return finding


def _subjects(api, user, w):
    response = api(user).get(f"/api/v1/inspections/inspections/{w.inspection.pk}/")
    assert response.status_code == 200, response.json()
    return {row["id"]: row for row in response.json()["subjects"]}


def _logged(user, finding):
    return AccessLogEntry.objects.filter(
        actor_id=user.pk,
        record_type="inspections.finding",
        record_id=str(finding.pk),
        purpose="inspections.inspection_detail",
    ).count()


def test_the_bodys_reader_sees_every_subjects_findings_and_conclusion_and_is_logged(api, sensitive):
    w = sensitive
    finding = _records(w)
    rows = _subjects(api, w.truongban, w)
    assert [f["id"] for f in rows[w.person_subject.pk]["findings"]] == [finding.pk]
    assert rows[w.person_subject.pk]["conclusion"] is None
    assert rows[w.unit_subject.pk]["findings"] == []
    assert rows[w.unit_subject.pk]["conclusion"]["text"] == "Không vi phạm"
    assert _logged(w.truongban, finding) == 1


def test_the_inspected_units_leader_sees_its_conclusion_not_the_records_about_its_people(
    api, cast, sensitive
):
    w = sensitive
    finding = _records(w)
    rows = _subjects(api, cast.dung, w)
    assert set(rows) == {w.unit_subject.pk}
    assert rows[w.unit_subject.pk]["conclusion"]["text"] == "Không vi phạm"
    assert _logged(cast.dung, finding) == 0
    assert not AccessLogEntry.objects.filter(actor_id=cast.dung.pk).exists()  # a unit's record is no person's


def test_the_inspected_person_sees_the_finding_about_himself(api, sensitive):
    w = sensitive
    finding = _records(w)
    rows = _subjects(api, w.duc, w)
    assert set(rows) == {w.person_subject.pk}
    assert [f["text"] for f in rows[w.person_subject.pk]["findings"]] == [PERSON_FINDING]
    assert _logged(w.duc, finding) == 1


def test_a_withdrawn_finding_is_not_nested(api, sensitive):
    w = sensitive
    finding = _records(w)
    services.finding_withdraw(
        actor=None, finding=finding, reason="Ghi nhầm", expected_version=finding.version
    )
    rows = _subjects(api, w.truongban, w)
    assert rows[w.person_subject.pk]["findings"] == []
    assert _logged(w.truongban, finding) == 0
