"""The inspection objects of one unit of the write matrix (tests/write_world.py) and of the
permission matrix's foreign unit (tests/test_permission_matrix.py), made as the system (ADRs 0041,
0042). One world for both sets of writes, seen from the unit U in two directions:

**U inspects** (the records' life cycle, ADR 0041; ``insp_*``): U is an inspecting body (a Party
committee) competent for its own subtree, except the Standing Committee, which is the city's body
already (below) and is used as it is; ``insp_plan`` is its plan for 2024 with one line; ``insp`` a
planned inspection by U of the unit C below it (``insp_subject``), led by a person of U's
(``insp_leader``, the team membership): everything its decision needs is there, so the body's
writers may decide it.

**U is inspected** (findings, conclusions, discipline, ADR 0042) by ``body``, the Standing
Committee, whose competence is the whole city:

- ``inspection``: under way, of U (``inspection_unit_subject``, with a conclusion) and of U's clerk
  (``inspection_subject``, without one: the conclusion's POST acts on it);
- ``finding``: about the clerk, with ``finding_evidence``;
- ``discipline``: a reprimand of the clerk decided by U itself, 2023 (``disciplined_person``: the
  clerk; U's leaders read and annul it).

No actor of the cast is an inspector or on a team, so findings and conclusions are refused to all
of them (403 to those who read them — U's own leaders, U being a body competent for itself, and the
Standing Committee's — 404 to the others); the allowed writes are tested in
mandate/inspections/tests/test_api_sensitive.py. The leader of an inspecting body is a reader of
person records and must sign in with a second factor (``inspections.readers``, ADR 0042): his
password alone gets no API token, and his enrolment is asked for a code.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.inspections import services
from mandate.inspections.enums import BodyKind, InspectionKind, TeamRole
from mandate.inspections.models import DisciplineForm, InspectingBody
from mandate.inspections.tests.conftest import RULES
from mandate.inspections.tests.factories import add_subject, make_body, make_inspection
from mandate.organisations.models import OrgUnit
from mandate.people import services as people_services
from mandate.people.models import Person

PDF = b"%PDF-1.4\n%%EOF\n"
DAY = dt.date(2024, 7, 19)


def inspecting_body(standing: OrgUnit, city: OrgUnit) -> InspectingBody:
    """The Standing Committee as an inspecting body, and the discipline rules loaded (once)."""
    if not DisciplineForm.objects.exists():
        services.discipline_rules_load(actor=None, file=SimpleUploadedFile(RULES.name, RULES.read_bytes()))
    return make_body(standing, competence=city, kind=BodyKind.STANDING_COMMITTEE)


def inspection_objects(
    key: str, unit: OrgUnit, child: OrgUnit, clerk: Person, body: InspectingBody
) -> dict[str, int]:
    """Both directions for ``unit``: its own body's plan and inspection of ``child``, and ``body``'s
    records about it and its ``clerk``."""
    return _inspecting(key, unit, child, body) | _inspected(body, unit, clerk)


def _inspecting(key: str, unit: OrgUnit, child: OrgUnit, standing: InspectingBody) -> dict[str, int]:
    if unit.pk == standing.unit_id:
        own = standing
    else:
        own = services.inspecting_body_declare(
            actor=None,
            unit=unit,
            kind=BodyKind.PARTY_COMMITTEE,
            competence_unit=unit,
            valid_from=dt.date(2020, 1, 1),
        )
    plan = services.plan_create(actor=None, body=own, year=2024, title=f"Kế hoạch kiểm tra của {unit.name}")
    services.plan_line_add(
        actor=None, plan=plan, kind=InspectionKind.PLANNED, subject_matter="Chỉ thị 24-CT/TU",
        subjects_text="Các chi bộ trực thuộc", month=6,
    )  # fmt: skip
    plan.refresh_from_db()
    inspection = services.inspection_create(
        actor=None,
        body=own,
        kind=InspectionKind.PLANNED,
        title=f"Kiểm tra {key}",
        subject_matter="Chỉ thị 24",
    )
    leader = people_services.person_create(actor=None, full_name=f"Trưởng Đoàn {key}")
    member = services.team_member_add(actor=None, inspection=inspection, person=leader, role=TeamRole.LEADER)
    subject = services.subject_add(actor=None, inspection=inspection, unit=child)
    inspection.refresh_from_db()
    return {
        "insp_body": own.pk,
        "insp_plan": plan.pk,
        "insp_plan_version": plan.version,
        "insp": inspection.pk,
        "insp_version": inspection.version,
        "insp_leader": member.pk,
        "insp_subject": subject.pk,
    }


def _inspected(body: InspectingBody, unit: OrgUnit, clerk: Person) -> dict[str, int]:
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


def matrix_objects(standing: OrgUnit, city: OrgUnit, unit: OrgUnit, person: Person) -> dict[str, int]:
    """The permission matrix's foreign records (named as tests/route_policy_inspections.py names
    them): the Standing Committee's plan, and its inspection of ``unit`` and of ``person`` (one of
    its officials) led by a team leader of its own, with the records about them (``_inspected``).
    """
    from mandate.inspections.models import Inspection

    body = inspecting_body(standing, city)
    objects = _inspected(body, unit, person)
    plan = services.plan_create(actor=None, body=body, year=2024, title="Kế hoạch kiểm tra")
    leader = people_services.person_create(actor=None, full_name="Trưởng Đoàn")
    inspection = Inspection.objects.get(pk=objects["inspection"])
    member = services.team_member_add(actor=None, inspection=inspection, person=leader, role=TeamRole.LEADER)
    return objects | {"inspection_plan": plan.pk, "inspection_member": member.pk, "inspected_unit": unit.pk}
