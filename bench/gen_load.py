"""Loading the data set with COPY: the columns the generator writes, the streams, and the
secondary indexes and constraints dropped for the load and rebuilt from their own definitions."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import psycopg
from psycopg import sql

from bench.common import BenchError

LOADED_TABLES = (
    "organisations_orgunit",
    "people_user",
    "people_person",
    "people_position",
    "documents_document",
    "documents_documentrecipient",
    "tasks_task",
    "tasks_progressreport",
    "tasks_taskcoordinator",
    "tasks_extensionrequest",
    "tasks_taskstatespan",
)


# --- loading helpers ----------------------------------------------------------------------------


def columns_check(cur: psycopg.Cursor[Any], table: str, columns: Sequence[str]) -> None:
    """Refuse clearly when the application's table has changed under the generator."""
    cur.execute(
        "SELECT column_name, is_nullable = 'NO' AND column_default IS NULL AND is_identity = 'NO' "
        "FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s",
        [table],
    )
    found: dict[str, bool] = dict(cur.fetchall())
    unknown = sorted(set(columns) - set(found))
    missing = sorted(name for name, required in found.items() if required and name not in columns)
    if unknown or missing:
        raise BenchError(
            f"{table} changed: the generator writes {unknown or 'nothing unknown'} that the table lacks and "
            f"does not fill the required columns {missing or '(none)'}; update bench/generate.py."
        )


def copy_statement(table: str, columns: Sequence[str]) -> sql.Composed:
    return sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c in columns)
    )


def copy_rows(
    conn: psycopg.Connection[Any], table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]
) -> int:
    with conn.cursor() as cur:
        columns_check(cur, table, columns)
        n = 0
        with cur.copy(copy_statement(table, columns)) as copy:
            for row in rows:
                copy.write_row(row)
                n += 1
    return n


@dataclass
class Deferred:
    """Secondary indexes and constraints of the loaded tables, dropped for the load."""

    indexes: list[tuple[str, str]] = field(default_factory=list)  # (name, CREATE INDEX …)
    uniques: list[tuple[str, str, str]] = field(default_factory=list)  # (table, name, definition)
    foreign_keys: list[tuple[str, str, str]] = field(default_factory=list)


def drop_secondary(conn: psycopg.Connection[Any], tables: Sequence[str]) -> Deferred:
    deferred = Deferred()
    with conn.cursor() as cur:
        for table in tables:
            cur.execute(
                "SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype IN ('f', 'u') ORDER BY conname",
                [table],
            )
            for name, kind, definition in cur.fetchall():
                target = deferred.foreign_keys if kind == "f" else deferred.uniques
                target.append((table, name, definition))
            cur.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid "
                "AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u', 'x')) ORDER BY i.relname",
                [table],
            )
            deferred.indexes.extend(cur.fetchall())
        for table, name, _definition in deferred.foreign_keys + deferred.uniques:
            cur.execute(
                sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(
                    sql.Identifier(table), sql.Identifier(name)
                )
            )
        for name, _definition in deferred.indexes:
            cur.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    conn.commit()
    return deferred


def restore_secondary(conn: psycopg.Connection[Any], deferred: Deferred) -> None:
    with conn.cursor() as cur:
        cur.execute("SET maintenance_work_mem = '1GB'")
        for _name, definition in deferred.indexes:
            cur.execute(definition.encode())
        for table, name, definition in deferred.uniques + deferred.foreign_keys:
            head = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(
                sql.Identifier(table), sql.Identifier(name)
            )
            cur.execute(head.as_bytes(conn) + definition.encode())  # a definition read from pg_constraint
    conn.commit()


def _columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


UNIT_COLUMNS = _columns(
    "id path depth numchild name name_en code kind level valid_from valid_to retired_reason "
    "created_at updated_at version"
)
USER_COLUMNS = _columns(
    "id password last_login is_superuser username first_name last_name email is_staff "
    "is_active date_joined language credential_generation"
)
PERSON_COLUMNS = _columns("id created_at updated_at version full_name note user_id")
POSITION_COLUMNS = _columns(
    "id created_at updated_at version title title_en role kind is_head is_deputy valid_from "
    "valid_to on_behalf_of_id person_id scope_unit_id unit_id acts_for_basis"
)
DOCUMENT_COLUMNS = _columns(
    "id created_at updated_at version symbol symbol_key number type_code issuer_code "
    "drafting_code symbol_year symbol_form uniqueness_key issued_on title summary "
    "recipients_text confidentiality is_public search_text retired_at retired_reason "
    "issuing_unit_id document_type_id direction signer"
)
TASK_COLUMNS = _columns(
    "id created_at updated_at version depth ordinal content expected_product lead_path "
    "assigner_path authority assigned_on kind working_days deadline_on original_deadline_on "
    "weight urgency status progress last_progress_at done_reported_on accepted_on cancelled_on "
    "search_text overdue_since not_updated_since reminded_before_on reminded_due_on "
    "last_reminder_on reminders_after_deadline escalated_on assigned_by_id assigner_unit_id "
    "document_id lead_person_id lead_unit_id parent_id"
)
REPORT_COLUMNS = _columns("id percent text reported_at is_done_report reporter_id task_id")
COORDINATOR_COLUMNS = _columns("id unit_path task_id unit_id")
EXTENSION_COLUMNS = _columns(
    "id created_at updated_at version current_deadline_on proposed_deadline_on reason status "
    "decided_at decision_note decided_by_id requested_by_id task_id"
)
