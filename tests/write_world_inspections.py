"""The inspection records of one unit, for the permission matrix (tests/test_permission_matrix.py)
and the write matrix (tests/write_world.py), made as the system (ADR 0042).

For a unit U with a person ``clerk`` of U, inspected by ``body`` (the Standing Committee, whose
competence is the whole city; no actor of the cast is an inspector, so findings and conclusions
are refused to all of them and the allowed writes are tested in
mandate/inspections/tests/test_api_sensitive.py):

- ``inspection``: under way, of U (``inspection_unit_subject``, with a conclusion) and of the clerk
  (``inspection_subject``, without one: the conclusion's POST acts on it);
- ``finding``: about the clerk, with ``finding_evidence``;
- ``discipline``: a reprimand of the clerk decided by U itself, 2023 (``disciplined_person``: the
  clerk; U's leaders read and annul it).

The Standing Committee being an inspecting body, chanh (its office's leader, acting for it) is a
reader of person records and must sign in with a second factor (``inspections.readers``, ADR
0042): his password alone gets no API token, and his enrolment is asked for a code.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.inspections import services
from mandate.inspections.enums import BodyKind
from mandate.inspections.models import DisciplineForm, InspectingBody
from mandate.inspections.tests.conftest import RULES
from mandate.inspections.tests.factories import add_subject, make_body, make_inspection
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person

PDF = b"%PDF-1.4\n%%EOF\n"
DAY = dt.date(2024, 7, 19)


def inspecting_body(standing: OrgUnit, city: OrgUnit) -> InspectingBody:
    """The Standing Committee as an inspecting body, and the discipline rules loaded (once)."""
    if not DisciplineForm.objects.exists():
        services.discipline_rules_load(actor=None, file=SimpleUploadedFile(RULES.name, RULES.read_bytes()))
    return make_body(standing, competence=city, kind=BodyKind.STANDING_COMMITTEE)


def inspection_objects(body: InspectingBody, unit: OrgUnit, clerk: Person) -> dict[str, int]:
    inspection = make_inspection(body, title=f"Kiểm tra {unit.name}")
    unit_subject = add_subject(inspection, unit=unit)
    person_subject = add_subject(inspection, person=clerk, person_unit=unit)
    finding = services.finding_record(
        actor=None, subject=person_subject, text=f"Phát hiện về {clerk.full_name}", recorded_on=DAY
    )
    (evidence,) = services.finding_evidence_add(
        actor=None, finding=finding, files=[SimpleUploadedFile("bien-ban.pdf", PDF)]
    )
    services.conclusion_record(
        actor=None, subject=unit_subject, violated=False, text="Không vi phạm", concluded_on=DAY
    )
    day = dt.date(2023, 9, 1)
    decision = services.discipline_decide(
        actor=None, subject_kind="civil_servant_without_post", person=clerk, unit=unit, deciding_unit=unit,
        number="1/QĐ-KL", decided_on=day, form="reprimand", reason=f"Kỷ luật {clerk.full_name}",
        effective_from=day,
    )  # fmt: skip
    return {
        "inspection": inspection.pk,
        "inspection_subject": person_subject.pk,
        "inspection_unit_subject": unit_subject.pk,
        "finding": finding.pk,
        "finding_evidence": evidence.pk,
        "discipline": decision.pk,
        "disciplined_person": clerk.pk,
    }
