"""Checkpoints: the head of the audit chain written outside the database, signed, and e-mailed.

Why: a chain inside the database cannot tell that its newest entries were cut off, nor, if the
whole chain could be recomputed, that it was. A checkpoint names the last entry (id, hash, how
many entries up to it, when) and is signed with a key derived from the audit key, in a folder
the database does not hold (``MANDATE_AUDIT_CHECKPOINT_DIR``) and in a mailbox
(``MANDATE_AUDIT_CHECKPOINT_EMAIL``). ``verify_trail`` checks the chain, then that the latest
checkpoint's entry is still there with the same hash at the same position. Entries written after
the last checkpoint are protected by the key only: a cut of those is not detectable.
docs/adr/0021-keyed-anchored-audit-chain.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from mandate.core import audit, audit_keys

FORMAT_VERSION = 1
FILE_PREFIX = "audit-checkpoint-"


class CheckpointError(Exception):
    """A checkpoint cannot be written (the chain is broken) or a checkpoint file is not genuine."""


@dataclass(frozen=True)
class Checkpoint:
    entry_id: int
    entry_hash: str
    count: int  # entries in the chain up to and including entry_id
    first_keyed_id: int | None
    at: str  # ISO 8601, UTC
    version: int = FORMAT_VERSION

    def body(self) -> dict[str, object]:
        return asdict(self)


def _signature(body: dict[str, object]) -> str:
    material = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hmac.new(audit_keys.checkpoint_key(), material, hashlib.sha256).hexdigest()


def _read(path: Path) -> Checkpoint:
    """A checkpoint file, its signature checked; a file that fails is refused, never skipped."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        signature = str(data.pop("signature"))
        checkpoint = Checkpoint(**data)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"checkpoint file {path.name} cannot be read: {error}") from error
    if not hmac.compare_digest(signature, _signature(checkpoint.body())):
        raise CheckpointError(
            f"checkpoint file {path.name} has an invalid signature "
            "(forged, edited, or signed with another key)"
        )
    return checkpoint


def latest_checkpoint(folder: Path | None = None) -> Checkpoint | None:
    """The checkpoint with the highest entry id in the folder (every file's signature checked)."""
    folder = folder or audit_keys.checkpoint_dir()
    if not folder.is_dir():
        return None
    found = [_read(path) for path in sorted(folder.glob(f"{FILE_PREFIX}*.json"))]
    return max(found, key=lambda c: (c.entry_id, c.at), default=None)


@dataclass(frozen=True)
class CheckpointWritten:
    checkpoint: Checkpoint
    path: Path
    mailed_to: list[str]


def write_checkpoint(*, now: dt.datetime | None = None) -> CheckpointWritten:
    """Verify the chain, then write its head as a signed file and mail it.

    Why verify first: signing the head of a chain that is already broken would bless the break.
    Why the full walk rather than from the last checkpoint: the walk also proves that the previous
    checkpoint still holds (``verify_trail``), and it is one sequential read a day. What is
    committed but not yet sealed is sealed first, so the checkpoint covers it."""
    audit.seal_pending(wait=True, rounds=100)
    audit.flush_seals()  # the head anchored below is on disk, not only committed
    result = verify_trail()
    if not result.ok:
        raise CheckpointError(
            f"the audit trail is broken at entry #{result.broken_entry_id}: {result.reason}"
        )
    if result.chain.head_id is None:
        raise CheckpointError("the audit trail is empty: nothing to checkpoint")
    moment = (now or timezone.now()).astimezone(dt.UTC)
    checkpoint = Checkpoint(
        entry_id=result.chain.head_id,
        entry_hash=result.chain.head_hash,
        count=result.chain.length,
        first_keyed_id=result.chain.first_keyed_id,
        at=moment.isoformat(timespec="seconds"),
    )
    body = checkpoint.body()
    text = json.dumps({**body, "signature": _signature(body)}, indent=2, sort_keys=True) + "\n"
    folder = audit_keys.checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{FILE_PREFIX}{moment:%Y%m%dT%H%M%SZ}-{checkpoint.entry_id}.json"
    path.write_text(text, encoding="utf-8")
    recipients = list(getattr(settings, "MANDATE_AUDIT_CHECKPOINT_EMAIL", []) or [])
    if recipients:
        send_mail(
            subject=f"[Mandate] audit checkpoint #{checkpoint.entry_id} ({checkpoint.at})",
            message=(
                "Keep this message: it anchors the audit trail outside the database.\n"
                "`mandate audit verify` checks the trail against the latest checkpoint file;\n"
                "compare this one with the file if the server itself is in doubt.\n\n" + text
            ),
            from_email=None,
            recipient_list=recipients,
        )
    return CheckpointWritten(checkpoint=checkpoint, path=path, mailed_to=recipients)


@dataclass(frozen=True)
class TrailResult:
    ok: bool
    chain: audit.VerifyResult
    checkpoint: Checkpoint | None
    broken_entry_id: int | None = None
    reason: str = ""
    after_checkpoint: int = 0  # entries after the last checkpoint (unsealed ones included): the key only


def verify_trail() -> TrailResult:
    """The chain (links, keyed hashes) and the latest checkpoint: its entry must be there with the
    same hash, at the same position, and keyed from the same entry on."""
    try:
        checkpoint = latest_checkpoint()
    except CheckpointError as error:
        return TrailResult(False, audit.verify(), None, None, str(error))
    remember = frozenset({checkpoint.entry_id}) if checkpoint else frozenset()
    chain = audit.verify(remember=remember)
    if not chain.ok:
        return TrailResult(False, chain, checkpoint, chain.broken_entry_id, chain.reason)
    if checkpoint is None:
        return TrailResult(True, chain, None, after_checkpoint=chain.length + chain.unsealed)
    seen = chain.hashes_at.get(checkpoint.entry_id)
    if seen is None:
        reason = (
            f"the checkpointed entry #{checkpoint.entry_id} of {checkpoint.at} is missing: "
            f"the trail was cut (its chain now ends at #{chain.head_id}, {chain.length} places; the "
            f"checkpoint counted {checkpoint.count})"
        )
        return TrailResult(False, chain, checkpoint, checkpoint.entry_id, reason)
    entry_hash, position = seen
    if not hmac.compare_digest(entry_hash, checkpoint.entry_hash):
        reason = (
            f"entry #{checkpoint.entry_id} no longer has the hash its checkpoint of {checkpoint.at} recorded"
        )
        return TrailResult(False, chain, checkpoint, checkpoint.entry_id, reason)
    if position != checkpoint.count:
        reason = (
            f"{checkpoint.count} entries led to #{checkpoint.entry_id} at its checkpoint of {checkpoint.at}, "
            f"now {position}: entries before it were removed or inserted"
        )
        return TrailResult(False, chain, checkpoint, checkpoint.entry_id, reason)
    if checkpoint.first_keyed_id is not None and chain.first_keyed_id != checkpoint.first_keyed_id:
        reason = (
            f"the chain was keyed from #{checkpoint.first_keyed_id} at the checkpoint, "
            f"now from #{chain.first_keyed_id}"
        )
        return TrailResult(False, chain, checkpoint, chain.first_keyed_id, reason)
    return TrailResult(True, chain, checkpoint, after_checkpoint=chain.length - position + chain.unsealed)
