"""A unit named on the command line (issue 13, item 9): by its id, by its code where that code is
unique, or by its exact name (Vietnamese or English). Why apart from the command: the rule is the
command's contract (a script names "SVHTT" and must get that department or a clear refusal, never
a guess), so it is tested on its own."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from mandate.core.exceptions import ApplicationError
from mandate.organisations.models import OrgUnit

MAX_SHOWN = 5


class UnitLookupError(ApplicationError):
    """No unit, or more than one, answers to the name given."""


def _listed(units: list[OrgUnit]) -> str:
    shown = "; ".join(f"{unit.pk} {unit.name}" for unit in units[:MAX_SHOWN])
    return shown + ("; …" if len(units) > MAX_SHOWN else "")


def unit_named(text: str) -> OrgUnit:
    """The one unit ``text`` names, or ``UnitLookupError`` saying why not (with the candidates
    when it is ambiguous, so that the caller can give the id)."""
    name = " ".join(text.split())
    if not name:
        raise UnitLookupError(_("Name the unit: its id, its code or its exact name."))
    if name.isdigit() and len(name) < 10:
        unit: OrgUnit | None = OrgUnit.objects.filter(pk=int(name)).first()
        if unit is None:
            raise UnitLookupError(_("No unit has the id %(id)s.") % {"id": name})
        return unit
    ambiguous = {
        "code": _("More than one unit has the code “%(name)s”: %(units)s. Give its id."),
        "name": _("More than one unit has the name “%(name)s”: %(units)s. Give its id."),
    }
    for matches, kind in (
        (OrgUnit.objects.filter(code=name), "code"),
        (OrgUnit.objects.filter(Q(name=name) | Q(name_en=name)), "name"),
    ):
        found: list[OrgUnit] = list(matches.order_by("path")[: MAX_SHOWN + 1])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise UnitLookupError(ambiguous[kind] % {"name": name, "units": _listed(found)})
    raise UnitLookupError(_("No unit has the id, code or exact name “%(name)s”.") % {"name": name})
