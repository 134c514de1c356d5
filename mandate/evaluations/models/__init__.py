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

__all__ = [
    "AnnualClassification",
    "AnnualLevel",
    "AnnualRuleSet",
    "AnnualState",
    "AnnualSubjectKind",
    "EvaluationState",
    "MonthSheet",
    "MonthlyEvaluation",
]
