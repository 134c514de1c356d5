"""Declaring who inspects whom (docs/adr/0040, 0041): an inspecting body is a unit, its kind and
its competence (a subtree), over a period. A system administrator declares it; the declaration is
audited, and a unit is declared once for any day (an overlapping declaration is refused: two
competences on one day would make "who reads" ambiguous).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.exceptions import ApplicationError
from mandate.core.locks import lock_for_transaction
from mandate.inspections import policy_records
from mandate.inspections.enums import BodyKind
from mandate.inspections.models import InspectingBody
from mandate.organisations.models import OrgUnit
from mandate.people.models import User

BODY_FIELDS = ("unit", "kind", "competence_unit", "competence_path", "valid_from", "valid_to")


def _day(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value is not None else "…"


@transaction.atomic
def inspecting_body_declare(
    *,
    actor: User | None,
    unit: OrgUnit,
    kind: str,
    competence_unit: OrgUnit,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
) -> InspectingBody:
    policy_records.require_declare_bodies(actor)
    if kind not in BodyKind.values:
        raise ApplicationError(fields={"kind": [_("Not a choice.")]})
    if valid_to is not None and valid_to < valid_from:
        message = _("The end of the validity is before its start.")
        raise ApplicationError(message, fields={"valid_to": [message]})
    lock_for_transaction(f"inspections.body:{unit.pk}")
    overlapping = InspectingBody.objects.filter(unit=unit).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    existing = overlapping.order_by("valid_from").first()
    if existing is not None:
        message = _(
            "“%(unit)s” is already declared an inspecting body from %(start)s to %(end)s: close that "
            "declaration first, or start this one after it."
        ) % {"unit": unit.name, "start": _day(existing.valid_from), "end": _day(existing.valid_to)}
        raise ApplicationError(message, code="body_overlap", fields={"valid_from": [message]})
    body = InspectingBody.objects.create(
        unit=unit,
        kind=kind,
        competence_unit=competence_unit,
        competence_path=competence_unit.path,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    audit.record(
        actor=actor,
        action="inspections.body_declare",
        target=body,
        after=audit.snapshot(body, BODY_FIELDS),
    )
    return body
