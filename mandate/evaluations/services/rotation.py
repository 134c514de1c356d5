"""The rotation records' writes (issue 14, item 5; ADR 0055): each asks ``policy_rotation`` (or,
for a move, ``people.moves``), validates, writes and is audited; nothing is deleted (a post or a
deferral is withdrawn).

Sectors are data (``data/rotation_sectors.yaml``), loaded by a validating loader that refuses the
whole file on any wrong row and says where: a period outside 2–5 years, a missing name, a file not
marked as an example while it has no official source.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mandate.core import audit
from mandate.core.exceptions import ApplicationError, InvalidStateError, Message
from mandate.evaluations import policy_rotation as policy
from mandate.evaluations.models import (
    RotationDeferral,
    RotationMove,
    RotationPlan,
    RotationSector,
    SensitivePost,
)
from mandate.evaluations.models.rotation import (
    MAX_PERIOD_MONTHS,
    MIN_PERIOD_MONTHS,
    DeferralReason,
    PlanState,
)
from mandate.evaluations.selectors_rotation import add_months
from mandate.organisations.models import OrgUnit
from mandate.people import moves
from mandate.people.models import Person, Position, User

SECTORS_FILE = Path(__file__).resolve().parents[1] / "data" / "rotation_sectors.yaml"
RETIREMENT_MONTHS = 18  # Decree 59/2019 Art. 38: not rotated within 18 months of retirement


def _period_error(months: Any) -> str:
    if not isinstance(months, int) or not MIN_PERIOD_MONTHS <= months <= MAX_PERIOD_MONTHS:
        return _("The period is from 24 to 60 months (2 to 5 years).")
    return ""


def _sector_rows(data: Any) -> list[dict[str, Any]]:
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("sectors"), list)
        or not str(data.get("source", "")).strip()
    ):
        raise ApplicationError(_("The file names its source and lists its sectors."))
    if data.get("is_example") is not True and "to verify" not in str(data["source"]):
        raise ApplicationError(
            _("A list without an official source is marked as an example (is_example: true).")
        )
    problems: dict[str, list[Message]] = {}
    rows = []
    for number, row in enumerate(data["sectors"], start=1):
        if not isinstance(row, dict):
            problems[f"sectors.{number}"] = [_("A sector is a mapping.")]
            continue
        errors: list[Message] = [e for e in (_period_error(row.get("period_months")),) if e]
        if not str(row.get("code", "")).strip() or not str(row.get("name", "")).strip():
            errors.append(_("A sector has a code and a name."))
        if set(row) - {"code", "name", "name_en", "period_months", "note"}:
            errors.append(
                _("Unknown fields: %(f)s.")
                % {"f": ", ".join(sorted(set(row) - {"code", "name", "name_en", "period_months", "note"}))}
            )
        if errors:
            problems[f"sectors.{number}"] = errors
        rows.append(row)
    if problems:
        raise ApplicationError(_("The sectors file is not valid; nothing was loaded."), fields=problems)
    return rows


@transaction.atomic
def sectors_load(*, actor: User | None, path: Path = SECTORS_FILE) -> list[RotationSector]:
    """Load (or update in place, by code) the sectors of a file; all or nothing."""
    policy.require_sector_loader(actor)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = _sector_rows(data)
    loaded = []
    for row in rows:
        sector, _created = RotationSector.objects.update_or_create(
            code=str(row["code"]).strip(),
            defaults={
                "name": str(row["name"]).strip(),
                "name_en": str(row.get("name_en", "")).strip(),
                "period_months": row["period_months"],
                "is_example": data.get("is_example") is True,
                "source": str(data["source"]).strip()[:300],
                "note": str(row.get("note", "")).strip(),
            },
        )
        loaded.append(sector)
    audit.record(
        actor=actor,
        action="evaluations.rotation_sectors_load",
        target_type="evaluations.rotationsector",
        target_id=path.name,
        after={"file": path.name, "codes": [s.code for s in loaded]},
    )
    return loaded


@transaction.atomic
def post_flag(
    *,
    actor: User | None,
    unit: OrgUnit,
    title: str,
    sector: RotationSector,
    on: dt.date,
    period_months: int | None = None,
) -> SensitivePost:
    """Flag a post (a title in a unit) as sensitive; its period is the sector's unless given."""
    policy.require_writer(actor, unit)
    months = period_months if period_months is not None else sector.period_months
    errors: dict[str, list[Message]] = {}
    if _period_error(months):
        errors["period_months"] = [_period_error(months)]
    if not title.strip():
        errors["title"] = [_("Required.")]
    if SensitivePost.objects.filter(
        unit=unit, title__iexact=title.strip(), withdrawn_at__isnull=True
    ).exists():
        errors["title"] = [_("This post is already flagged.")]
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)
    post = SensitivePost.objects.create(
        unit=unit, title=title.strip(), sector=sector, period_months=months, flagged_on=on, flagged_by=actor
    )
    audit.record(
        actor=actor,
        action="evaluations.rotation_post_flag",
        target=post,
        after=audit.snapshot(post, ["unit", "title", "sector", "period_months", "flagged_on"]),
    )
    return post


