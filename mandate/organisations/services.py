"""Writes to the organisation tree. Every one holds the tree lock, checks the actor's right to
change the structure and leaves an audit entry. Units are never moved or deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from mandate.core import audit, generations
from mandate.core.accounts import Account
from mandate.core.concurrency import bump_version, check_version
from mandate.core.exceptions import ApplicationError, PermissionDeniedError
from mandate.core.locks import lock_for_transaction
from mandate.organisations import permissions
from mandate.organisations.enums import LineageKind, UnitKind, UnitLevel
from mandate.organisations.models import OrgUnit, PartyTerm, UnitLineage
from mandate.organisations.selectors import valid_on_q

UNIT_FIELDS = ["name", "name_en", "code", "kind", "level", "valid_from", "valid_to", "retired_reason", "path"]
EDITABLE_FIELDS = ("name", "name_en", "code")


def _require_structure_right(actor: Account | None) -> None:
    if actor is not None and not permissions.can_manage_structure(actor=actor):
        raise PermissionDeniedError(_("Only an administrator may change the organisation tree."))


def _validate_fields(*, name: str, kind: str, level: str) -> None:
    errors: dict[str, list[Any]] = {}
    if not name.strip():
        errors["name"] = [_("Give the unit's name.")]
    if kind not in UnitKind.values:
        errors["kind"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(UnitKind.values)}]
    if level not in UnitLevel.values:
        errors["level"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(UnitLevel.values)}]
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)


def _lock_tree() -> None:
    lock_for_transaction("organisation-tree")


def _add(*, parent: OrgUnit | None, fields: dict[str, Any]) -> OrgUnit:
    if parent is None:
        return OrgUnit.objects.add_root(fields)  # type: ignore[no-any-return]
    # Re-read the parent: treebeard computes the child's path from numchild, which another writer
    # may have changed since the caller loaded it.
    parent = OrgUnit.objects.get(pk=parent.pk)
    if not parent.is_valid_on(fields["valid_from"]):
        raise ApplicationError(
            _("“%(parent)s” does not exist on %(day)s, so nothing can be created under it.")
            % {"parent": parent.name, "day": fields["valid_from"].strftime("%d/%m/%Y")},
            code="parent_not_valid",
            fields={"parent": [_("Not valid on that date.")]},
        )
    return OrgUnit.objects.add_child(parent, fields)  # type: ignore[no-any-return]


@transaction.atomic
def unit_create(
    *,
    actor: Account | None,
    parent: OrgUnit | None,
    name: str,
    kind: str,
    level: str,
    valid_from: dt.date,
    name_en: str = "",
    code: str = "",
) -> OrgUnit:
    _require_structure_right(actor)
    _validate_fields(name=name, kind=kind, level=level)
    _lock_tree()
    unit = _add(
        parent=parent,
        fields={
            "name": name.strip(),
            "name_en": name_en.strip(),
            "code": code.strip(),
            "kind": kind,
            "level": level,
            "valid_from": valid_from,
        },
    )
    audit.record(
        actor=actor, action="organisations.create", target=unit, after=audit.snapshot(unit, UNIT_FIELDS)
    )
    return unit


@transaction.atomic
def unit_correct(
    *, actor: Account | None, unit: OrgUnit, expected_version: int | None, **changes: str
) -> OrgUnit:
    """Correct how a unit is written (a typo, its English name). A real rename is a reorganisation."""
    _require_structure_right(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("Cannot be changed.")] for f in sorted(unknown)},
        )
    _lock_tree()
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    check_version(obj=unit, expected_version=expected_version)
    before = audit.snapshot(unit, EDITABLE_FIELDS)
    for name, value in changes.items():
        setattr(unit, name, value.strip())
    _validate_fields(name=unit.name, kind=unit.kind, level=unit.level)
    bump_version(unit)
    unit.save(update_fields=[*changes.keys(), "version", "updated_at"])
    old, new = audit.changes(before, audit.snapshot(unit, EDITABLE_FIELDS))
    audit.record(actor=actor, action="organisations.correct", target=unit, before=old, after=new)
    return unit


def _retire(*, actor: Account | None, unit: OrgUnit, last_day: dt.date, reason: str) -> None:
    if unit.valid_to is not None:
        raise ApplicationError(
            _("“%(unit)s” was already retired on %(day)s.")
            % {"unit": unit.name, "day": unit.valid_to.strftime("%d/%m/%Y")}
        )
    if last_day < unit.valid_from:
        raise ApplicationError(
            _("A unit cannot end before it began."), fields={"effective_on": [_("Too early.")]}
        )
    living_children = OrgUnit.objects.filter(path__startswith=unit.path, depth__gt=unit.depth).filter(
        valid_on_q(last_day + dt.timedelta(days=1))
    )
    names = list(living_children.values_list("name", flat=True)[:5])
    if names:
        raise ApplicationError(
            _("“%(unit)s” still has units after that date (%(names)s). Reorganise them first.")
            % {"unit": unit.name, "names": ", ".join(names)},
            code="unit_has_living_units",
        )
    before = audit.snapshot(unit, ["valid_to", "retired_reason"])
    unit.valid_to = last_day
    unit.retired_reason = reason
    bump_version(unit)
    unit.save(update_fields=["valid_to", "retired_reason", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="organisations.retire",
        target=unit,
        before=before,
        after=audit.snapshot(unit, ["valid_to", "retired_reason"]),
    )


def _require_reason(reason: str) -> str:
    if not reason.strip():
        raise ApplicationError(_("Give the reason."), fields={"reason": [_("Give the reason.")]})
    return reason.strip()


def _link(
    *, actor: Account | None, predecessor: OrgUnit, successor: OrgUnit, kind: str, effective_on: dt.date
) -> None:
    link = UnitLineage.objects.create(
        predecessor=predecessor, successor=successor, kind=kind, effective_on=effective_on
    )
    generations.bump(generations.SCOPES)  # a successor's read scope now covers its predecessor
    audit.record(
        actor=actor,
        action="organisations.lineage",
        target=link,
        after={
            "predecessor": predecessor.pk,
            "successor": successor.pk,
            "kind": kind,
            "effective_on": effective_on,
        },
    )


@transaction.atomic
def lineage_correct(*, actor: Account | None, link: UnitLineage, note: str) -> UnitLineage:
    """Correct a lineage link's note (the admin site). Links themselves are made by the merge
    services; the scopes lineage widens are forgotten anyway, as after any write to a link, so no
    process keeps a scope computed before it (ADR 0015)."""
    _require_structure_right(actor)
    _lock_tree()
    link = UnitLineage.objects.select_for_update().get(pk=link.pk)
    if link.note == note.strip():
        return link
    before = {"note": link.note}
    link.note = note.strip()
    link.save(update_fields=["note"])
    generations.bump(generations.SCOPES)
    audit.record(
        actor=actor,
        action="organisations.lineage_correct",
        target=link,
        before=before,
        after={"note": link.note},
    )
    return link


def _check_merge_sources(sources: Sequence[OrgUnit]) -> list[OrgUnit]:
    if not sources:
        raise ApplicationError(
            _("Choose the units to merge."), fields={"sources": [_("Choose at least one.")]}
        )
    if len({s.pk for s in sources}) != len(sources):
        raise ApplicationError(
            _("A unit is listed twice."), fields={"sources": [_("A unit is listed twice.")]}
        )
    return list(OrgUnit.objects.select_for_update().filter(pk__in=[s.pk for s in sources]).order_by("path"))


def _retire_and_link(
    *, actor: Account | None, sources: list[OrgUnit], successor: OrgUnit, effective_on: dt.date, reason: str
) -> None:
    if any(successor.path.startswith(s.path) for s in sources):
        raise ApplicationError(_("The new unit cannot sit under a unit that is being merged."))
    for source in sources:
        _retire(actor=actor, unit=source, last_day=effective_on - dt.timedelta(days=1), reason=reason)
    for source in sources:
        _link(
            actor=actor,
            predecessor=source,
            successor=successor,
            kind=LineageKind.MERGE,
            effective_on=effective_on,
        )


@transaction.atomic
def unit_merge(
    *,
    actor: Account | None,
    sources: Sequence[OrgUnit],
    parent: OrgUnit | None,
    name: str,
    kind: str,
    level: str,
    effective_on: dt.date,
    reason: str,
    name_en: str = "",
    code: str = "",
) -> OrgUnit:
    """Retire ``sources`` on the day before ``effective_on`` and create their one successor.

    The successor sees its predecessors' records (``UnitLineage``); the sources keep theirs.
    """
    _require_structure_right(actor)
    _validate_fields(name=name, kind=kind, level=level)
    reason = _require_reason(reason)
    _lock_tree()
    locked = _check_merge_sources(sources)
    successor = _add(
        parent=parent,
        fields={
            "name": name.strip(),
            "name_en": name_en.strip(),
            "code": code.strip(),
            "kind": kind,
            "level": level,
            "valid_from": effective_on,
        },
    )
    audit.record(
        actor=actor,
        action="organisations.create",
        target=successor,
        after=audit.snapshot(successor, UNIT_FIELDS),
    )
    _retire_and_link(
        actor=actor, sources=locked, successor=successor, effective_on=effective_on, reason=reason
    )
    return successor


@transaction.atomic
def unit_merge_into(
    *, actor: Account | None, sources: Sequence[OrgUnit], successor: OrgUnit, reason: str
) -> OrgUnit:
    """Merge ``sources`` into a successor that already exists from its first day.

    Needed when the successor must exist before the merge can close the sources: a new commune
    whose own Party committee and People's Committee are merged first, under it.
    """
    _require_structure_right(actor)
    reason = _require_reason(reason)
    _lock_tree()
    locked = _check_merge_sources(sources)
    successor = OrgUnit.objects.get(pk=successor.pk)
    _retire_and_link(
        actor=actor, sources=locked, successor=successor, effective_on=successor.valid_from, reason=reason
    )
    return successor


@transaction.atomic
def unit_retire(
    *,
    actor: Account | None,
    unit: OrgUnit,
    last_day: dt.date,
    reason: str,
    successors: Sequence[OrgUnit] = (),
) -> OrgUnit:
    """End a unit; the units that take over its work (if any) see its records."""
    _require_structure_right(actor)
    reason = _require_reason(reason)
    _lock_tree()
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    for successor in successors:
        if successor.pk == unit.pk or not successor.is_valid_on(last_day + dt.timedelta(days=1)):
            raise ApplicationError(
                _("“%(unit)s” cannot take over: it does not exist the day after.") % {"unit": successor.name},
                fields={"successors": [_("Not valid on that date.")]},
            )
    _retire(actor=actor, unit=unit, last_day=last_day, reason=reason)
    for successor in successors:
        _link(
            actor=actor,
            predecessor=unit,
            successor=successor,
            kind=LineageKind.TRANSFER,
            effective_on=last_day + dt.timedelta(days=1),
        )
    return unit


@transaction.atomic
def party_term_record(
    *, actor: Account | None, unit: OrgUnit, name: str, starts_on: dt.date, ends_on: dt.date | None
) -> PartyTerm:
    _require_structure_right(actor)
    if unit.kind != UnitKind.PARTY:
        raise ApplicationError(
            _("Only a Party committee has terms."), fields={"unit": [_("Not a Party body.")]}
        )
    if ends_on is not None and ends_on < starts_on:
        raise ApplicationError(
            _("A term cannot end before it starts."), fields={"ends_on": [_("Too early.")]}
        )
    term = PartyTerm.objects.create(unit=unit, name=name, starts_on=starts_on, ends_on=ends_on)
    audit.record(
        actor=actor,
        action="organisations.party_term",
        target=term,
        after={"unit": unit.pk, "name": name, "starts_on": starts_on, "ends_on": ends_on},
    )
    return term
