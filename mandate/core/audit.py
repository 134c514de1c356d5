"""The audit trail: ``record`` is called by every service that writes; ``verify`` walks the chain.

Why a hash chain: the trail is evidence in inspections and discipline. The application can only
append; a change made directly in the database breaks the chain at that row. Why keyed: a plain
hash can be recomputed by whoever can write the database, so each entry's hash is an HMAC with a
key the database does not hold (``audit_keys``); the entries written before that keep their plain
SHA-256 (``scheme`` NULL) and are reported as such, never as keyed. The head is anchored outside
the database by checkpoints (``audit_anchor``). docs/adr/0021-keyed-anchored-audit-chain.md.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import connection, models, transaction
from django.utils import timezone

from mandate.core import audit_keys, request_context
from mandate.core.locks import lock_key
from mandate.core.models import AuditEntry, AuditPending, AuditSeal

GENESIS_HASH = "0" * 64
SCHEME_KEYED = 2  # HMAC-SHA256 with MANDATE_AUDIT_KEY; NULL is the plain SHA-256 of before


class Actor(Protocol):
    @property
    def pk(self) -> Any: ...

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


def legacy_hash(entry: AuditEntry, prev_hash: str) -> str:
    """The plain SHA-256 of the entries written before the chain was keyed (``scheme`` NULL)."""
    material = prev_hash + "\n" + canonical_json(_entry_payload(entry))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()


def keyed_entry_hash(entry: AuditEntry, key: bytes) -> str:
    """A keyed entry's own HMAC, of its content only: its place in the chain is its seal's. The
    material names the scheme, so it can never equal a plain entry's digest."""
    material = f"v{SCHEME_KEYED}-entry\n" + canonical_json(_entry_payload(entry))
    return hmac.new(key, material.encode("utf-8"), hashlib.sha256).hexdigest()


def seal_hash(*, seq: int, entry_id: int, entry_hash: str, prev_hash: str, key: bytes) -> str:
    material = f"v{SCHEME_KEYED}-seal\n{seq}\n{entry_id}\n{entry_hash}\n{prev_hash}"
    return hmac.new(key, material.encode("utf-8"), hashlib.sha256).hexdigest()


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
    """Append one entry. Call it inside the service's transaction, after the write succeeded.

    Why no lock here: the entry carries its own keyed hash, and its place in the chain is given
    after commit by ``seal_pending`` (on commit, and ``mandate audit seal`` for any left), so
    concurrent writers never wait for one another on the chain's head while their transactions
    are open. A rolled-back write leaves neither entry nor seal."""
    if target is not None:
        target_type = target._meta.label_lower
        target_id = str(target.pk)
        target_label = str(target)[:300]
    # The entry and its place in the queue commit together: with the caller's transaction when
    # there is one (no savepoint of its own: a failed insert fails the caller's write anyway).
    with transaction.atomic(savepoint=False):
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
            prev_hash="",
            scheme=SCHEME_KEYED,
        )
        entry.hash = keyed_entry_hash(entry, audit_keys.audit_key())
        entry.save()
        AuditPending.objects.create(entry=entry)
        transaction.on_commit(seal_after_commit, robust=True)
    return entry


SEAL_BATCH = 1000
# After a commit a writer seals at most twice: its own batch, and once more if entries arrived
# while it held the lock (a writer that found the lock taken left them to it). More rounds only
# made each write seal for everybody under load (bench/writes.py: p50 40 ms a write at 1M tasks).
SEAL_ROUNDS = 2


def seal_after_commit() -> None:
    """The on-commit hook of every ``record``: seal what is pending, without waiting for a
    sequencer that is already at work (it looks again after it finishes, see ``seal_pending``).

    Without waiting for the disk either (PostgreSQL's ``synchronous_commit`` off, for this
    transaction only): the write itself was committed durably before; if the server stops before
    the seal reaches the disk, the seal and the removal from the queue are lost together, and
    the entries are sealed again by the next writer. ``mandate audit checkpoint`` flushes before
    it reads the head it anchors (``flush_seals``)."""
    seal_pending(wait=False, durable=False)


def flush_seals() -> None:
    """Make every seal committed so far durable: a transaction with its own id commits
    synchronously, and PostgreSQL writes its log in order, so every earlier commit is on disk
    when it returns."""
    if connection.vendor != "postgresql":
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")


