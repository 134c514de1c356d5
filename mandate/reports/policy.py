"""Who may ask for and issue a unit's report (issue 13, item 8), as ``documents.policy`` and
``tasks.policy`` say it for their records: each action with ``allowed`` and the reason when not;
the services refuse through ``require``, the pages show their forms from ``available_actions``.

A report speaks for its unit, so the right comes from acting for the unit — a position in it, or
a declared delegation (``people.scopes.acting_for``) — never from reading it: the city office that
follows every department reads their reports but does not write them. Asking for one is for any
writing role of the unit; issuing takes a number from the unit's outgoing register, so it needs
the roles that register documents (administrator, leader, specialist).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mandate.core.exceptions import InvalidStateError, PermissionDeniedError
from mandate.documents.permissions import REGISTERING_ROLES
from mandate.organisations.models import OrgUnit
from mandate.people.enums import Role
from mandate.people.models import User
from mandate.people.scopes import acting_for
from mandate.reports.models import Report, ReportState

REQUESTING_ROLES = frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SPECIALIST, Role.OFFICIAL})
ISSUING_ROLES = REGISTERING_ROLES
ACTIONS = ("issue",)


@dataclass(frozen=True)
class Action:
    """One action as this actor sees it now; ``conflict``: refused by the report's state (409)."""

    name: str
    allowed: bool
    reason: str = ""
    conflict: bool = False


def may_request(actor: User | None, unit: OrgUnit) -> bool:
    return bool(acting_for(actor).roles_for(unit.path) & REQUESTING_ROLES)


def require_request(actor: User | None, unit: OrgUnit) -> None:
    if not may_request(actor, unit):
        raise PermissionDeniedError(
            _("Only the people who act for %(unit)s ask for its reports.") % {"unit": unit.name}
        )


def requestable_units(actor: User | None) -> QuerySet[OrgUnit]:
    """The units the actor may ask reports for (a system administrator: every unit in force)."""
    acting = acting_for(actor)
    units: QuerySet[OrgUnit] = OrgUnit.objects.all()
    if acting.everything:
        return units.filter(valid_to__isnull=True).order_by("path")
    return units.filter(path__in=acting.paths_with(REQUESTING_ROLES)).order_by("path")


def check(actor: User | None, report: Report, name: str) -> Action:
    if not acting_for(actor).roles_for(report.unit.path) & ISSUING_ROLES:
        reason = _("Only a leader or specialist who acts for %(unit)s issues its reports.") % {
            "unit": report.unit.name
        }
        return Action(name, False, reason)
    if report.state == ReportState.ISSUED:
        return Action(name, False, _("The report is already issued."), conflict=True)
    if report.state != ReportState.READY:
        return Action(name, False, _("The report is not made yet."), conflict=True)
    if not report.unit.code:
        reason = _(
            "%(unit)s has no code for the symbols of its documents (BC-…): an administrator gives it "
            "one in the organisation directory before its reports are issued."
        ) % {"unit": report.unit.name}
        return Action(name, False, reason, conflict=True)
    return Action(name, True)


def available_actions(actor: User | None, report: Report) -> list[Action]:
    return [check(actor, report, name) for name in ACTIONS]


def require(actor: User | None, report: Report, name: str) -> None:
    """403 for someone who may not, 409 for a report in a state that does not allow it."""
    action = check(actor, report, name)
    if action.allowed:
        return
    if action.conflict:
        raise InvalidStateError(action.reason)
    raise PermissionDeniedError(action.reason)


def check_files_retry(actor: User | None, report: Report) -> bool:
    return bool(acting_for(actor).roles_for(report.unit.path) & ISSUING_ROLES)


def require_files_retry(actor: User | None, report: Report, *, failed: bool) -> None:
    """Asking again for an issued report's files is for those who issue the unit's reports (403),
    and only once the making failed (409)."""
    if not check_files_retry(actor, report):
        raise PermissionDeniedError(
            _("Only a leader or specialist who acts for %(unit)s issues its reports.")
            % {"unit": report.unit.name}
        )
    if report.state != ReportState.ISSUED or not failed:
        raise InvalidStateError(_("The report's files are not failing: nothing to ask for again."))
