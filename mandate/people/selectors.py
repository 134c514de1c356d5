from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from mandate.core.exceptions import NotFoundError
from mandate.organisations.models import OrgUnit
from mandate.organisations.selectors import minimal_prefixes, subtree_q, unit_list
from mandate.people.models import Person, Position, User
from mandate.people.scopes import read_scope, write_scope


def valid_positions_q(day: dt.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def person_of(*, user: User) -> Person | None:
    """The person behind an account, if the account has one."""
    return Person.objects.filter(user_id=user.pk).first() if user.is_authenticated else None


def heads_on(*, units: Iterable[OrgUnit], day: dt.date) -> dict[int, list[Position]]:
    """The heads (regular or acting) of each unit on ``day``, in one query."""
    ids = [u.pk for u in units]
    heads: dict[int, list[Position]] = defaultdict(list)
    if not ids:
        return heads
    rows = (
        Position.objects.filter(unit_id__in=ids, is_head=True)
        .filter(valid_positions_q(day))
        .select_related("person")
        .order_by("unit_id", "kind", "valid_from")
    )
    for position in rows:
        heads[position.unit_id].append(position)
    return heads


def person_list_visible(
    *, actor: User, unit: OrgUnit | None = None, search: str | None = None
) -> QuerySet[Person]:
    """People who hold or held a position in the actor's read scope."""
    scope = read_scope(actor)
    positions = Position.objects.filter(scope.q("unit__path"))
    if unit is not None:
        positions = positions.filter(subtree_q("unit__path", unit.path))
    people = Person.objects.filter(pk__in=positions.values("person_id"))
    if search:
        people = people.filter(full_name__icontains=search)
    return people.order_by("full_name", "id")


def person_get_visible(*, actor: User, person_id: int) -> Person:
    person = person_list_visible(actor=actor).filter(pk=person_id).first()
    if person is None:
        raise NotFoundError()
    return person


def position_list_visible(
    *, actor: User, person: Person | None = None, unit: OrgUnit | None = None, on: dt.date | None = None
) -> QuerySet[Position]:
    scope = read_scope(actor)
    positions = Position.objects.filter(scope.q("unit__path")).select_related(
        "person", "unit", "scope_unit", "on_behalf_of__person"
    )
    if person is not None:
        positions = positions.filter(person=person)
    if unit is not None:
        positions = positions.filter(subtree_q("unit__path", unit.path))
    if on is not None:
        positions = positions.filter(valid_positions_q(on))
    return positions.order_by("unit__path", "-is_head", "valid_from", "id")


def holds_position_within(*, person: Person, unit: OrgUnit, day: dt.date) -> bool:
    """Whether the person holds, on ``day``, a position in ``unit`` or a unit below it."""
    return (
        Position.objects.filter(subtree_q("unit__path", unit.path), person=person)
        .filter(valid_positions_q(day))
        .exists()
    )


def unit_list_readable(*, actor: User, on: dt.date) -> QuerySet[OrgUnit]:
    """The units existing on ``on`` in the actor's read scope, in tree order (the list filters'
    pickers)."""
    return unit_list(on=on).filter(read_scope(actor).q("path"))


def unit_list_writable(*, actor: User, on: dt.date) -> QuerySet[OrgUnit]:
    """The units existing on ``on`` in the actor's write scope, in tree order (the units a task
    may be assigned or reassigned to)."""
    return unit_list(on=on).filter(write_scope(actor, on=on).q("path"))


def positions_within(*, actor: User, units: Iterable[OrgUnit], on: dt.date) -> QuerySet[Position]:
    """The positions held on ``on`` in these units or below them, that the actor sees."""
    within = Q()
    for prefix in minimal_prefixes(unit.path for unit in units):
        within |= Q(unit__path__startswith=prefix)
    return position_list_visible(actor=actor, on=on).filter(within)