def seal_pending(*, wait: bool = True, rounds: int = SEAL_ROUNDS, durable: bool = True) -> int:
    """The sequencer: give every committed, unsealed entry its place in the chain, in the order
    found (entry id within a batch). Returns how many entries it sealed.

    One sequencer at a time (the "audit-chain" lock, held for the few milliseconds of a batch).
    Why no entry is left behind: a writer commits before it asks; if the lock is taken, the
    holder looks at the queue again after releasing it, and so sees that writer's entry. Rounds
    are bounded so that one writer never seals for everybody forever; what a busy moment leaves
    is sealed by the next write, or by ``mandate audit seal`` / ``checkpoint`` (cron)."""
    key = audit_keys.audit_key()
    sealed = 0
    for round_ in range(rounds):
        with transaction.atomic():
            if connection.vendor == "postgresql":
                batch, head = _claim_postgresql(wait=wait, durable=durable)
                if batch is None:
                    return sealed
            else:  # SQLite: the transaction's write lock is the sequencer's
                pending = AuditPending.objects.order_by("entry_id").values_list("entry_id", "entry__hash")
                batch, head = list(pending[:SEAL_BATCH]), _head()
            if not batch:
                return sealed
            sealed += _seal(batch, head, key)
        if round_ + 1 == rounds or not AuditPending.objects.exists():
            break
    return sealed


Batch = list[tuple[int, str]]  # (entry id, entry hash) in the order they are sealed
Head = tuple[int, str]  # (place, hash) of the chain's last seal


def _claim_postgresql(*, wait: bool, durable: bool) -> tuple[Batch | None, Head | None]:
    """The sequencer's lock, then the queue's first batch with the chain's head, in two round
    trips (a seal follows every write: its statements are part of a write's cost, ADR 0021).
    None: another sequencer holds the lock."""
    lock = "pg_advisory_xact_lock(%s)" if wait else "pg_try_advisory_xact_lock(%s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {lock}::text, set_config('synchronous_commit', %s, true)",
            [lock_key("audit-chain"), "on" if durable else "off"],
        )
        row = cursor.fetchone()
        if not wait and (row is None or row[0] != "true"):
            return None, None
        cursor.execute(
            "SELECT p.entry_id, e.hash, h.seq, h.hash FROM core_auditpending p"
            " JOIN core_auditentry e ON e.id = p.entry_id"
            " LEFT JOIN LATERAL (SELECT seq, hash FROM core_auditseal ORDER BY seq DESC LIMIT 1) h ON true"
            " ORDER BY p.entry_id LIMIT %s",
            [SEAL_BATCH],
        )
        rows = cursor.fetchall()
    if not rows:
        return [], None
    head = (rows[0][2], rows[0][3]) if rows[0][2] is not None else None
    return [(entry_id, entry_hash) for entry_id, entry_hash, _seq, _hash in rows], head


def _head() -> Head | None:
    return AuditSeal.objects.order_by("-seq").values_list("seq", "hash").first()


def _seal(batch: Batch, head: Head | None, key: bytes) -> int:
    """Seal (entry id, entry hash) pairs, in that order, after the chain's ``head``."""
    if head is None:  # the first seal continues the plain chain of the entries before (or genesis)
        legacy = AuditEntry.objects.filter(scheme__isnull=True).order_by("-id").values_list("hash", flat=True)
        seq, prev_hash = 0, legacy.first() or GENESIS_HASH
    else:
        seq, prev_hash = head
    now = timezone.now()
    seals = []
    for entry_id, entry_hash in batch:
        seq += 1
        digest = seal_hash(seq=seq, entry_id=entry_id, entry_hash=entry_hash, prev_hash=prev_hash, key=key)
        seals.append(AuditSeal(seq=seq, entry_id=entry_id, prev_hash=prev_hash, hash=digest, sealed_at=now))
        prev_hash = digest
    if connection.vendor == "postgresql":
        _store_seals_postgresql(seals)
    else:
        AuditSeal.objects.bulk_create(seals)
        AuditPending.objects.filter(entry_id__in=[entry_id for entry_id, _hash in batch]).delete()
    return len(seals)


