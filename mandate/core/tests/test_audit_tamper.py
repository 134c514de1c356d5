"""The intruder with SQL access (issue 9, section 3): each attack is refused by the database or
named by ``verify``. Each test says whether it failed on the code before the keyed, sealed and
anchored chain (docs/adr/0021-keyed-anchored-audit-chain.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from mandate.core import audit, audit_anchor
from mandate.core.models import AuditEntry, AuditSeal
from mandate.core.tests.intruder import lift_guards, restore_guards

COLUMNS = (
    "at", "actor_id", "actor_label", "action", "target_type", "target_id", "target_label", "before", "after",
    "request_id", "ip_address",
)  # fmt: skip


@pytest.fixture
def checkpoints(settings: Any, tmp_path: Any) -> Any:
    settings.MANDATE_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.MANDATE_AUDIT_CHECKPOINT_DIR


@pytest.fixture
def sealed_cast(cast: Any, checkpoints: Any) -> Any:
    """The cast's writes, sealed into the chain (tests roll back, so no commit hook ran)."""
    audit.seal_pending()
    assert audit.verify().ok
    return cast


def _plain_sha256(entry: AuditEntry, prev_hash: str) -> str:
    """What the code before computed, and what anyone can compute without the key."""
    return audit.legacy_hash(entry, prev_hash)


def _as_intruder(statements: list[tuple[str, list[Any]]]) -> None:
    lift_guards()
    try:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
    finally:
        restore_guards()


def _assert_named(entry_id: int) -> None:
    result = audit_anchor.verify_trail()
    assert not result.ok
    assert result.broken_entry_id == entry_id, result.reason
    with pytest.raises(CommandError, match=f"#{entry_id}\\b"):
        call_command("audit", "verify")


@pytest.mark.parametrize("downgrade", [False, True], ids=["same-scheme", "marked-unkeyed"])
def test_a_row_rewritten_with_every_hash_after_it_recomputed_is_named(
    sealed_cast: Any, downgrade: bool
) -> None:
    """Failed before: the plain SHA-256 chain recomputed from the victim onward passed ``verify``."""
    entries = list(AuditEntry.objects.order_by("id"))
    victim = entries[5]
    victim.target_label = "forged"
    prev_hash = entries[4].hash if not downgrade else audit.GENESIS_HASH
    statements = []
    for entry in entries[5:]:
        entry.scheme = None if downgrade else entry.scheme
        digest = _plain_sha256(entry, prev_hash)
        statements.append((
            "UPDATE core_auditentry SET target_label = %s, prev_hash = %s, hash = %s, scheme = %s "
            "WHERE id = %s",
            [entry.target_label, prev_hash, digest, entry.scheme, entry.pk],
        ))  # fmt: skip
        prev_hash = digest

    _as_intruder(statements)

    _assert_named(victim.pk)


def test_cutting_the_tail_across_a_checkpoint_is_named(sealed_cast: Any) -> None:
    """Failed before: a trail cut at its end passed ``verify`` (nothing anchored the head)."""
    written = audit_anchor.write_checkpoint()
    head = written.checkpoint.entry_id
    keep = AuditEntry.objects.filter(pk__lt=head).order_by("-id").values_list("id", flat=True)[2]

    _as_intruder([
        ("DELETE FROM core_auditseal WHERE entry_id > %s", [keep]),
        ("DELETE FROM core_auditpending WHERE entry_id > %s", [keep]),
        ("DELETE FROM core_auditentry WHERE id > %s", [keep]),
    ])  # fmt: skip

    assert audit.verify().ok  # the chain alone cannot tell
    _assert_named(head)


def test_a_forged_entry_appended_at_the_end_is_named(sealed_cast: Any) -> None:
    """Failed before: an entry appended with the plain SHA-256 of the head passed ``verify``."""
    head = AuditEntry.objects.order_by("-id").first()
    assert head is not None
    last_seal = AuditSeal.objects.order_by("-seq").first()
    assert last_seal is not None
    forged = AuditEntry(
        at=dt.datetime.now(dt.UTC), actor_label="dung", action="tasks.accept", target_type="tasks.task",
        target_id="1", target_label="forged", before=None, after={"status": "accepted"}, request_id="",
        ip_address="", prev_hash=head.hash, scheme=audit.SCHEME_KEYED,
    )  # fmt: skip
    forged.hash = _plain_sha256(forged, head.hash)
    values = [getattr(forged, c) for c in COLUMNS]
    values = [
        json.dumps(v) if c in ("before", "after") and v is not None else v
        for c, v in zip(COLUMNS, values, strict=True)
    ]
    columns = ", ".join((*COLUMNS, "prev_hash", "hash", "scheme"))
    marks = ", ".join(["%s"] * (len(COLUMNS) + 3))
    with connection.cursor() as cursor:  # an INSERT needs no lifted guard
        cursor.execute(
            f"INSERT INTO core_auditentry ({columns}) VALUES ({marks})",  # noqa: S608 - fixed column names
            [*values, forged.prev_hash, forged.hash, forged.scheme],
        )
        cursor.execute("SELECT max(id) FROM core_auditentry")
        forged_id = cursor.fetchone()[0]
        seal = hashlib.sha256(f"{last_seal.hash}{forged_id}".encode()).hexdigest()
        cursor.execute(
            "INSERT INTO core_auditseal (seq, entry_id, prev_hash, hash, sealed_at) "
            "VALUES (%s, %s, %s, %s, %s)",
            [last_seal.seq + 1, forged_id, last_seal.hash, seal, dt.datetime.now(dt.UTC)],
        )

    _assert_named(forged_id)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
