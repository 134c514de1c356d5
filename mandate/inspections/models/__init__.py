"""The models of inspections: reference data (catalogue, discipline rules), the records of
inspection and supervision, and discipline decisions."""

from mandate.inspections.models.discipline import DisciplineDecision
from mandate.inspections.models.records import (
    Conclusion,
    Finding,
    FindingEvidence,
    InspectingBody,
    Inspection,
    InspectionEvent,
    InspectionPlan,
    InspectionSubject,
    PlannedInspection,
    Recommendation,
    TeamMember,
)
from mandate.inspections.models.reference import (
    DeferralReason,
    DisciplineForm,
    DisciplineRuleSet,
    SignGroup,
    ViolationCatalogue,
    ViolationSign,
)

__all__ = [
    "Conclusion",
    "DeferralReason",
    "DisciplineDecision",
    "DisciplineForm",
    "DisciplineRuleSet",
    "Finding",
    "FindingEvidence",
    "InspectingBody",
    "Inspection",
    "InspectionEvent",
    "InspectionPlan",
    "InspectionSubject",
    "PlannedInspection",
    "Recommendation",
    "SignGroup",
    "TeamMember",
    "ViolationCatalogue",
    "ViolationSign",
]
