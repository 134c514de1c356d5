"""The audit trail: ``record`` is called by every service that writes; ``verify`` walks the chain.

Why a hash chain: the trail is evidence in inspections and discipline. The application can only
append; a change made directly in the database breaks the chain at that row.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import models, transaction
from django.utils import timezone

from mandate.core import request_context
from mandate.core.locks import lock_for_transaction
from mandate.core.models import AuditEntry

GENESIS_HASH = "0" * 64


class Actor(Protocol):
    pk: Any

    def get_username(self) -> str: ...


def _json_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_json_value(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return value.name or None
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of ``fields`` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = _json_value(getattr(obj, attname))
    return data


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _entry_payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "before": entry.before,
        "after": entry.after,
        "request_id": entry.request_id,
        "ip_address": entry.ip_address,
    }


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    material = prev_hash + "\n" + canonical_json(_entry_payload(entry))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def record(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    actor_label: str = "",
) -> AuditEntry:
    """Append one entry. Call it inside the service's transaction, after the write succeeded."""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_label = str(target)[:300]
    with transaction.atomic():
        lock_for_transaction("audit-chain")
        prev_hash = AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or GENESIS_HASH
        now = timezone.now()
        entry = AuditEntry(
            at=now,
            actor_id=actor.pk if actor is not None else None,
            actor_label=actor.get_username() if actor is not None else (actor_label or "system"),
            action=action,
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            # Round-trip through JSON so the stored value is exactly the hashed one.
            before=json.loads(canonical_json(_json_value(before))) if before is not None else None,
            after=json.loads(canonical_json(_json_value(after))) if after is not None else None,
            request_id=request_context.request_id.get(),
            ip_address=request_context.client_ip.get(),
            prev_hash=prev_hash,
        )
        entry.hash = entry_hash(entry, prev_hash)
        entry.save()
    return entry


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value changed, before and after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    broken_entry_id: int | None = None
    reason: str = ""


def verify(*, chunk_size: int = 5000) -> VerifyResult:
    """Walk the whole chain in id order; report the first entry whose hash or link is wrong."""
    prev_hash = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, checked, entry.pk, "link to the previous entry is broken")
        if entry_hash(entry, prev_hash) != entry.hash:
            return VerifyResult(False, checked, entry.pk, "content does not match its hash")
        prev_hash = entry.hash
        checked += 1
    return VerifyResult(True, checked)


def entry_list(*, filters: Mapping[str, str]) -> models.QuerySet[AuditEntry]:
    """Newest first, narrowed by exact action, target type and target id."""
    entries = AuditEntry.objects.order_by("-id")
    for name in ("action", "target_type", "target_id"):
        if filters.get(name):
            entries = entries.filter(**{name: filters[name]})
    return entries


@dataclass(frozen=True)
class LastChange:
    actor_label: str
    at: dt.datetime


def last_change(*, target: models.Model) -> LastChange | None:
    row = (
        AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .order_by("-id")
        .values_list("actor_label", "at")
        .first()
    )
    return LastChange(actor_label=row[0], at=row[1]) if row else None