@pytest.mark.parametrize("verb", ["INSERT OR REPLACE", "REPLACE"])
def test_sqlite_refuses_an_insert_that_replaces_an_entry(sealed_cast: Any, verb: str) -> None:
    """Failed before: INSERT OR REPLACE deleted the row without firing the DELETE trigger."""
    victim = AuditEntry.objects.order_by("id")[3]
    columns = ", ".join(("id", *COLUMNS, "prev_hash", "hash", "scheme"))
    copy = (
        f"{verb} INTO core_auditentry ({columns}) SELECT id, at, actor_id, actor_label, action, target_type, "  # noqa: S608
        "target_id, 'forged', before, after, request_id, ip_address, prev_hash, hash, scheme "
        "FROM core_auditentry WHERE id = %s"
    )
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(copy, [victim.pk])
    seal_copy = f"{verb} INTO core_auditseal SELECT * FROM core_auditseal WHERE entry_id = %s"  # noqa: S608
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(seal_copy, [victim.pk])
    assert AuditEntry.objects.get(pk=victim.pk).target_label == victim.target_label
    assert audit_anchor.verify_trail().ok


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_refuses_an_upsert_over_an_entry_and_truncate(sealed_cast: Any) -> None:
    """Passed before too (the BEFORE UPDATE and TRUNCATE triggers of migration 0002 fire): kept
    as the proof the issue asks for, now for the seals as well."""
    victim = AuditEntry.objects.order_by("id")[3]
    columns = ", ".join(("id", *COLUMNS, "prev_hash", "hash", "scheme"))
    upsert = (
        f"INSERT INTO core_auditentry ({columns}) SELECT id, at, actor_id, actor_label, action, target_type, "  # noqa: S608
        "target_id, 'forged', before, after, request_id, ip_address, prev_hash, hash, scheme "
        "FROM core_auditentry WHERE id = %s "
        "ON CONFLICT (id) DO UPDATE SET target_label = EXCLUDED.target_label"
    )
    seal_upsert = (
        "INSERT INTO core_auditseal SELECT * FROM core_auditseal WHERE entry_id = %s "
        "ON CONFLICT (seq) DO UPDATE SET hash = md5(EXCLUDED.hash)"
    )
    for sql, params in ((upsert, [victim.pk]), (seal_upsert, [victim.pk])):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(sql, params)
    with connection.cursor() as cursor:  # the test's own deferred key checks, before TRUNCATE
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in ("core_auditentry", "core_auditseal"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as c,
        ):
            c.execute(f"TRUNCATE {table} CASCADE")
    assert AuditEntry.objects.get(pk=victim.pk).target_label == victim.target_label
    assert audit_anchor.verify_trail().ok


def test_a_replace_made_with_the_guards_lifted_is_named(sealed_cast: Any) -> None:
    """The replace that does get through (the guards lifted) rewrites the row: named."""
    victim = AuditEntry.objects.order_by("id")[3]
    columns = ", ".join(("id", *COLUMNS, "prev_hash", "hash", "scheme"))
    select = (
        "SELECT id, at, actor_id, actor_label, action, target_type, target_id, 'forged', before, after, "
        "request_id, ip_address, prev_hash, hash, scheme FROM core_auditentry WHERE id = %s"
    )
    if connection.vendor == "sqlite":
        sql = f"INSERT OR REPLACE INTO core_auditentry ({columns}) {select}"
    else:
        sql = f"INSERT INTO core_auditentry ({columns}) {select} ON CONFLICT (id) DO UPDATE SET action = 'x'"

    _as_intruder([(sql, [victim.pk])])

    changed = AuditEntry.objects.get(pk=victim.pk)
    assert (changed.target_label, changed.action) != (victim.target_label, victim.action)
    _assert_named(victim.pk)
