"""Checkpoints, the key's environments, and a chain that mixes the old plain entries with keyed
ones (docs/adr/0021-keyed-anchored-audit-chain.md). All new behaviour: none of it existed before."""

from __future__ import annotations

import json
import os
import stat
from typing import Any

import pytest
from django.core import mail
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError

from mandate.core import audit, audit_anchor, audit_keys
from mandate.core.checks import audit_key_check
from mandate.core.models import AuditEntry, AuditSeal
from mandate.core.tests.intruder import lift_guards, restore_guards


@pytest.fixture
def checkpoints(settings: Any, tmp_path: Any) -> Any:
    settings.MANDATE_AUDIT_CHECKPOINT_DIR = tmp_path / "checkpoints"
    return settings.MANDATE_AUDIT_CHECKPOINT_DIR


@pytest.fixture
def production(settings: Any) -> Any:
    """README's production variables: DEBUG off, PostgreSQL, a real secret key."""
    settings.DEBUG = False
    settings.TESTING = False
    settings.SECRET_KEY = "a-real-secret-key-of-a-deployment-0123456789-abcdefghijklmnopqrstuvwxyz"
    settings.DATABASES = {**settings.DATABASES}
    settings.DATABASES["default"] = {
        **settings.DATABASES["default"],
        "ENGINE": "django.db.backends.postgresql",
    }
    settings.MANDATE_AUDIT_KEY = ""
    return settings


def test_a_checkpoint_is_signed_written_and_mailed(
    cast: Any, checkpoints: Any, settings: Any, capsys: Any
) -> None:
    settings.MANDATE_AUDIT_CHECKPOINT_EMAIL = ["archive@example.org"]

    call_command("audit", "checkpoint")

    files = list(checkpoints.glob("audit-checkpoint-*.json"))
    assert len(files) == 1
    data = json.loads(files[0].read_text(encoding="utf-8"))
    head = AuditSeal.objects.order_by("-seq").first()
    assert head is not None
    assert (data["entry_id"], data["entry_hash"], data["count"]) == (head.entry_id, head.hash, head.seq)
    assert len(data["signature"]) == 64
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["archive@example.org"]
    assert data["signature"] in mail.outbox[0].body
    assert f"#{head.entry_id}" in capsys.readouterr().out


def test_verify_says_what_only_the_key_protects(cast: Any, checkpoints: Any, capsys: Any) -> None:
    audit_anchor.write_checkpoint()
    audit.record(actor=None, action="core.test", target_label="after the checkpoint")
    audit.record(actor=None, action="core.test", target_label="after the checkpoint")

    call_command("audit", "verify")

    out = capsys.readouterr().out
    assert "intact" in out
    assert "Entries after the last checkpoint (2) are protected only by the key." in out
    assert "2 entries are not sealed" in out


def test_a_checkpoint_file_edited_without_the_key_fails_verify(cast: Any, checkpoints: Any) -> None:
    written = audit_anchor.write_checkpoint()
    data = json.loads(written.path.read_text(encoding="utf-8"))
    data["entry_id"] -= 3
    written.path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(CommandError, match="invalid signature"):
        call_command("audit", "verify")


def test_no_checkpoint_is_written_over_a_broken_chain(cast: Any, checkpoints: Any) -> None:
    audit.seal_pending()
    victim = AuditEntry.objects.order_by("id")[2]
    lift_guards()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditentry SET target_label = 'x' WHERE id = %s", [victim.pk])
    restore_guards()

    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("audit", "checkpoint")
    assert not list(checkpoints.glob("*.json"))


def test_a_chain_of_old_plain_entries_continues_keyed_and_says_so(
    db: Any, checkpoints: Any, capsys: Any
) -> None:
    """The entries written before this change keep their plain SHA-256; the first seal continues
    from the last of them, so a plain entry rewritten afterwards breaks the keyed chain too."""
    prev_hash = audit.GENESIS_HASH
    from django.utils import timezone

    for n in range(3):
        old = AuditEntry(at=timezone.now(), actor_label="system", action="core.old", target_label=f"old {n}")
        old.prev_hash, old.scheme = prev_hash, None
        old.hash = audit.legacy_hash(old, prev_hash)
        old.save()
        prev_hash = old.hash
    audit.record(actor=None, action="core.new", target_label="new")
    audit.seal_pending()

    call_command("audit", "verify")
    assert "3 entries were written before the chain was keyed" in capsys.readouterr().out

    first_seal = AuditSeal.objects.get(seq=1)
    assert first_seal.prev_hash == prev_hash


def test_production_refuses_to_start_without_a_key(production: Any) -> None:
    assert audit_keys.is_production()
    errors = audit_key_check()
    assert [e.id for e in errors] == ["mandate.E001"]
    assert isinstance(errors[0], Error)
    with pytest.raises(ImproperlyConfigured):
        audit_keys.require_key_for_production()  # what config/wsgi.py calls before gunicorn serves
    with pytest.raises(ImproperlyConfigured):
        audit_keys.ensure_local_key()  # never a key made on the server's own disk
    with pytest.raises(SystemCheckError, match="MANDATE_AUDIT_KEY"):
        call_command("serve", skip_checks=False)


def test_production_starts_with_a_long_enough_key(production: Any) -> None:
    production.MANDATE_AUDIT_KEY = "short"
    assert [e.id for e in audit_key_check()] == ["mandate.E001"]
    production.MANDATE_AUDIT_KEY = "k" * 64
    assert audit_key_check() == []
    audit_keys.require_key_for_production()


def test_a_development_machine_makes_its_own_key_once(settings: Any, tmp_path: Any, capsys: Any) -> None:
    settings.MANDATE_AUDIT_KEY = ""
    settings.VAR_DIR = tmp_path
    settings.MANDATE_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"

    call_command("audit", "local-key")
    call_command("audit", "local-key")

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"Audit trail: made a local key {tmp_path / 'audit.key'}")
    assert lines[1].startswith("Audit trail: using the local key")
    assert stat.S_IMODE(os.stat(tmp_path / "audit.key").st_mode) == 0o600
    assert (tmp_path / "audit-checkpoints").is_dir()
    assert len(audit_keys.audit_key()) == 64


def test_an_entry_is_sealed_when_its_transaction_commits(
    db: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = audit.record(actor=None, action="core.test", target_label="sealed on commit")
        assert not AuditSeal.objects.filter(entry=entry).exists()  # not before the commit

    seal = AuditSeal.objects.get(entry=entry)
    assert seal.seq == 1
    assert seal.prev_hash == audit.GENESIS_HASH
    result = audit.verify()
    assert (result.ok, result.unsealed, result.length, result.head_id) == (True, 0, 1, entry.pk)
