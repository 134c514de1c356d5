"""The annual classification of one unit of the write matrix (tests/write_world.py) and of the
permission matrix's foreign unit (tests/test_permission_matrix.py): the rule sets loaded, and the
2024 classification of the unit's clerk, proposed (by the system's administrator, so that no
actor of the cast is its proposer): the unit's leaders reach it, the clerk reads his own, everyone
else gets 404 (ADR 0053)."""

from __future__ import annotations

from django.utils import timezone

from mandate.evaluations.models.annual import AnnualClassification, AnnualRuleSet
from mandate.evaluations.rule_sets_load import annual_rule_sets_load, rule_set_for
from mandate.organisations.models import OrgUnit
from mandate.people.models import Person, User

YEAR = 2024


def annual_objects(unit: OrgUnit, person: Person, proposer: User) -> dict[str, int]:
    if not AnnualRuleSet.objects.exists():
        annual_rule_sets_load(actor=None)
    row = AnnualClassification.objects.create(
        year=YEAR,
        subject_kind="civil_servant",
        person=person,
        unit=unit,
        unit_path=unit.path,
        rule_set=rule_set_for(subject_kind="civil_servant", year=YEAR),
        proposed_level="good",
        proposal_result="good",
        proposed_by=proposer,
        proposed_at=timezone.now(),
    )
    return {"annual_classification": row.pk, "annual_version": row.version, "annual_year": YEAR}