def _store_seals_postgresql(seals: list[AuditSeal]) -> None:
    """The seals in, their entries out of the queue, in one statement (a data-modifying ``WITH``):
    one round trip less after every write (ADR 0021)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH gone AS (DELETE FROM core_auditpending WHERE entry_id = ANY(%s::bigint[]))"
            " INSERT INTO core_auditseal (seq, entry_id, prev_hash, hash, sealed_at)"
            " SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[],"
            " %s::timestamptz[])",
            [
                [seal.entry_id for seal in seals],
                [seal.seq for seal in seals],
                [seal.entry_id for seal in seals],
                [seal.prev_hash for seal in seals],
                [seal.hash for seal in seals],
                [seal.sealed_at for seal in seals],
            ],
        )


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose value changed, before and after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int  # entries whose content was checked against their hash
    broken_entry_id: int | None = None
    reason: str = ""
    legacy: int = 0  # entries of the plain, unkeyed scheme (written before the chain was keyed)
    unsealed: int = 0  # keyed entries not yet given a place in the chain (``seal_pending``)
    length: int = 0  # places in the chain: the plain entries, then the seals
    head_id: int | None = None  # the entry at the chain's head, and the head's hash
    head_hash: str = ""
    first_keyed_id: int | None = None
    hashes_at: dict[int, tuple[str, int]] = field(default_factory=dict)  # id -> (hash, place)


class _Broken(Exception):
    def __init__(self, entry_id: int, reason: str) -> None:
        super().__init__(reason)
        self.entry_id, self.reason = entry_id, reason


def verify(*, chunk_size: int = 5000, remember: frozenset[int] = frozenset()) -> VerifyResult:
    """Check every entry's hash, the plain chain of the old entries, then the chain of seals;
    report the first entry that is wrong.

    An unkeyed entry after a keyed one is refused: that is what a rewrite without the key looks
    like (the old, plain scheme recomputed from some row onward). ``remember`` asks for the hash
    and place of some entries (the checkpoints' heads) for ``audit_anchor``."""
    key = audit_keys.audit_key()
    tally: dict[str, Any] = {"checked": 0, "legacy": 0, "unsealed": 0, "first_keyed": None, "seen": {}}
    try:
        prev_hash = _verify_entries(key, chunk_size, remember, tally)
        head_id, head_hash, length = _verify_seals(key, chunk_size, remember, tally, prev_hash)
    except _Broken as broken:
        return VerifyResult(
            False, tally["checked"], broken.entry_id, broken.reason, tally["legacy"], tally["unsealed"],
            first_keyed_id=tally["first_keyed"], hashes_at=tally["seen"],
        )  # fmt: skip
    return VerifyResult(
        True, tally["checked"], None, "", tally["legacy"], tally["unsealed"], length, head_id, head_hash,
        tally["first_keyed"], tally["seen"],
    )  # fmt: skip


def _verify_entries(key: bytes, chunk_size: int, remember: frozenset[int], tally: dict[str, Any]) -> str:
    """Each entry in id order; returns the head of the plain chain (where the seals continue)."""
    prev_hash = GENESIS_HASH
    entries = AuditEntry.objects.order_by("id").annotate(seal_seq=models.F("seal__seq"))
    for entry in entries.iterator(chunk_size=chunk_size):
        if entry.scheme is None:
            if tally["first_keyed"] is not None:
                raise _Broken(entry.pk, f"an unkeyed entry after keyed ones (from #{tally['first_keyed']})")
            if entry.prev_hash != prev_hash:
                raise _Broken(entry.pk, "link to the previous entry is broken")
            if legacy_hash(entry, prev_hash) != entry.hash:
                raise _Broken(entry.pk, "content does not match its hash")
            prev_hash = entry.hash
            tally["legacy"] += 1
            if entry.pk in remember:
                tally["seen"][entry.pk] = (entry.hash, tally["legacy"])
        elif entry.scheme == SCHEME_KEYED:
            tally["first_keyed"] = tally["first_keyed"] or entry.pk
            if not hmac.compare_digest(keyed_entry_hash(entry, key), entry.hash):
                raise _Broken(
                    entry.pk, "content does not match its keyed hash (changed, or forged without the key)"
                )
            tally["unsealed"] += entry.seal_seq is None
        else:
            raise _Broken(entry.pk, f"unknown hash scheme {entry.scheme}")
        tally["checked"] += 1
    return prev_hash


def _verify_seals(
    key: bytes, chunk_size: int, remember: frozenset[int], tally: dict[str, Any], prev_hash: str
) -> tuple[int | None, str, int]:
    """The seals in order: no gap, each linked to the one before, each keyed over its entry."""
    legacy = tally["legacy"]
    head_id: int | None = None
    if legacy:
        head_id = (
            AuditEntry.objects.filter(scheme__isnull=True)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
        )
    expected = 1
    seals = AuditSeal.objects.order_by("seq").values_list(
        "seq", "entry_id", "prev_hash", "hash", "entry__hash"
    )
    for seq, entry_id, seal_prev, digest, entry_hash in seals.iterator(chunk_size=chunk_size):
        if seq != expected:
            raise _Broken(entry_id, f"the chain's places {expected}–{seq - 1} are missing before this entry")
        if seal_prev != prev_hash:
            raise _Broken(entry_id, "link to the previous entry is broken")
        wanted = seal_hash(seq=seq, entry_id=entry_id, entry_hash=entry_hash, prev_hash=prev_hash, key=key)
        if not hmac.compare_digest(wanted, digest):
            raise _Broken(entry_id, "its place in the chain does not match its keyed seal (forged or moved)")
        prev_hash, head_id, expected = digest, entry_id, expected + 1
        if entry_id in remember:
            tally["seen"][entry_id] = (digest, legacy + seq)
    return head_id, (prev_hash if head_id is not None else ""), legacy + expected - 1


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
