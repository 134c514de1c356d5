"""The writes of inspections, by topic: the reference loads (ADR 0033) and the records of
inspection (ADR 0040 and after). Callers import from here."""

from mandate.inspections.services.bodies import inspecting_body_declare
from mandate.inspections.services.discipline import discipline_annul, discipline_decide
from mandate.inspections.services.findings import (
    conclusion_correct,
    conclusion_record,
    finding_evidence_add,
    finding_record,
    finding_withdraw,
)
from mandate.inspections.services.inspections import (
    inspection_create,
    inspection_decide,
    subject_add,
    subject_withdraw,
    team_member_add,
    team_member_remove,
)
from mandate.inspections.services.plans import plan_create, plan_line_add, plan_withdraw
from mandate.inspections.services.recommendations import (
    recommendation_add,
    recommendation_issue,
    recommendation_link_task,
)
from mandate.inspections.services.reference_loads import (
    CatalogueLoad,
    NamedFile,
    RulesLoad,
    catalogue_load,
    discipline_rules_load,
)
from mandate.inspections.services.subjects_batch import subjects_add_many
from mandate.inspections.transitions import inspection_move

__all__ = [
    "CatalogueLoad",
    "NamedFile",
    "RulesLoad",
    "catalogue_load",
    "conclusion_correct",
    "conclusion_record",
    "discipline_annul",
    "discipline_decide",
    "discipline_rules_load",
    "finding_evidence_add",
    "finding_record",
    "finding_withdraw",
    "inspecting_body_declare",
    "inspection_create",
    "inspection_decide",
    "inspection_move",
    "plan_create",
    "plan_line_add",
    "plan_withdraw",
    "recommendation_add",
    "recommendation_issue",
    "recommendation_link_task",
    "subject_add",
    "subject_withdraw",
    "subjects_add_many",
    "team_member_add",
    "team_member_remove",
]
