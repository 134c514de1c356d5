"""What an intruder with database access does to the audit trail's guards (and the access log's),
for the tests that play him (and for the live-server tests, which must empty the tables between
tests).

On SQLite he drops the triggers and creates them again afterwards; on PostgreSQL the table's
owner disables and enables them. Both use the migrations' own statements, so the guards put back
are exactly the migrated ones.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from django.db import connection

from mandate.core import migrations

_GUARDED = ("core_auditentry", "core_auditseal", "core_accesslogentry")


def _access_log_migration() -> str:
    """The access log's migration, by its name's ending (its number changes on merge)."""
    return next(m.name for m in pkgutil.iter_modules(migrations.__path__) if m.name.endswith("_access_log"))


def _sqlite_statements() -> tuple[list[str], list[str]]:
    create: list[str] = []
    drop: list[str] = []
    for name in ("0002_audit_append_only", "0005_audit_keyed_sealed", _access_log_migration()):
        module: Any = importlib.import_module(f"mandate.core.migrations.{name}")
        create += module.SQLITE
        drop += module.SQLITE_REVERSE
    return create, drop


def lift_guards() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The deferred foreign-key checks of the test's own writes must run before ALTER TABLE.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in _GUARDED:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            for sql in _sqlite_statements()[1]:
                cursor.execute(sql)


def restore_guards() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table in _GUARDED:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            drop = _sqlite_statements()[1]
            for sql in drop:  # idempotent: drop what is there, then create all
                cursor.execute(sql)
            for sql in _sqlite_statements()[0]:
                cursor.execute(sql)
