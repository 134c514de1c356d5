"""Indicators, the sets units report them in, targets and actuals (ADR 0029, ADR 0030).

``*_path`` columns copy a unit's tree path (units never move), so a scoped read filters one
indexed column instead of joining the tree, as tasks do. Revisions and events are append-only:
the services only ever insert them, so "the value as recorded on a day" is read from them and
never changes when later events happen.
"""

from mandate.indicators.models.actuals import Actual, ActualRevision, Submission, SubmissionEvent
from mandate.indicators.models.catalogue import (
    AMOUNT,
    Disaggregation,
    DisaggregationOption,
    Indicator,
    IndicatorSet,
    IndicatorSetItem,
    ReportingLine,
)
from mandate.indicators.models.statements import StatedFigure
from mandate.indicators.models.sums import ActualSum
from mandate.indicators.models.targets import Allocation, Target, TargetRevision
from mandate.indicators.models.validation import ValidationRule, ValidationWarning

__all__ = [
    "AMOUNT", "Actual", "ActualRevision", "ActualSum", "Allocation", "Disaggregation", "DisaggregationOption",
    "Indicator", "IndicatorSet", "IndicatorSetItem", "ReportingLine", "StatedFigure", "Submission",
    "SubmissionEvent", "Target", "TargetRevision", "ValidationRule", "ValidationWarning",
]  # fmt: skip
