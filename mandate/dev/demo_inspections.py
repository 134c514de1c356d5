"""The inspection reference data of the demo (issue 12, ADR 0033): the discipline rules shipped
with the app, and the EXAMPLE catalogue of violation signs for the City Party Committee, loaded
through the same services as an administrator's file. The example is marked as one in its name
and in every answer that shows it; the Directive's appendix is not in the seeds and is not made up.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files import File

from mandate.dev.datafiles import Row
from mandate.dev.inspection_batches import SyntheticPlay
from mandate.dev.records import DemoCity, Writer
from mandate.dev.schemas import DemoData, demo_data
from mandate.documents.models import Document
from mandate.inspections import services
from mandate.inspections.enums import TeamRole
from mandate.inspections.models import (
    DisciplineRuleSet,
    InspectingBody,
    Inspection,
    InspectionPlan,
    PlannedInspection,
    ViolationCatalogue,
)
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User
from mandate.people.second_factor_services import totp_enrol_fixed
from mandate.tasks.models import Task

DATA = Path(services.__file__).resolve().parents[1] / "data"
RULES = DATA / "discipline_rules.yaml"
EXAMPLE = DATA / "example_catalogue_ct24.yaml"
OWNER_KEY = "thanh_uy_ha_noi"  # units.csv: the City Party Committee owns the city's catalogue


def load_reference_data(*, owner: OrgUnit) -> list[str]:
    """Load what is missing (a second run changes nothing and writes nothing); what was loaded."""
    loaded = []
    if not DisciplineRuleSet.objects.exists():
        with RULES.open("rb") as handle:
            services.discipline_rules_load(actor=None, file=File(handle, name=RULES.name))
        loaded.append("discipline rules")
    if not ViolationCatalogue.objects.filter(owner_unit=owner, key="ct24-example").exists():
        with EXAMPLE.open("rb") as handle:
            result = services.catalogue_load(
                actor=None, file=File(handle, name=EXAMPLE.name), owner_unit=owner
            )
        loaded.append(f"{result.catalogue.name} ({result.catalogue.signs.count()} signs)")
    return loaded


class _Play:
    """Plays ``inspections.yaml`` as the system (``actor=None``), through the services only."""

    def __init__(self, city: DemoCity) -> None:
        self.city = city
        self.bodies: dict[str, InspectingBody] = {}
        self.inspections: list[Inspection] = []

    def unit(self, key: str) -> OrgUnit:
        unit: OrgUnit = OrgUnit.objects.get(pk=self.city.units[key])
        return unit

    def body(self, row: Row) -> None:
        self.bodies[row["unit"]] = services.inspecting_body_declare(
            actor=None,
            unit=self.unit(row["unit"]),
            kind=row["kind"],
            competence_unit=self.unit(row["competence"]),
            valid_from=row["from"],
            valid_to=row["to"],
        )

    def plan(self, row: Row) -> None:
        document = Document.objects.get(pk=self.city.documents[row["document"]]) if row["document"] else None
        plan = services.plan_create(
            actor=None, body=self.bodies[row["body"]], year=row["year"], title=row["title"], document=document
        )
        lines = [
            services.plan_line_add(
                actor=None,
                plan=plan,
                kind=line["kind"],
                subject_matter=line["subject_matter"],
                subjects_text=line["subjects_text"],
                subject_units=[self.unit(key) for key in line["subjects"]],
                month=line["month"],
            )
            for line in row["lines"]
        ]
        for inspection in row["inspections"]:
            self.inspection(inspection, planned=lines[inspection["line"] - 1] if inspection["line"] else None)

    def inspection(self, row: Row, planned: PlannedInspection | None = None) -> Inspection:
        document = Document.objects.get(pk=self.city.documents[row["document"]]) if row["document"] else None
        inspection = services.inspection_create(
            actor=None,
            body=self.bodies[row["body"]],
            kind=row["kind"],
            title=row["title"],
            subject_matter=row["subject_matter"],
            subject_document=document,
            planned=planned,
        )
        if row["leader"]:
            person = Person.objects.get(pk=(self.city.person_keys or {})[row["leader"]])
            services.team_member_add(actor=None, inspection=inspection, person=person, role=TeamRole.LEADER)
        subjects = [
            services.subject_add(actor=None, inspection=inspection, unit=self.unit(key))
            for key in row["subjects"]
        ]
        self.inspections.append(inspection)
        if row["decided"] is None:
            return inspection
        self.move(inspection, "decide", row["decided"], decision_number=row["decision"])
        if row["started"] is None:
            return inspection
        self.move(inspection, "start", row["started"])
        for subject in subjects:
            for text in row["findings"]:
                services.finding_record(actor=None, subject=subject, text=text, recorded_on=row["started"])
        if row["concluded"] is None:
            return inspection
        for subject in subjects:
            services.conclusion_record(
                actor=None,
                subject=subject,
                violated=False,
                text=row["conclusion"],
                concluded_on=row["concluded"],
            )
        self.move(inspection, "conclude", row["concluded"])
        for recommendation in row["recommendations"]:
            made = services.recommendation_add(
                actor=None,
                inspection=inspection,
                text=recommendation["text"],
                lead_unit=self.unit(recommendation["lead"]),
            )
            task = (
                Task.objects.get(pk=self.city.tasks.tasks[recommendation["task"]])
                if self.city.tasks
                else None
            )
            assert task is not None, "the tasks (part 2) are loaded before the inspections"
            services.recommendation_link_task(actor=None, recommendation=made, task=task)
        return inspection

    def move(self, inspection: Inspection, action: str, on: dt.date, decision_number: str = "") -> None:
        inspection.refresh_from_db()
        services.inspection_move(
            actor=None,
            inspection=inspection,
            action=action,
            expected_version=inspection.version,
            on=on,
            decision_number=decision_number,
        )


def load_demo_inspections(
    *, city: DemoCity, stdout: Writer | None = None, data: DemoData | None = None
) -> dict[str, int]:
    """Play ``inspections.yaml`` (bodies, plans, inspections) after the tasks, whose follow-up tasks
    seed 002's recommendations are; then enrol the inspector's fixed second factor (README)."""
    content = (data or demo_data()).inspections
    play = _Play(city)
    for row in content["bodies"]:
        play.body(row)
    for row in content["plans"]:
        play.plan(row)
    for row in content["inspections"]:
        play.inspection(row)
    if content["synthetic"] is not None:
        units = {key: play.unit(key) for key in {content["synthetic"]["parent"]}}
        play.inspections += SyntheticPlay(content["synthetic"], units, play.bodies).play()
    if content["inspector_totp"]:
        totp_enrol_fixed(user=User.objects.get(username=INSPECTOR), secret_base32=content["inspector_totp"])
    counts = {
        "bodies": len(play.bodies),
        "plans": InspectionPlan.objects.count(),
        "inspections": len(play.inspections),
    }
    if stdout is not None:
        stdout.write("Inspections: " + ", ".join(f"{name} {count}" for name, count in counts.items()) + "\n")
    return counts


INSPECTOR = "kiemtra"