@transaction.atomic
def deferral_record(
    *,
    actor: User | None,
    post: SensitivePost,
    person: Person,
    reason: str,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
) -> RotationDeferral:
    """Record why a holder is not rotated now, until when. Retirement exempts only within 18
    months of the retirement date (``ends_on``); the other reasons defer."""
    policy.require_writer(actor, post.unit)
    errors: dict[str, list[Message]] = {}
    if reason not in DeferralReason.values:
        errors["reason"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(DeferralReason.values)}]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The end is before the start.")]
    elif reason == DeferralReason.RETIREMENT and ends_on >= add_months(starts_on, RETIREMENT_MONTHS):
        errors["ends_on"] = [_("Retirement exempts only within 18 months of the retirement date.")]
    if reason != DeferralReason.RETIREMENT and not note.strip():
        errors["note"] = [_("Say what the deferral rests on (a decision, a certificate).")]
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)
    deferral = RotationDeferral.objects.create(
        post=post, person=person, reason=reason, note=note.strip(), starts_on=starts_on, ends_on=ends_on,
        recorded_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor,
        action="evaluations.rotation_deferral_record",
        target=deferral,
        after=audit.snapshot(deferral, ["post", "person", "reason", "note", "starts_on", "ends_on"]),
    )
    return deferral


@transaction.atomic
def plan_create(*, actor: User | None, unit: OrgUnit, year: int, title: str) -> RotationPlan:
    policy.require_writer(actor, unit)
    if not title.strip():
        raise ApplicationError(_("Some values are not valid."), fields={"title": [_("Required.")]})
    plan = RotationPlan.objects.create(unit=unit, year=year, title=title.strip(), created_by=actor)
    audit.record(
        actor=actor, action="evaluations.rotation_plan_create", target=plan,
        after=audit.snapshot(plan, ["unit", "year", "title"]),
    )  # fmt: skip
    return plan


@transaction.atomic
def plan_move_add(
    *,
    actor: User | None,
    plan: RotationPlan,
    position: Position,
    to_unit: OrgUnit,
    to_title: str,
    move_on: dt.date,
) -> RotationMove:
    """A move of the plan; only while the plan is a draft, and within the plan's agency."""
    plan = RotationPlan.objects.select_for_update().get(pk=plan.pk)
    policy.require_writer(actor, plan.unit)
    if plan.state != PlanState.DRAFT:
        raise InvalidStateError(_("The plan is published: its moves no longer change."))
    errors: dict[str, list[Message]] = {}
    if not position.unit.path.startswith(plan.unit.path) or not to_unit.path.startswith(plan.unit.path):
        errors["position"] = [_("Both positions are within the plan's agency.")]
    if not to_title.strip():
        errors["to_title"] = [_("Required.")]
    if errors:
        raise ApplicationError(_("Some values are not valid."), fields=errors)
    move = RotationMove.objects.create(
        plan=plan, position=position, to_unit=to_unit, to_title=to_title.strip(), move_on=move_on
    )
    audit.record(
        actor=actor, action="evaluations.rotation_move_add", target=move,
        after=audit.snapshot(move, ["plan", "position", "to_unit", "to_title", "move_on"]),
    )  # fmt: skip
    return move


@transaction.atomic
def plan_publish(*, actor: User | None, plan: RotationPlan, on: dt.date) -> RotationPlan:
    """Rotation is planned and published inside the agency before it is carried out (R8)."""
    plan = RotationPlan.objects.select_for_update().get(pk=plan.pk)
    policy.require_writer(actor, plan.unit)
    if plan.state != PlanState.DRAFT:
        raise InvalidStateError(_("The plan is already published."))
    plan.state, plan.published_on = PlanState.PUBLISHED, on
    plan.version += 1
    plan.save(update_fields=["state", "published_on", "version", "updated_at"])
    audit.record(
        actor=actor, action="evaluations.rotation_plan_publish", target=plan,
        before={"state": PlanState.DRAFT}, after={"state": plan.state, "published_on": on.isoformat()},
    )  # fmt: skip
    return plan


@transaction.atomic
def move_carry_out(*, actor: User | None, move: RotationMove) -> RotationMove:
    """The move becomes a position change in ``mandate.people`` (which asks who may move)."""
    move = (
        RotationMove.objects.select_for_update()
        .select_related("plan", "position__unit", "to_unit")
        .get(pk=move.pk)
    )
    if move.plan.state != PlanState.PUBLISHED:
        raise InvalidStateError(_("A move is carried out once its plan is published."))
    if move.new_position_id is not None:
        raise InvalidStateError(_("The move was already carried out."))
    new = moves.position_move(
        actor=actor,
        position=move.position,
        unit=move.to_unit,
        title=move.to_title,
        on=move.move_on,
        basis=_("Rotation plan “%(title)s”") % {"title": move.plan.title},
    )
    move.new_position, move.carried_out_at = new, timezone.now()
    move.version += 1
    move.save(update_fields=["new_position", "carried_out_at", "version", "updated_at"])
    audit.record(
        actor=actor, action="evaluations.rotation_move_carry_out", target=move, after={"new_position": new.pk}
    )
    return move
