"""The annual classification's test world: the rule sets and the discipline forms loaded, and a
colleague of the cast's official ``oanh`` (same office) for the "not his colleague's" checks.
Plain functions rather than fixtures, so that the evaluations' shared conftest stays untouched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.evaluations.models.annual import AnnualClassification
from mandate.evaluations.rule_sets_load import annual_rule_sets_load
from mandate.evaluations.services import annual as services
from mandate.people.models import Person, User

DISCIPLINE_RULES = Path(__file__).resolve().parents[2] / "inspections" / "data" / "discipline_rules.yaml"


def annual_world(cast: SimpleNamespace) -> SimpleNamespace:
    from mandate.inspections import services as inspection_services
    from mandate.people.tests.factories import AccountFactory

    annual_rule_sets_load(actor=None)
    inspection_services.discipline_rules_load(
        actor=None, file=SimpleUploadedFile(DISCIPLINE_RULES.name, DISCIPLINE_RULES.read_bytes())
    )
    cast.hoa = AccountFactory.create(
        username="hoa",
        full_name="Chuyên Viên Hòa",
        position={"unit": cast.culture_office, "title": "Chuyên viên", "role": "official"},
    )
    return cast


def discipline(person: Person, unit: Any, day: dt.date) -> Any:
    """A reprimand of a civil servant without a post, decided by ``unit`` on ``day``."""
    from mandate.inspections import services as inspection_services

    return inspection_services.discipline_decide(
        actor=None,
        subject_kind="civil_servant_without_post",
        person=person,
        deciding_unit=unit,
        number=f"{person.pk}/QĐ-KL",
        decided_on=day,
        form="reprimand",
        reason="Vi phạm kỷ luật",
        effective_from=day,
    )


def propose(
    actor: User, person: Person, unit: Any, year: int, *, kind: str = "civil_servant", **inputs: Any
) -> AnnualClassification:
    if "points" in inputs:
        inputs["points"] = {k: Decimal(v) for k, v in inputs["points"].items()}
    return services.annual_propose(
        actor=actor, year=year, subject_kind=kind, unit=unit, person=person, inputs=services.Inputs(**inputs)
    )


def decide(actor: User, row: AnnualClassification, **values: Any) -> AnnualClassification:
    points = values.pop("points", None)
    return services.annual_decide(
        actor=actor,
        classification=row,
        level=values.pop("level", None),
        points={k: Decimal(v) for k, v in points.items()} if points else None,
        note=values.pop("note", ""),
        expected_version=values.pop("version", row.version),
    )
