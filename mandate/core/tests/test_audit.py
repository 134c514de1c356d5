import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from mandate.core import audit
from mandate.core.models import AppendOnlyError, AuditEntry


def _tamper(entry_id, new_label):
    """Change a row the way an intruder with database access would: around the triggers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER audit_no_update_delete")
            cursor.execute(
                "UPDATE core_auditentry SET target_label = %s WHERE id = %s", [new_label, entry_id]
            )
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER audit_no_update_delete")
        else:
            cursor.execute("DROP TRIGGER audit_no_update")
            cursor.execute(
                "UPDATE core_auditentry SET target_label = %s WHERE id = %s", [new_label, entry_id]
            )
            cursor.execute(
                "CREATE TRIGGER audit_no_update BEFORE UPDATE ON core_auditentry "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;"
            )


def test_every_write_of_the_cast_is_chained_and_verifies(cast):
    result = audit.verify()

    assert result.ok
    assert result.checked == AuditEntry.objects.count() > 20


def test_changing_one_row_in_the_database_breaks_the_chain_at_that_row(cast):
    victim = AuditEntry.objects.order_by("id")[5]

    _tamper(victim.pk, "forged")

    result = audit.verify()
    assert not result.ok
    assert result.broken_entry_id == victim.pk
    with pytest.raises(CommandError, match=f"#{victim.pk}"):
        call_command("audit", "verify")


def test_the_verify_command_reports_success(cast, capsys):
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_the_application_cannot_update_or_delete_entries(cast):
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.target_label = "changed"

    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(target_label="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()


def test_the_database_refuses_raw_updates_and_deletes(cast):
    entry = AuditEntry.objects.first()
    assert entry is not None
    for sql in (
        "UPDATE core_auditentry SET action = 'x' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert audit.verify().ok
