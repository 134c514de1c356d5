"""The database fingerprint (tests/fingerprint.py) sees every cell of every table, and nothing else."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, models, transaction

from mandate.core import audit
from mandate.core.models import AuditEntry
from mandate.documents import services as document_services
from mandate.tasks.services import assignment, progress
from tests.fingerprint import EXCLUDED, changed_tables, fingerprint

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def filled(cast: SimpleNamespace, make_document: Any) -> SimpleNamespace:
    """The cast with a document, its file, a task with a report, evidence, an extension request,
    and notices: a row in most tables."""
    plan = make_document("47-KH/ĐU", cast.culture_party)
    document_services.attachment_add(actor=None, document=plan, upload=SimpleUploadedFile("k.pdf", PDF))
    task = assignment.task_assign(
        actor=cast.van, document=plan, content="Kiểm tra", lead_unit=cast.culture,
        assigner_unit=cast.party_office, deadline_on=dt.date(2031, 1, 1),
        coordinating_units=[cast.info],
    )  # fmt: skip
    progress.task_report_progress(
        actor=cast.oanh, task=task, percent=10, text="Bắt đầu", files=[SimpleUploadedFile("b.pdf", PDF)]
    )
    progress.extension_request(
        actor=cast.dung, task=task, proposed_deadline_on=dt.date(2031, 6, 1), reason="C"
    )
    return cast


class _Undo(Exception):
    """Raised to roll a savepoint back after a successful check."""


def _changed_value(field: models.Field[Any, Any], column: str) -> str | None:
    """An SQL expression that gives a different value of the same type, or None for a type the
    test does not know how to change."""
    postgres = connection.vendor == "postgresql"
    kind = field.get_internal_type()
    if kind in {"CharField", "TextField", "SlugField", "EmailField", "FileField", "GenericIPAddressField"}:
        return f"{column} || 'x'"
    if kind in {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "SmallIntegerField"}:
        return f"{column} + 1000003"
    if kind in {"PositiveIntegerField", "PositiveSmallIntegerField", "PositiveBigIntegerField"}:
        return f"{column} + 1000003"
    if kind in {"ForeignKey", "OneToOneField", "DecimalField", "FloatField"}:
        return f"{column} + 1000003"
    if kind == "BooleanField":
        return f"NOT {column}"
    if kind == "DateField":
        return f"{column} + 1" if postgres else f"date({column}, '+1 day')"
    if kind == "DateTimeField":
        return f"{column} + interval '1 second'" if postgres else f"{column} || '1'"
    if kind == "JSONField":
        return f"jsonb_build_array({column})" if postgres else f"json_array(json({column}))"
    return None


def _cells() -> list[tuple[str, str, str]]:
    """(table, column, expression) for every concrete column of every table Django manages."""
    cells = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in EXCLUDED or model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            assert field.column is not None
            expression = _changed_value(field, connection.ops.quote_name(field.column))
            if expression is not None:
                cells.append((table, field.column, expression))
    return cells


def _one_row_changed(table: str, column: str, expression: str) -> bool:
    """Change the cell of one row (one with a value) in a savepoint; True if a row was changed.
    The savepoint is rolled back, so the next cell starts from the same state."""
    quote = connection.ops.quote_name
    pk = next(m._meta.pk for m in apps.get_models(include_auto_created=True) if m._meta.db_table == table)
    assert pk is not None and pk.column is not None
    pk_column = quote(pk.column)
    sql = (
        f"UPDATE {quote(table)} SET {quote(column)} = {expression} WHERE {pk_column} = "  # noqa: S608
        f"(SELECT min({pk_column}) FROM {quote(table)} WHERE {quote(column)} IS NOT NULL)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return bool(cursor.rowcount == 1)


def test_the_fingerprint_is_the_same_when_nothing_changed(filled: SimpleNamespace) -> None:
    before = fingerprint()
    with transaction.atomic():
        sid = transaction.savepoint()
        filled.culture.name = "Đổi tên"
        filled.culture.save()
        transaction.savepoint_rollback(sid)
    with connection.cursor() as cursor:  # writing every value back as it was changes nothing
        for table, column, _ in _cells():
            if table != AuditEntry._meta.db_table:  # the triggers refuse any UPDATE there
                quoted = connection.ops.quote_name(column)
                cursor.execute(f"UPDATE {connection.ops.quote_name(table)} SET {quoted} = {quoted}")  # noqa: S608

    assert fingerprint() == before


def test_the_fingerprint_covers_every_table_of_every_model(filled: SimpleNamespace) -> None:
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    assert tables - set(EXCLUDED) <= set(fingerprint())
    assert "people_user_groups" in fingerprint()  # a many-to-many table


def test_changing_any_single_cell_of_any_table_changes_that_table_alone(filled: SimpleNamespace) -> None:
    before = fingerprint()
    tried, refused = [], []
    for table, column, expression in _cells():
        if table == AuditEntry._meta.db_table:
            continue  # append-only: an UPDATE is refused by the database (the next test adds a row)
        try:
            with transaction.atomic():  # a savepoint, rolled back: the next cell starts afresh
                if _one_row_changed(table, column, expression):
                    tried.append((table, column))
                    changes = changed_tables(before, fingerprint())
                    assert list(changes) == [table], (table, column, changes)
                    assert "same count, changed cells" in changes[table]
                raise _Undo
        except _Undo:
            pass
        except DatabaseError:  # a CHECK constraint refused the changed value
            refused.append((table, column))
    assert fingerprint() == before
    assert len({table for table, _ in tried}) >= 10, tried
    assert {("tasks_task", "content"), ("tasks_task", "deadline_on"), ("tasks_task", "lead_unit_id")} <= set(
        tried
    )
    assert ("people_position", "unit_id") in tried
    assert len(refused) < len(tried) / 4, refused


def test_a_new_or_removed_row_changes_the_count(filled: SimpleNamespace) -> None:
    before = fingerprint()
    audit.record(actor=None, action="test", target=filled.culture)
    # The entry, and its place in the sequencer's queue until its transaction commits (ADR 0021).
    assert set(changed_tables(before, fingerprint())) == {"core_auditentry", "core_auditpending"}
    after_log = fingerprint()
    filled.vera.groups.clear()
    filled.vera.person.positions.all().delete()
    assert "people_position" in changed_tables(after_log, fingerprint())


def test_a_null_cell_given_a_value_changes_the_fingerprint(filled: SimpleNamespace) -> None:
    before = fingerprint()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_user SET last_login = NULL")
    cleared = fingerprint()
    assert set(changed_tables(before, cleared)) <= {"people_user"}
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_user SET last_login = %s WHERE username = 'vera'", ["2024-01-01 00:00:00"]
        )
    assert set(changed_tables(cleared, fingerprint())) == {"people_user"}
