"""Who may read and write the monthly evaluations (issue 14, item 2; ADR 0048).

- **Reading**: an official reads his own evaluations; a leader reads those of the people of a
  unit he works in as a leader (``membership``: his own unit and the units below it, the way a
  director reads his department's offices). Nobody else, the system administrator included: an
  evaluation is personal data, and outside these readers it does not exist (404).
- **Self-assessing**: the official himself, while his month is open and not yet decided.
- **Opening a month, setting its closing day, deciding, submitting**: a leader of the unit (as for
  reading), never on his own evaluation. ``actor=None`` is the system (the demo's loader).
- **When**: a month is written until the end of its closing day; after it, every write is refused
  with the day it closed (409). A unit above its A quota is refused the submission (409) and the
  month's page says so before.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.evaluations.models import EvaluationState, MonthlyEvaluation, MonthSheet
from mandate.organisations.models import OrgUnit
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import membership


def _signed_in(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def leads(actor: User | None, unit: OrgUnit) -> bool:
    """A leader of the unit or of a unit above it that he works in (not a superuser: the
    administrator manages accounts, he does not evaluate people)."""
    if actor is None or not _signed_in(actor) or actor.is_superuser:
        return False
    return Role.LEADER in membership(actor).roles_at(unit.path)


def is_own(actor: User | None, evaluation: MonthlyEvaluation) -> bool:
    return actor is not None and _signed_in(actor) and evaluation.person.user_id == actor.pk


def may_read(actor: User | None, evaluation: MonthlyEvaluation) -> bool:
    return is_own(actor, evaluation) or leads(actor, evaluation.sheet.unit)


def month_label(month: dt.date) -> str:
    return f"{month:%m/%Y}"


def is_closed(sheet_closes_on: dt.date, on: dt.date) -> bool:
    """Closed after the end of its closing day."""
    return on > sheet_closes_on


def closed_reason(month: dt.date, closes_on: dt.date) -> str:
    return _(
        "The evaluations of %(month)s closed at the end of %(day)s: a closed month is kept as it "
        "was decided and can no longer be changed."
    ) % {"month": month_label(month), "day": f"{closes_on:%d/%m/%Y}"}


def require_open(month: dt.date, closes_on: dt.date, on: dt.date) -> None:
    if is_closed(closes_on, on):
        raise InvalidStateError(closed_reason(month, closes_on), code="month_closed")


def require_leader(actor: User | None, unit: OrgUnit) -> None:
    if actor is not None and not leads(actor, unit):
        raise PermissionDeniedError(
            _("Only a leader of “%(unit)s” opens, decides and submits its monthly evaluations.")
            % {"unit": unit.name}
        )


def require_sheet_write(actor: User | None, sheet: MonthSheet, on: dt.date) -> None:
    require_leader(actor, sheet.unit)
    require_open(sheet.month, sheet.closes_on, on)


def require_self_assess(actor: User | None, evaluation: MonthlyEvaluation, on: dt.date) -> None:
    if actor is not None and not is_own(actor, evaluation):
        raise PermissionDeniedError(_("Only the official himself assesses his own month."))
    require_open(evaluation.sheet.month, evaluation.sheet.closes_on, on)
    if evaluation.state == EvaluationState.DECIDED:
        raise InvalidStateError(
            _("The leader has already decided this month; the self-assessment is closed."),
            code="already_decided",
        )


def require_decide(actor: User | None, evaluation: MonthlyEvaluation, on: dt.date) -> None:
    require_leader(actor, evaluation.sheet.unit)
    if actor is not None and is_own(actor, evaluation):
        raise PermissionDeniedError(_("Nobody decides his own evaluation: the level above does."))
    require_open(evaluation.sheet.month, evaluation.sheet.closes_on, on)
