"""The evaluations' models, one module per area (ADR 0048): each area's module is imported here so
that Django finds its models."""

from mandate.evaluations.models.annual import (  # noqa: F401
    AnnualClassification,
    AnnualLevel,
    AnnualRuleSet,
    AnnualState,
    AnnualSubjectKind,
)
