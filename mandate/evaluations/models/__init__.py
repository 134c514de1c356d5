"""The evaluations' models, one module per area (ADR 0048): each area's module is imported here so
that Django finds its models."""

from mandate.evaluations.models.rankings import RankingCriterion as RankingCriterion
from mandate.evaluations.models.rankings import RankingIndex as RankingIndex
from mandate.evaluations.models.rankings import RankingMethod as RankingMethod
from mandate.evaluations.models.rankings import RankingScore as RankingScore
