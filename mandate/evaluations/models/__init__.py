"""The evaluations' models, one module per area (ADR 0048): each area's module is imported here so
that Django finds its models."""

from mandate.evaluations.models.annual import (
    AnnualClassification,
    AnnualLevel,
    AnnualRuleSet,
    AnnualState,
    AnnualSubjectKind,
)
from mandate.evaluations.models.monthly import EvaluationState, MonthlyEvaluation, MonthSheet
from mandate.evaluations.models.proposals import PersonnelProposal, ProposalGround
from mandate.evaluations.models.rankings import RankingCriterion, RankingIndex, RankingMethod, RankingScore
from mandate.evaluations.models.rotation import (
    RotationDeferral,
    RotationMove,
    RotationPlan,
    RotationSector,
    SensitivePost,
)

__all__ = [
    "AnnualClassification",
    "AnnualLevel",
    "AnnualRuleSet",
    "AnnualState",
    "AnnualSubjectKind",
    "EvaluationState",
    "MonthSheet",
    "MonthlyEvaluation",
    "PersonnelProposal",
    "ProposalGround",
    "RankingCriterion",
    "RankingIndex",
    "RankingMethod",
    "RankingScore",
    "RotationDeferral",
    "RotationMove",
    "RotationPlan",
    "RotationSector",
    "SensitivePost",
]
