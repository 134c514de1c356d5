"""Who reads accountability signals (issue 14 item 7; docs/adr/0051).

Signals about a person are personal data and indications for a leader: a unit's board is read
by a leader over the unit — a position with the role ``leader`` in the unit or a unit above it
(``people.scopes.membership``: the positions' own units, not the wider subtrees an office's
position reads, so the Party Committee's office reads the city's tasks but not its people's
signals); a person's signals by himself and by a leader over a unit he works in. No
one else — an administrator's account, an official of the same unit, a foreign leader — is told
they exist: the selectors answer 404. Signals write nothing, so there is no action policy.
"""

from __future__ import annotations

from mandate.people.enums import Role
from mandate.people.models import Person, Position, User
from mandate.people.scopes import membership, today
from mandate.people.selectors import valid_positions_q

READER_ROLES = frozenset({Role.LEADER})


def led_prefixes(actor: User | None) -> tuple[str, ...]:
    """The subtrees the actor leads today (none for anyone but a leader)."""
    scope = membership(actor)
    if scope.everything:
        return ()
    return tuple(sorted({g.prefix for g in scope.grants if g.role in READER_ROLES}))


def leads(actor: User | None, path: str) -> bool:
    return any(path.startswith(prefix) for prefix in led_prefixes(actor))


def is_self(actor: User | None, person: Person) -> bool:
    return actor is not None and actor.is_authenticated and person.user_id == actor.pk


def person_unit_paths(person: Person) -> list[str]:
    """The units the person works in today (his positions' own units)."""
    return list(
        Position.objects.filter(valid_positions_q(today()), person=person).values_list(
            "unit__path", flat=True
        )
    )


def may_read_person(actor: User | None, person: Person) -> bool:
    if is_self(actor, person):
        return True
    prefixes = led_prefixes(actor)
    return bool(prefixes) and any(
        path.startswith(prefix) for path in person_unit_paths(person) for prefix in prefixes
    )
