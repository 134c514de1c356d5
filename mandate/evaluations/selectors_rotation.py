"""Who holds a sensitive post, since when, and when he is due to rotate (issue 14, item 5; ADR 0055).

The time in a post is read from the position history (``people.Position``), never stored: a holder's
tenure starts with the earliest of his positions with the post's title in the post's unit that
join without a gap (one ending the day before the next starts, or overlapping it) up to the day
asked about. A due date is the tenure's start plus the post's period in calendar months.

Readers (``readers_q``): a leader reads the holders of the posts in the units he works in; anyone reads his
own row; the rest do not exist. Another person's rows read are logged (``core.access_log``).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q

from mandate.core import access_log
from mandate.evaluations.models import RotationDeferral, RotationPlan, RotationSector, SensitivePost
from mandate.evaluations.models.rotation import DeferralReason
from mandate.people.enums import Role
from mandate.people.models import Person, Position, User
from mandate.people.scopes import NOTHING, Scope, membership
from mandate.people.selectors import valid_positions_q

Span = tuple[dt.date, dt.date | None]


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def whole_months(start: dt.date, on: dt.date) -> int:
    """Whole calendar months from ``start`` to ``on`` (0 before a month is complete)."""
    months = (on.year - start.year) * 12 + on.month - start.month
    if months > 0 and add_months(start, months) > on:
        months -= 1
    return max(months, 0)


def tenure_start(spans: Iterable[Span], on: dt.date) -> dt.date | None:
    """The start of the unbroken run of ``spans`` (start, end or None) that holds ``on``; None if
    none holds it. Spans that start after ``on`` are ignored: history as recorded by then."""
    ordered = sorted((s, e) for s, e in spans if s <= on)
    run_start: dt.date | None = None
    run_end: dt.date | None = None
    for start, end in ordered:
        joined = run_start is not None and (run_end is None or start <= run_end + dt.timedelta(days=1))
        if joined:
            run_end = None if run_end is None or end is None else max(run_end, end)
        else:
            run_start, run_end = start, end
    if run_start is None or (run_end is not None and run_end < on):
        return None
    return run_start


@dataclass(frozen=True)
class RotationRow:
    post: SensitivePost
    position: Position
    person: Person
    since: dt.date
    months_held: int
    due_on: dt.date
    deferral: RotationDeferral | None

    @property
    def status(self) -> str:
        if self.deferral is not None:
            return "exempt" if self.deferral.reason == DeferralReason.RETIREMENT else "deferred"
        return "due"


def leader_scope(actor: User | None) -> Scope:
    """The units a leader *works in* (``scopes.membership``), with their subtrees: his unit's
    people, not every unit his position follows (the city office's chief reads the city's tasks,
    not its officials' personal records). The system administrator's account is no leader of
    anyone's: it reads no evaluation (issue 14, item 7: "nobody else's")."""
    scope = membership(actor)
    if scope.everything:
        return NOTHING
    return Scope(everything=False, grants=tuple(g for g in scope.grants if g.role == Role.LEADER))


def readers_q(actor: User | None, *, unit: str, person: str) -> Q:
    """Rows about a person in a unit: the leaders over the unit read them, the person his own."""
    if actor is None or not actor.is_authenticated:
        return Q(pk__in=[])
    return leader_scope(actor).q(f"{unit}__path") | Q(**{f"{person}__user": actor})


def sector_list() -> list[RotationSector]:
    return list(RotationSector.objects.order_by("code"))


def post_list_visible(*, actor: User) -> list[SensitivePost]:
    return list(
        SensitivePost.objects.filter(leader_scope(actor).q("unit__path"), withdrawn_at__isnull=True)
        .select_related("unit", "sector")
        .order_by("unit__path", "title")
    )


def _spans_by_person(
    posts: Sequence[SensitivePost], people: Iterable[int]
) -> dict[tuple[int, int], list[Span]]:
    spans: dict[tuple[int, int], list[Span]] = {}
    keys = {(p.unit_id, p.title.casefold()): p.pk for p in posts}
    rows = Position.objects.filter(person_id__in=list(people), unit_id__in={p.unit_id for p in posts})
    for position in rows.only("person_id", "unit_id", "title", "valid_from", "valid_to"):
        post_id = keys.get((position.unit_id, position.title.casefold()))
        if post_id is not None:
            spans.setdefault((post_id, position.person_id), []).append(
                (position.valid_from, position.valid_to)
            )
    return spans


def rotation_rows(*, actor: User, on: dt.date, within_months: int | None = None) -> list[RotationRow]:
    """The holders on ``on`` of the sensitive posts the actor may read, with their tenure and due
    date; ``within_months`` keeps those due by then (overdue included). Sorted by due date."""
    posts = list(
        SensitivePost.objects.filter(withdrawn_at__isnull=True, flagged_on__lte=on).select_related(
            "unit", "sector"
        )
    )
    by_key = {(p.unit_id, p.title.casefold()): p for p in posts}
    holders = [
        position
        for position in Position.objects.filter(valid_positions_q(on), unit_id__in={p.unit_id for p in posts})
        .filter(readers_q(actor, unit="unit", person="person"))
        .select_related("person", "unit")
        if (position.unit_id, position.title.casefold()) in by_key
    ]
    spans = _spans_by_person(posts, {h.person_id for h in holders})
    deferrals: dict[tuple[int, int], RotationDeferral] = {}
    for deferral in RotationDeferral.objects.filter(
        withdrawn_at__isnull=True,
        starts_on__lte=on,
        ends_on__gte=on,
        person_id__in={h.person_id for h in holders},
    ).order_by("ends_on"):
        deferrals.setdefault((deferral.post_id, deferral.person_id), deferral)
    limit = add_months(on, within_months) if within_months is not None else None
    rows: list[RotationRow] = []
    for holder in holders:
        post = by_key[(holder.unit_id, holder.title.casefold())]
        since = tenure_start(spans.get((post.pk, holder.person_id), []), on) or holder.valid_from
        due_on = add_months(since, post.period_months)
        if limit is not None and due_on > limit:
            continue
        rows.append(
            RotationRow(
                post=post,
                position=holder,
                person=holder.person,
                since=since,
                months_held=whole_months(since, on),
                due_on=due_on,
                deferral=deferrals.get((post.pk, holder.person_id)),
            )
        )
    rows.sort(key=lambda r: (r.due_on, r.person.full_name, r.person.pk))
    return rows


def log_rows(*, actor: User, rows: Iterable[RotationRow], purpose: str) -> None:
    """The rows about other people actually sent, into the access log (one INSERT)."""
    others = [r.person.pk for r in rows if r.person.user_id != actor.pk]
    access_log.record_reads(actor=actor, record_type=Person, record_ids=others, purpose=purpose)


def deferral_list_visible(*, actor: User) -> list[RotationDeferral]:
    return list(
        RotationDeferral.objects.filter(readers_q(actor, unit="post__unit", person="person"))
        .select_related("post__unit", "person")
        .order_by("-starts_on", "id")
    )


def plan_list_visible(*, actor: User) -> list[RotationPlan]:
    return list(RotationPlan.objects.filter(leader_scope(actor).q("unit__path")).select_related("unit"))
