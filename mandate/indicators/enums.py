"""The vocabulary of indicators, targets and reported values (ADR 0029, ADR 0030)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """What one unit of the value counts. A closed list, so that values of one indicator are
    always comparable and the pages can write them (8.051 người, 45,37 tỷ đồng, 82,07%)."""

    COUNT = "count", _("number")
    PEOPLE = "people", _("people")
    PARTY_MEMBERS = "party_members", _("Party members")
    ORGANISATIONS = "organisations", _("organisations")
    UNITS = "units", _("units")
    HOUSEHOLDS = "households", _("households")
    VILLAGES = "villages", _("villages and residential groups")
    POSITIONS = "positions", _("positions")
    SHOWS = "shows", _("shows")
    EVENTS = "events", _("events")
    VISITS = "visits", _("visits")
    VND = "vnd", _("VND")
    MILLION_VND = "million_vnd", _("million VND")
    BILLION_VND = "billion_vnd", _("billion VND")
    PERCENT = "percent", _("percent")
    SCORE = "score", _("points")
    RANK = "rank", _("rank")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorKind(models.TextChoices):
    """How a value comes about: typed in as one number, typed in as a numerator and a
    denominator (shown as numerator / denominator × factor), or computed from another app's
    records by a registered provider (``indicators.providers``)."""

    NUMBER = "number", _("A number")
    RATIO = "ratio", _("A ratio (numerator and denominator)")
    COMPUTED = "computed", _("Computed from records")


class Aggregation(models.TextChoices):
    """How the values of several units make one: summed (a ratio sums its numerators and its
    denominators), or never combined (a score, a rank: summing them means nothing)."""

    SUM = "sum", _("Sum")
    NONE = "none", _("Not summed")


class ReportingPeriodKind(models.TextChoices):
    """The period an indicator or a set is reported for (values of ``core.Period.kind``)."""

    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half year")
    YEAR = "year", _("Year")


class TargetChange(models.TextChoices):
    """Why a target's value changed: each change is a row of ``TargetRevision``."""

    SET = "set", _("Set")
    ALLOCATED = "allocated", _("Allocated by the unit above")
    REVISED = "revised", _("Revised")
    RECEIVED = "received", _("Received from a predecessor unit")
    HANDED_OVER = "handed_over", _("Handed over to a successor unit")


class AllocationStatus(models.TextChoices):
    """What an allocation's children add up to against the allocating unit's own target. Every
    status but ``balanced`` is a flag that the pages show and the API returns."""

    BALANCED = "balanced", _("The children's targets add up to the parent's")
    SHORTFALL = "shortfall", _("The children's targets fall short of the parent's")
    EXCESS = "excess", _("The children's targets exceed the parent's")
    NO_PARENT_TARGET = "no_parent_target", _("The allocating unit has no target to check against")
    NOT_SUMMED = "not_summed", _("This indicator is not summed: the targets are not added up")


class SubmissionState(models.TextChoices):
    """Where a unit's values for one set and period stand on their way up the set's hierarchy
    (ADR 0030). Values are editable in ``draft`` and ``returned`` only; ``accepted`` is locked."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved at a level, awaiting the next")
    ACCEPTED = "accepted", _("Accepted and locked")
    RETURNED = "returned", _("Returned to the unit")


EDITABLE_STATES = frozenset({SubmissionState.DRAFT, SubmissionState.RETURNED})
AWAITING_STATES = frozenset({SubmissionState.SUBMITTED, SubmissionState.APPROVED})


class SubmissionEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    ACCEPTED = "accepted", _("Accepted and locked")
    UNLOCKED = "unlocked", _("Unlocked")


class ValueChange(models.TextChoices):
    ENTERED = "entered", _("Entered")
    CHANGED = "changed", _("Changed")


class RuleOperator(models.TextChoices):
    """How a validation rule compares its sides (ADR 0036)."""

    LE = "<=", "≤"
    LT = "<", "<"
    EQ = "==", "="
    GE = ">=", "≥"
    GT = ">", ">"
    NE = "!=", "≠"


class RuleImportance(models.TextChoices):
    """An error refuses the value; a warning is recorded and shown, and does not block."""

    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")


class ReportingStatus(models.TextChoices):
    """Where a reporting unit stands for a set and period on a day (the reporting rates)."""

    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    RETURNED = "returned", _("Returned to the unit")
    NOT_SUBMITTED = "not_submitted", _("Not submitted")


class StatementVerdict(models.TextChoices):
    """What recomputing a stated figure found (``core.stated_figures.Verdict``'s values): right at
    the precision written, wrong, or not readable as written (a malformed number such as
    "24.3200", or a zero denominator). Every verdict but ``ok`` is a flag."""

    OK = "ok", _("Right")
    WRONG = "wrong", _("Wrong")
    MALFORMED = "malformed", _("Malformed")
